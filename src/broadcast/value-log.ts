// The node's values in arrival order, append-only, with each value's origin and arrival time.
import type { JsonValue } from "../protocol/messages.ts";

/** Who gave this node a value: a peer's index, or LOCAL for a client of this node. */
export const LOCAL = -1;

/**
 * The grow-only set of values, kept as an append-only log so that peers can be told "everything
 * from offset k on" — delta gossip with one integer of state per peer.
 */
export class ValueLog {
  readonly values: JsonValue[] = [];
  /** Per entry: the peer it came from (never echoed back there), or LOCAL. */
  readonly origins: number[] = [];
  /** Per entry: when it was appended, so batching can bound how long a value waits. */
  readonly addedAt: number[] = [];
  private readonly keys = new Set<number | string>();
  private snapshot: JsonValue[] | undefined;

  get length(): number {
    return this.values.length;
  }

  /** Appends the value unless already present; returns whether it was new. */
  add(value: JsonValue, origin: number, now: number): boolean {
    const key = keyOf(value);
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    this.values.push(value);
    this.origins.push(origin);
    this.addedAt.push(now);
    this.snapshot = undefined;
    return true;
  }

  /** The whole set as an array that is never mutated afterwards, shared until the next add. */
  all(): readonly JsonValue[] {
    this.snapshot ??= this.values.slice();
    return this.snapshot;
  }

  /** Entries in [from, to) that did not come from `peer`. */
  slice(from: number, to: number, peer: number): JsonValue[] {
    const out: JsonValue[] = [];
    for (let i = from; i < to; i++) if (this.origins[i] !== peer) out.push(this.values[i] as JsonValue);
    return out;
  }
}

/**
 * Set membership for JSON values: integers (what the workload sends) are their own key; other
 * values are keyed by their JSON text, tagged so that 5 and "5" stay distinct.
 */
function keyOf(value: JsonValue): number | string {
  if (typeof value === "number") return value;
  if (typeof value === "string") return "s" + value;
  return "j" + JSON.stringify(value);
}
