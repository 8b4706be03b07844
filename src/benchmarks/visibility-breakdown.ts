// Where a cut's visibility delay goes: delivery into each node's log, then the wait for that node's next read; early values apart, and the same window without a cut beside it.
import type { Op } from "../sim/checking/history.ts";
import { quantiles } from "../sim/checking/set-full.ts";
import { visibilityPairs, type VisibilityWindow } from "../sim/checking/visibility.ts";

/** Values acknowledged this soon after the cut began are the failover's own: the routes were still moving. */
export const FIRST_MS = 1000;

export interface VisibilityBreakdown {
  /** Seen pairs: a value acknowledged in the window and another node's first read that showed it. */
  pairs: number;
  /** Quantiles of the acknowledgement to that read, as checkVisibility's. */
  median: number;
  p95: number;
  p99: number;
  max: number;
  /** p99 of the acknowledgement to the value's arrival in the node's log. */
  deliveryP99: number;
  /** p99 of the arrival to the read: how long the node went unread. */
  waitP99: number;
  /** The visibility p99 of values acknowledged in the cut's first `FIRST_MS`, and of the rest. */
  firstP99: number;
  restP99: number;
}

/**
 * The visibility pairs of `window`, each split at the value's arrival in the observing node's
 * log (`arrivals`: node → value's JSON text → when it arrived there).
 */
export function breakDown(history: readonly Op[], window: VisibilityWindow, arrivals: ReadonlyMap<string, ReadonlyMap<string, number>>): VisibilityBreakdown | undefined {
  const total: number[] = [];
  const delivery: number[] = [];
  const wait: number[] = [];
  const first: number[] = [];
  const rest: number[] = [];
  for (const pair of visibilityPairs(history, window)) {
    if (pair.seenAt === undefined) continue;
    const delay = Math.floor(pair.seenAt - pair.ackedAt);
    total.push(delay);
    (pair.ackedAt < window.from + FIRST_MS ? first : rest).push(delay);
    const arrived = arrivals.get(pair.node)?.get(JSON.stringify(pair.value));
    if (arrived === undefined) continue;
    delivery.push(arrived - pair.ackedAt);
    wait.push(pair.seenAt - arrived);
  }
  const q = quantiles(total);
  if (!q) return undefined;
  const p99 = (xs: number[]): number => quantiles(xs)?.["0.99"] ?? Number.NaN;
  return { pairs: total.length, median: q["0.5"], p95: q["0.95"], p99: q["0.99"], max: q["1"], deliveryP99: p99(delivery), waitP99: p99(wait), firstP99: p99(first), restP99: p99(rest) };
}
