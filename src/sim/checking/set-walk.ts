// set-full's bookkeeping over each process's chain of reads: a value's presence at a process changes only where its reads differ, so a check costs the reads' changes, not their sizes.
import { SetRead, readValues } from "./set-read.ts";

/** Where an op sits in the history, and when it happened in Jepsen's unit (integer ns). */
export interface Point {
  index: number;
  nanos: number;
}

export interface ElementState {
  element: unknown;
  /** Where its add was invoked: only reads completed after that judge it. */
  addIndex: number;
  /** The first completion to prove the element exists: its broadcast_ok or a read showing it. */
  known: Point | null;
  /** Invocation of the latest-invoked ok read that showed the element. */
  lastPresent: Point | null;
  /** Invocation of the latest-invoked ok read that missed the element. */
  lastAbsent: Point | null;
}

/** Integer values below this are numbered by index (a dense array stays small for Maelstrom's counts). */
const MAX_INDEX = 1 << 24;
const ABSENT = 0;
const SHOWN = 1;
/** Shown by the previous read and not yet found in this one. */
const DROPPED = 2;
/** A chain's previous read before its first: completed at -1, before every add. */
const NO_READ: Point = { index: -1, nanos: 0 };

/** One process's ok reads so far: which values the latest one showed. */
interface Chain {
  /** Per value number: SHOWN when the latest read shows it. */
  shown: Uint8Array;
  /** The latest read's value as the history holds it (a SetRead or an array). */
  last: unknown;
  /** The latest read's completion index and invocation; before the first, -1 and NO_READ, which count for no value. */
  lastDone: number;
  lastInvoke: Point;
  /** Whether the latest read repeats a value, which the incremental step cannot follow. */
  repeats: boolean;
  /** Values whose tracking began while this process's latest read showed them: the next read that shows them makes them known. */
  pending: number[];
}

function later(current: Point | null, candidate: Point): Point {
  return current === null || current.index < candidate.index ? candidate : current;
}

/**
 * What set-full needs of every read: for each value's current state, the first completion that
 * showed it, and the latest invocations of reads that showed and that missed it (among reads
 * completed after its add was invoked). A read that goes on showing a value, or goes on missing
 * it, changes nothing until the process's reads stop doing so: the previous read is then the
 * latest of the run, and `finish` closes the runs still open. The result is the same as judging
 * every read against every value.
 */
export class ReadWalk {
  private readonly numbers = new Map<unknown, number>();
  private readonly byIndex: number[] = [];
  private readonly states: (ElementState | undefined)[] = [];
  /** Per value number: how many processes' latest reads show it. */
  private readonly holders: number[] = [];
  /** Value numbers in the order of their first add, as the results list them before sorting. */
  private readonly order: number[] = [];
  private readonly chains = new Map<number, Chain>();
  private looked = 0;

  /** How many values the walk has compared or marked so far: what a check costs, deterministic, so tests can hold it to the changes. */
  get visited(): number {
    return this.looked;
  }

  state(value: unknown): ElementState | undefined {
    return this.states[this.number(value)];
  }

  /** An add of `value` was invoked at `index`: its tracking starts afresh. */
  added(value: unknown, index: number): void {
    const n = this.number(value);
    if (this.states[n] === undefined) this.order.push(n);
    this.states[n] = { element: value, addIndex: index, known: null, lastPresent: null, lastAbsent: null };
    if (!this.holders[n]) return;
    this.looked += this.chains.size;
    for (const chain of this.chains.values()) if (chain.shown[n] === SHOWN) chain.pending.push(n);
  }

  /** An ok read by `process`, completed at `done` and invoked at `invoke`. */
  read(process: number, value: unknown, done: Point, invoke: Point): void {
    let chain = this.chains.get(process);
    if (chain === undefined) {
      chain = { shown: new Uint8Array(64), last: undefined, lastDone: -1, lastInvoke: NO_READ, repeats: false, pending: [] };
      this.chains.set(process, chain);
    }
    if (chain.repeats) this.rebuild(chain, value, done);
    else this.step(chain, value, done);
    this.looked += chain.pending.length;
    for (const n of chain.pending) {
      const state = this.states[n];
      if (state && chain.shown[n] === SHOWN) state.known ??= done;
    }
    chain.pending = [];
    chain.last = value;
    chain.lastDone = done.index;
    chain.lastInvoke = invoke;
  }

