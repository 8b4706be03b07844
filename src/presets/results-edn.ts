// Maps a Maelstrom broadcast results.edn onto the project's Results, checked by the same schema as results.json.
import { z } from "zod";
import {
  netSideSchema,
  opCountsSchema,
  resultsSchema,
  setFullResultSchema,
  validitySchema,
  type Results,
} from "../sim/checking/results.ts";
import { parseEdn, toPlain } from "./edn.ts";

/** results.edn's shape: the figures of `Results`, with Jepsen's `valid?` and Maelstrom's omissions. */
const netSide = netSideSchema.extend({
  /** Maelstrom gives `msgs-per-op` only when some op was invoked, and never for clients. */
  "msgs-per-op": z.number().optional(),
});
const opCounts = opCountsSchema.omit({ valid: true }).extend({ "valid?": z.boolean() });
const resultsEdn = z.object({
  "valid?": validitySchema,
  workload: setFullResultSchema.omit({ valid: true, duplicated: true }).extend({
    "valid?": validitySchema,
    // Jepsen's set-full gives a map of element → highest multiplicity seen in one read.
    duplicated: z.record(z.string(), z.unknown()),
  }),
  net: z.object({ "valid?": z.literal(true), all: netSide, clients: netSide, servers: netSide }),
  stats: opCounts.extend({ "by-f": z.record(z.string(), opCounts) }),
});

/**
 * Reads a Maelstrom broadcast results.edn into `Results`. Throws (EdnError or a zod error naming
 * the missing field) when the file is not one.
 */
export function resultsFromEdn(text: string): Results {
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
  const { "valid?": workloadValid, duplicated, ...workload } = r.workload;
  return resultsSchema.parse({
    valid: r["valid?"],
    workload: {
      ...workload,
      valid: workloadValid,
      duplicated: Object.entries(duplicated),
    },
    net: { valid: true, all: side(r.net.all), clients: side(r.net.clients), servers: side(r.net.servers) },
    stats: {
      ...counts(r.stats),
      "by-f": Object.fromEntries(Object.entries(r.stats["by-f"]).map(([f, c]) => [f, counts(c)])),
    },
  });
}
