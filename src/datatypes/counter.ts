// Grow-only and PN counters: one entry per node (its increments, and for PN its decrements), so state and deltas are O(nodes).
import * as z from "zod/mini";
import { LOCAL } from "./delta-state.ts";
import { KeyedEntries, type Entry } from "./entries.ts";

const count = z.number().check(z.int(), z.nonnegative());
const gEntry = z.tuple([z.string().check(z.minLength(1)), count]);
const pnEntry = z.tuple([z.string().check(z.minLength(1)), count, count]);

interface CounterEntry extends Entry {
  /** The node's totals, each only ever raised: increments, then (PN) decrements. */
  lanes: number[];
}

/**
 * A counter as a map from node id to that node's totals, merged by taking each total's maximum.
 * An add raises only the adding node's own total, so a converged counter holds one entry per node
 * and no trace of the adds themselves; a delta is the entries changed since a position, as
 * `[node, increments]` or `[node, increments, decrements]`.
 */
abstract class LaneCounter extends KeyedEntries<CounterEntry> {
  private readonly totals: number[];

  protected constructor(private readonly lanes: 1 | 2) {
    super();
    this.totals = new Array<number>(lanes).fill(0);
  }

  /** The counter's value: the sum of increments less the sum of decrements. */
  value(): number {
    return (this.totals[0] as number) - (this.totals[1] ?? 0);
  }

  /**
   * Adds `delta` on behalf of node `self`; returns why it cannot, if it cannot. Every total stays
   * a safe integer, so every read is exact.
   */
  add(self: string, delta: number, now: number): string | undefined {
    const lane = delta < 0 ? 1 : 0;
    if (lane >= this.lanes) return `a grow-only counter cannot add ${delta}`;
    const amount = Math.abs(delta);
    if (amount === 0) return undefined;
    if ((this.totals[lane] as number) + amount > Number.MAX_SAFE_INTEGER) return `adding ${delta} would take the counter past 2^53 - 1`;
    const held = this.entry(self)?.lanes ?? new Array<number>(this.lanes).fill(0);
    const lanes = held.map((n, i) => (i === lane ? n + amount : n));
    this.raise(self, lanes, LOCAL, now);
    return undefined;
  }

  merge(values: readonly string[], origin: number, now: number): string | undefined {
    let refused: string | undefined;
    for (const text of values) {
      const parsed = this.parse(text);
      if (!parsed) {
        refused ??= `unreadable counter entry ${text.slice(0, 80)}`;
        continue;
      }
      const [key, ...incoming] = parsed;
      const held = this.entry(key)?.lanes;
      const lanes = incoming.map((n, i) => Math.max(n, held?.[i] ?? 0));
      if (held && lanes.every((n, i) => n === held[i])) continue;
      // The held part comes off first: near 2^53 the sum before the subtraction would already round.
      if (lanes.some((n, i) => (this.totals[i] as number) - (held?.[i] ?? 0) + n > Number.MAX_SAFE_INTEGER)) {
        refused ??= `counter entry ${text.slice(0, 80)} would take a total past 2^53 - 1`;
        continue;
      }
      this.raise(key, lanes, origin, now);
    }
    return refused;
  }

  /** Every node's totals, by node id, for tests and the simulator. */
  totalsByNode(): Map<string, readonly number[]> {
    return new Map([...this.entries()].map((e) => [e.key, e.lanes]));
  }

  private parse(text: string): [string, ...number[]] | undefined {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return undefined;
    }
    const parsed = (this.lanes === 1 ? gEntry : pnEntry).safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  }

  private raise(key: string, lanes: number[], origin: number, now: number): void {
    const entry = this.entry(key) ?? { key, text: "", size: 0, position: 0, origin, at: now, lanes: new Array<number>(this.lanes).fill(0) };
    lanes.forEach((n, i) => (this.totals[i] = (this.totals[i] as number) - (entry.lanes[i] as number) + n));
    entry.lanes = lanes;
    this.changed(entry, JSON.stringify([key, ...lanes]), origin, now);
  }
}

/** Maelstrom's g-counter as a data type: increments only. */
export class GCounter extends LaneCounter {
  constructor() {
    super(1);
  }
}

/** Maelstrom's pn-counter (and, since its RPCs are the same, a correct g-counter): increments and decrements. */
export class PNCounter extends LaneCounter {
  constructor() {
    super(2);
  }
}
