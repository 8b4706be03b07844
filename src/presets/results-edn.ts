// Maps a Maelstrom results.edn onto the project's results, checked by the same schemas as results.json.
import { z } from "zod";
import {
  netSideSchema,
  opCountsSchema,
  resultsSchemaOf,
  setFullResultSchema,
  validitySchema,
  type ResultsOf,
  type WorkloadResult,
} from "../sim/checking/results.ts";
import { parseEdn, toPlain } from "./edn.ts";

/** results.edn's shape: the figures of `Results`, with Jepsen's `valid?` and Maelstrom's omissions. */
const netSide = netSideSchema.extend({
  /** Maelstrom gives `msgs-per-op` only when some op was invoked, and never for clients. */
  "msgs-per-op": z.number().optional(),
});
const opCounts = opCountsSchema.omit({ valid: true }).extend({ "valid?": z.boolean() });
const setFullEdn = setFullResultSchema.omit({ valid: true, duplicated: true }).extend({
  "valid?": validitySchema,
  // Jepsen's set-full gives a map of element → highest multiplicity seen in one read.
  duplicated: z.record(z.string(), z.unknown()),
});
const resultsEdn = z.object({
  "valid?": validitySchema,
  workload: z.looseObject({ "valid?": validitySchema }),
  net: z.object({ "valid?": z.literal(true), all: netSide, clients: netSide, servers: netSide }),
  stats: opCounts.extend({ "by-f": z.record(z.string(), opCounts) }),
  availability: z.object({ "valid?": z.boolean(), "ok-fraction": z.number() }),
});

/** Set-full's figures; for any other workload only its verdict, the rest staying in results.edn. */
function workloadFromEdn(name: string, workload: z.infer<typeof resultsEdn>["workload"]): WorkloadResult {
  if (name !== "broadcast" && name !== "g-set") return { valid: workload["valid?"] };
  const { "valid?": valid, duplicated, ...figures } = setFullEdn.parse(workload);
  return setFullResultSchema.parse({ ...figures, valid, duplicated: Object.entries(duplicated) });
}

/**
 * Reads a Maelstrom results.edn of a run of `workload` into the project's results. Throws
 * (EdnError or a zod error naming the missing field) when the file is not one.
 */
export function resultsFromEdn(text: string, workload = "broadcast"): ResultsOf<WorkloadResult> {
  const r = resultsEdn.parse(toPlain(parseEdn(text)));
  // Maelstrom's denominator is the client ops invoked; Jepsen's stats count each of them once on completion.
  const ops = r.stats.count;
  const side = (s: z.infer<typeof netSide>) => ({
    "send-count": s["send-count"],
    "recv-count": s["recv-count"],
    "msg-count": s["msg-count"],
    "msgs-per-op": s["msgs-per-op"] ?? (ops === 0 ? 0 : s["msg-count"] / ops),
  });
  const counts = (c: z.infer<typeof opCounts>) => ({
    valid: c["valid?"],
    count: c.count,
    "ok-count": c["ok-count"],
    "fail-count": c["fail-count"],
    "info-count": c["info-count"],
  });
  return resultsSchemaOf(workload, z.looseObject({ valid: validitySchema })).parse({
    "workload-name": workload,
    valid: r["valid?"],
    workload: workloadFromEdn(workload, r.workload),
    availability: { valid: r.availability["valid?"], "ok-fraction": r.availability["ok-fraction"] },
    net: { valid: true, all: side(r.net.all), clients: side(r.net.clients), servers: side(r.net.servers) },
    stats: {
      ...counts(r.stats),
      "by-f": Object.fromEntries(Object.entries(r.stats["by-f"]).map(([f, c]) => [f, counts(c)])),
    },
  });
}
