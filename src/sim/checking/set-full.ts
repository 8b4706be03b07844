// Jepsen's set-full checker as Maelstrom's broadcast workload runs it.
/**
 * Jepsen's `set-full` checker as Maelstrom's broadcast workload runs it: a broadcast is a set
 * add, a read returns the whole set, and the checker runs with `:linearizable? false`, so stale
 * reads never make a run invalid.
 *
 * Jepsen orders ops by their position in the history, not by their timestamps; so does this
 * checker, and the history must therefore be in the order events happened.
 */
import type { Op } from "./history.ts";
import type { SetFullResult, StableLatencies, Validity } from "./results.ts";

/** Where an op sits in the history, and when it happened in Jepsen's unit (integer ns). */
interface Point {
  index: number;
  nanos: number;
}

interface ElementState {
  element: unknown;
  /** The first completion to prove the element exists: its broadcast_ok or a read showing it. */
  known: Point | null;
  /** Invocation of the latest-invoked ok read that showed the element. */
  lastPresent: Point | null;
  /** Invocation of the latest-invoked ok read that missed the element. */
  lastAbsent: Point | null;
  /** The number of the latest ok read that showed it, so a read's repeats count once. */
  shownBy: number;
}

/** `stableLatency` is in whole milliseconds, as Maelstrom reports it. */
export type ElementResult =
  | { element: unknown; outcome: "lost" | "never-read" }
  | { element: unknown; outcome: "stable"; stableLatency: number };

const NANOS_PER_MS = 1_000_000;
/** Integer values below this are looked up by index (a dense array stays small for Maelstrom's counts). */
const MAX_INDEX = 1 << 24;

/** Jepsen records integer nanoseconds; rounding our fractional ms reproduces its arithmetic. */
function toNanos(ms: number): number {
  return Math.round(ms * NANOS_PER_MS);
}

/** Maelstrom's values are integers; anything else is ordered by its text only to stay deterministic. */
function compareElements(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function laterIndex(current: Point | null, candidate: Point): Point {
  return current === null || current.index < candidate.index ? candidate : current;
}

function elementResult(state: ElementState): ElementResult {
  const { known, lastPresent, lastAbsent } = state;
  const absentIndex = lastAbsent?.index ?? -1;
  const presentIndex = lastPresent?.index ?? -1;
  const stable = lastPresent !== null && absentIndex < presentIndex;
  // A miss only counts once the element was known: a read that overlapped the add may have
  // legitimately linearized before it, which makes the element never-read rather than lost.
  const lost =
    known !== null && lastAbsent !== null && presentIndex < absentIndex && known.index < absentIndex;
  if (!stable) {
    return { element: state.element, outcome: lost ? "lost" : "never-read" };
  }
  // Jepsen puts stability 1 ns after the last missing read began, and truncates ns to whole ms.
  const stableNanos = lastAbsent === null ? 0 : lastAbsent.nanos + 1;
  // A present read always sets `known`, so a stable element has a known time.
  const knownNanos = known?.nanos ?? 0;
  const stableLatency = Math.floor(Math.max(0, stableNanos - knownNanos) / NANOS_PER_MS);
  return { element: state.element, outcome: "stable", stableLatency };
}

/** Jepsen's frequency-distribution: the sorted value at floor(n·q), capped at the last one. */
export function quantiles(values: readonly number[]): StableLatencies | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const pick = (q: number): number => sorted[Math.min(n - 1, Math.floor(n * q))] ?? 0;
  return { "0": pick(0), "0.5": pick(0.5), "0.95": pick(0.95), "0.99": pick(0.99), "1": pick(1) };
}