  /** Every value's state once the history is over, the runs still open closed. */
  finish(): ElementState[] {
    for (const chain of this.chains.values()) {
      const invoke = chain.lastInvoke;
      this.looked += this.order.length;
      for (const n of this.order) {
        const state = this.states[n] as ElementState;
        if (chain.lastDone < state.addIndex) continue;
        if (chain.shown[n] === SHOWN) state.lastPresent = later(state.lastPresent, invoke);
        else state.lastAbsent = later(state.lastAbsent, invoke);
      }
    }
    return this.order.map((n) => this.states[n] as ElementState);
  }

  private number(value: unknown): number {
    const indexed = typeof value === "number" && Number.isInteger(value) && value >= 0 && value < MAX_INDEX;
    const known = indexed ? this.byIndex[value] : this.numbers.get(value);
    if (known !== undefined) return known;
    const n = this.states.length;
    this.states.push(undefined);
    this.holders.push(0);
    if (indexed) this.byIndex[value] = n;
    else this.numbers.set(value, n);
    return n;
  }

  /** The read as the previous one less the values from position `kept` on, and its tail after them. */
  private delta(chain: Chain, value: unknown): { dropped: readonly unknown[]; tail: readonly unknown[] } {
    const previous = chain.last;
    // A read has a base only where it keeps some of it (SetRead.of).
    if (value instanceof SetRead && previous instanceof SetRead && value.base === previous) return { dropped: previous.from(value.kept), tail: value.tail };
    const before = readValues(previous);
    const after = readValues(value);
    const n = Math.min(before.length, after.length);
    let kept = 0;
    while (kept < n && Object.is(before[kept], after[kept])) kept++;
    this.looked += kept;
    return { dropped: before.slice(kept), tail: after.slice(kept) };
  }

  private step(chain: Chain, value: unknown, done: Point): void {
    const { dropped, tail } = this.delta(chain, value);
    this.looked += dropped.length + tail.length;
    const numbers = tail.map((v) => this.number(v));
    const shown = this.capacity(chain);
    const droppedNumbers = dropped.map((v) => this.number(v));
    for (const n of droppedNumbers) shown[n] = DROPPED;
    for (const n of numbers) {
      if (shown[n] === SHOWN) chain.repeats = true;
      else if (shown[n] === DROPPED) shown[n] = SHOWN;
      else {
        shown[n] = SHOWN;
        this.appeared(chain, n, done);
      }
    }
    for (const n of droppedNumbers) {
      if (shown[n] !== DROPPED) continue;
      shown[n] = ABSENT;
      this.disappeared(chain, n);
    }
  }

  /** After a read that repeated a value: this read's values compared with the last one's as sets. */
  private rebuild(chain: Chain, value: unknown, done: Point): void {
    const values = readValues(value).map((v) => this.number(v));
    const last = readValues(chain.last);
    this.looked += values.length + last.length;
    const now = new Set(values);
    const shown = this.capacity(chain);
    for (const v of new Set(last)) {
      const n = this.number(v);
      if (now.has(n)) continue;
      shown[n] = ABSENT;
      this.disappeared(chain, n);
    }
    for (const n of now) {
      if (shown[n] === SHOWN) continue;
      shown[n] = SHOWN;
      this.appeared(chain, n, done);
    }
    chain.repeats = now.size !== values.length;
  }

  /** Room in `chain.shown` for every value numbered so far. */
  private capacity(chain: Chain): Uint8Array {
    const need = this.states.length;
    if (chain.shown.length < need) {
      const grown = new Uint8Array(Math.max(need, 2 * chain.shown.length));
      grown.set(chain.shown);
      chain.shown = grown;
    }
    return chain.shown;
  }

  /** The read at `done` shows value `n`, which the process's previous read did not. */
  private appeared(chain: Chain, n: number, done: Point): void {
    this.holders[n] = (this.holders[n] as number) + 1;
    const state = this.states[n];
    if (state === undefined) return;
    state.known ??= done;
    // The previous read, the latest of those that missed it, counts if it came after the add.
    if (chain.lastDone > state.addIndex) state.lastAbsent = later(state.lastAbsent, chain.lastInvoke);
  }

  /** The process's previous read showed value `n`, and the current one does not. */
  private disappeared(chain: Chain, n: number): void {
    this.holders[n] = (this.holders[n] as number) - 1;
    const state = this.states[n];
    if (state === undefined) return;
    if (chain.lastDone > state.addIndex) state.lastPresent = later(state.lastPresent, chain.lastInvoke);
  }
}
