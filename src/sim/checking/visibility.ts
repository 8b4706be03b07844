// How soon the nodes that are not cut off see each other's values while a cut lasts: broadcast's and g-set's delay until a read first shows a value.
import { z } from "zod";
import type { Op } from "./history.ts";
import { quantiles } from "./set-full.ts";
import { readValues, SetRead } from "./set-read.ts";

/** A value not shown by a read invoked this long after its acknowledgement counts as unseen (ms). */
export const VISIBILITY_HORIZON_MS = 2000;

export const visibilityResultSchema = z.object({
  /** The window, in ms on the run's clock: values acknowledged in it, reads invoked before its end (the heal). */
  from: z.number(),
  until: z.number(),
  "cut-off": z.array(z.string()),
  "horizon-ms": z.number(),
  /** (value, node) pairs a read at the node showed before the heal. */
  "seen-count": z.number().int().nonnegative(),
  /** Pairs no read before the heal showed, though the node was read more than the horizon after the acknowledgement. */
  "unseen-count": z.number().int().nonnegative(),
  /** Pairs the reads cannot judge: none showed the value, and none came late enough to say it was missing. */
  "unjudged-count": z.number().int().nonnegative(),
  /** Delays of the seen pairs, whole ms from the acknowledgement to the invocation of the first read that showed the value. */
  latencies: z.object({ "0.5": z.number(), "0.95": z.number(), "0.99": z.number(), "1": z.number() }).optional(),
});
export type VisibilityResult = z.infer<typeof visibilityResultSchema>;

export interface VisibilityWindow {
  /** Every server of the run. */
  nodes: readonly string[];
  /** The nodes cut off: their acknowledgements and reads are left out. */
  cutOff: readonly string[];
  from: number;
  until: number;
  /** The add op's name: "broadcast" or "add". */
  addF: string;
  horizon?: number;
}

interface Read {
  invokedAt: number;
  shows: Set<unknown>;
}

/** Each node's ok reads invoked before the heal, in invocation order. */
function readsByNode(history: readonly Op[], until: number): Map<string, Read[]> {
  const invokedAt = new Map<number, number>();
  const out = new Map<string, Read[]>();
  for (const op of history) {
    if (op.f !== "read") continue;
    if (op.type === "invoke") invokedAt.set(op.process, op.time);
    else if (op.type === "ok" && (op.value instanceof SetRead || Array.isArray(op.value))) {
      const at = invokedAt.get(op.process);
      if (at === undefined || at >= until) continue;
      const list = out.get(op.node) ?? [];
      list.push({ invokedAt: at, shows: new Set(readValues(op.value)) });
      out.set(op.node, list);
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.invokedAt - b.invokedAt);
  return out;
}

/** One (value, node) pair of the window: when the value was acknowledged, and when the first read at the node that showed it was invoked. */
export interface VisibilityPair {
  value: unknown;
  node: string;
  ackedAt: number;
  /** Undefined: no read before the heal showed it; `unseen` says whether one came late enough to count it missing. */
  seenAt: number | undefined;
  unseen: boolean;
}

/**
 * For each value acknowledged in the window by a node not cut off, and each other node not cut
 * off, when a read at that node, invoked at or after the acknowledgement and before the heal,
 * first showed the value.
 */
export function visibilityPairs(history: readonly Op[], window: VisibilityWindow): VisibilityPair[] {
  const { from, until, addF } = window;
  const horizon = window.horizon ?? VISIBILITY_HORIZON_MS;
  const cutOff = new Set(window.cutOff);
  const observers = window.nodes.filter((n) => !cutOff.has(n));
  const reads = readsByNode(history, until);
  const pairs: VisibilityPair[] = [];
  for (const op of history) {
    if (op.f !== addF || op.type !== "ok" || cutOff.has(op.node) || op.time < from || op.time >= until) continue;
    for (const node of observers) {
      if (node === op.node) continue;
      const after = (reads.get(node) ?? []).filter((r) => r.invokedAt >= op.time);
      const first = after.find((r) => r.shows.has(op.value));
      const unseen = !first && after.some((r) => r.invokedAt >= op.time + horizon);
      pairs.push({ value: op.value, node, ackedAt: op.time, seenAt: first?.invokedAt, unseen });
    }
  }
  return pairs;
}

/** The pairs of `visibilityPairs`, summed up: how many were seen, how soon, and how many not. */
export function checkVisibility(history: readonly Op[], window: VisibilityWindow): VisibilityResult {
  const { from, until } = window;
  const horizon = window.horizon ?? VISIBILITY_HORIZON_MS;
  const delays: number[] = [];
  let unseen = 0;
  let unjudged = 0;
  for (const pair of visibilityPairs(history, window)) {
    // Whole milliseconds, truncated, as Jepsen reports its latencies.
    if (pair.seenAt !== undefined) delays.push(Math.floor(pair.seenAt - pair.ackedAt));
    else if (pair.unseen) unseen++;
    else unjudged++;
  }
  const q = quantiles(delays);
  return {
    from,
    until,
    "cut-off": [...new Set(window.cutOff)],
    "horizon-ms": horizon,
    "seen-count": delays.length,
    "unseen-count": unseen,
    "unjudged-count": unjudged,
    ...(q && { latencies: { "0.5": q["0.5"], "0.95": q["0.95"], "0.99": q["0.99"], "1": q["1"] } }),
  };
}
