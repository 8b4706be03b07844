// What the gossip engine asks of a replicated data type: a delta-state CRDT whose changes sit at positions a peer can acknowledge.

/** Who made a change: a peer's index (never echoed back there), or LOCAL for a client of this node. */
export const LOCAL = -1;

/** An origin no change has: a delta that excludes nobody, as for the full state. */
export const NOBODY = -2;

/** Elements of a delta as the JSON texts that go on the wire, and the position the delta reaches. */
export interface Delta {
  values: string[];
  end: number;
}

/**
 * A join-semilattice (merge commutative, associative, idempotent) whose every change takes the
 * next position of a local sequence. A change to an entry moves the entry to the new position,
 * so "the entries at positions at or after p" is exactly what a peer that acknowledged p lacks:
 * the engine keeps one integer per peer, whatever the type. Positions only grow, so an engine's
 * scan cursor over them never has to go back.
 */
export interface DeltaState {
  /** One past the latest change's position. */
  readonly version: number;
  /** How many elements the state holds (values of a set, entries of a counter or map). */
  readonly size: number;
  /** The first position in [from, to) holding a change that did not come from `exclude`; `to` if there is none. */
  nextChange(from: number, to: number, exclude: number): number;
  /** When the change at `position` (one `nextChange` returned) was made. */
  changedAt(position: number): number;
  /** Bytes the changes at positions in [from, to) take in a gossip message, each with its comma. */
  bytesBetween(from: number, to: number): number;
  /** The changes in [from, to) not from `exclude`, up to `maxBytes` of text (at least one), and where they end. */
  delta(from: number, to: number, exclude: number, maxBytes: number): Delta;
  /** Joins elements a peer sent (from `origin`); says which it could not read, if any. */
  merge(values: readonly string[], origin: number, now: number): string | undefined;
}
