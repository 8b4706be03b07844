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
import { ReadWalk, type ElementState, type Point } from "./set-walk.ts";

/** `stableLatency` is in whole milliseconds, as Maelstrom reports it. */
export type ElementResult =
  | { element: unknown; outcome: "lost" | "never-read" }
  | { element: unknown; outcome: "stable"; stableLatency: number };

const NANOS_PER_MS = 1_000_000;

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

function elementResult(state: ElementState): ElementResult {
  const { known, lastPresent, lastAbsent } = state;
  // An element no read judged has both at -1; two reads never share an invocation's index.
  const absentIndex = lastAbsent?.index ?? -1;
  if (absentIndex >= (lastPresent?.index ?? -1)) {
    // A miss only counts once the element was known: a read that overlapped the add may have
    // legitimately linearized before it, which makes the element never-read rather than lost.
    const lost = known !== null && known.index < absentIndex;
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

/**
 * Each added value's fate, in value order: the per-value view behind checkSetFull's totals, for
 * callers (the run report) that draw the latencies rather than summarise them.
 */
export function elementOutcomes(history: readonly Op[], addF = "broadcast"): ElementResult[] {
  return elementStates(history, addF).map(elementResult).sort((a, b) => compareElements(a.element, b.element));
}

/** What the outcomes are judged from: each added value's known time and latest present and absent reads, in the order of first adds. */
export function elementStates(history: readonly Op[], addF = "broadcast"): ElementState[] {
  const walk = new ReadWalk();
  const pendingInvocation = new Map<number, Point>();
  history.forEach((op, index) => {
    const point: Point = { index, nanos: toNanos(op.time) };
    if (op.type === "invoke") {
      pendingInvocation.set(op.process, point);
      // Re-adding a value starts its tracking afresh, as Jepsen's map assoc does.
      if (op.f === addF) walk.added(op.value, index);
      return;
    }
    const invocation = pendingInvocation.get(op.process);
    if (invocation === undefined) {
      throw new Error(`history op ${index} completes a ${op.f} that process ${op.process} never invoked`);
    }
    pendingInvocation.delete(op.process);

    if (op.f === addF) {
      const state = walk.state(op.value);
      if (state === undefined) {
        throw new Error(`history op ${index} completes ${addF} ${String(op.value)}, which was never invoked`);
      }
      // Failed or indeterminate adds prove nothing; only a read can still make them known.
      if (op.type === "ok" && state.known === null) state.known = point;
      return;
    }
    // Failed and indeterminate reads returned nothing to judge.
    if (op.type === "ok") walk.read(op.process, op.value, point, invocation);
  });
  return walk.finish();
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