function readValues(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Each added value's fate, in value order: the per-value view behind checkSetFull's totals, for
 * callers (the run report) that draw the latencies rather than summarise them.
 */
export function elementOutcomes(history: readonly Op[], addF = "broadcast"): ElementResult[] {
  const elements = new Map<unknown, ElementState>();
  // Maelstrom's values are 0, 1, 2, …: an array finds those faster than the map, which keeps the rest.
  const byIndex: (ElementState | undefined)[] = [];
  const lookup = (value: unknown): ElementState | undefined =>
    typeof value === "number" && Number.isInteger(value) && value >= 0 && value < MAX_INDEX ? byIndex[value] : elements.get(value);
  // Every state in the order its add was invoked, superseded ones included (skipped by `live`).
  const order: ElementState[] = [];
  const live = new Set<ElementState>();
  const pendingInvocation = new Map<number, Point>();
  let readNumber = 0;

  history.forEach((op, index) => {
    const point: Point = { index, nanos: toNanos(op.time) };
    if (op.type === "invoke") {
      pendingInvocation.set(op.process, point);
      // Re-adding a value starts its tracking afresh, as Jepsen's map assoc does.
      if (op.f === addF) {
        const previous = elements.get(op.value);
        if (previous) live.delete(previous);
        const state: ElementState = { element: op.value, known: null, lastPresent: null, lastAbsent: null, shownBy: -1 };
        elements.set(op.value, state);
        if (typeof op.value === "number" && Number.isInteger(op.value) && op.value >= 0 && op.value < MAX_INDEX) byIndex[op.value] = state;
        order.push(state);
        live.add(state);
      }
      return;
    }
    const invocation = pendingInvocation.get(op.process);
    if (invocation === undefined) {
      throw new Error(`history op ${index} completes a ${op.f} that process ${op.process} never invoked`);
    }
    pendingInvocation.delete(op.process);

    if (op.f === addF) {
      const state = elements.get(op.value);
      if (state === undefined) {
        throw new Error(`history op ${index} completes ${addF} ${String(op.value)}, which was never invoked`);
      }
      // Failed or indeterminate adds prove nothing; only a read can still make them known.
      if (op.type === "ok" && state.known === null) state.known = point;
      return;
    }

    // Failed and indeterminate reads returned nothing to judge.
    if (op.type !== "ok") return;
    const read = readNumber++;
    let shown = 0;
    for (const value of readValues(op.value)) {
      const state = lookup(value);
      if (state === undefined || state.shownBy === read) continue;
      state.shownBy = read;
      shown++;
      state.known ??= point;
      state.lastPresent = laterIndex(state.lastPresent, invocation);
    }
    // A read misses few values, mostly the newest: walk back from the newest add until every
    // value the read lacks is found, rather than over every value.
    let missing = elements.size - shown;
    for (let i = order.length - 1; missing > 0 && i >= 0; i--) {
      const state = order[i] as ElementState;
      if (!live.has(state) || state.shownBy === read) continue;
      state.lastAbsent = laterIndex(state.lastAbsent, invocation);
      missing--;
    }
  });

  return [...elements.values()].map(elementResult).sort((a, b) => compareElements(a.element, b.element));
}

/** `addF` names the adds: broadcast's "broadcast", g-set's "add". */
export function checkSetFull(history: readonly Op[], addF = "broadcast"): SetFullResult {
  const results = elementOutcomes(history, addF);
  const stable = results.filter((r): r is Extract<ElementResult, { outcome: "stable" }> => r.outcome === "stable");
  const lost = results.filter((r) => r.outcome === "lost").map((r) => r.element);
  const neverRead = results.filter((r) => r.outcome === "never-read").map((r) => r.element);
  const stale = stable.filter((r) => r.stableLatency > 0).map((r) => r.element);

  const valid: Validity = lost.length > 0 ? false : stable.length === 0 ? "unknown" : true;
  const result: SetFullResult = {
    valid,
    "attempt-count": results.length,
    "stable-count": stable.length,
    "lost-count": lost.length,
    lost,
    "never-read-count": neverRead.length,
    "never-read": neverRead,
    "stale-count": stale.length,
    stale,
    // Jepsen means to report values some read returned twice, but its filter keeps only
    // multiplicities below 1, which cannot occur: Maelstrom never reports a duplicate, and
    // duplicates never affect validity. Judging like Maelstrom matters more than that intent.
    "duplicated-count": 0,
    duplicated: [],
  };
  const latencies = quantiles(stable.map((r) => r.stableLatency));
  if (latencies !== undefined) result["stable-latencies"] = latencies;
  return result;
}
