/**
 * A run's results, mirroring the names of Maelstrom's results.edn (`:valid?` becomes `valid`).
 */
export type Validity = true | false | "unknown";

export interface StableLatencies {
  "0": number;
  "0.5": number;
  "0.95": number;
  "0.99": number;
  "1": number;
}

export interface SetFullResult {
  valid: Validity;
  "attempt-count": number;
  "stable-count": number;
  "lost-count": number;
  lost: unknown[];
  "never-read-count": number;
  "never-read": unknown[];
  "stale-count": number;
  /** The stale values in ascending order, as Jepsen sorts them (its worst-first list is :worst-stale). */
  stale: unknown[];
  /** Absent when no value is stable. */
  "stable-latencies"?: StableLatencies;
  "duplicated-count": number;
  duplicated: unknown[];
}

export interface NetSide {
  "send-count": number;
  "recv-count": number;
  "msg-count": number;
  "msgs-per-op": number;
}

export interface NetResult {
  valid: true;
  all: NetSide;
  servers: NetSide;
  clients: NetSide;
}

export interface OpCounts {
  valid: boolean;
  count: number;
  "ok-count": number;
  "fail-count": number;
  "info-count": number;
}

export interface StatsResult extends OpCounts {
  "by-f": Record<string, OpCounts>;
}

export interface Results {
  valid: Validity;
  workload: SetFullResult;
  net: NetResult;
  stats: StatsResult;
  /** Set when a node misbehaved (crashed, wrote a non-protocol line): the run is invalid. */
  "node-errors"?: string[];
}
