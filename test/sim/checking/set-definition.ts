// Maelstrom's set-full value by value, the definition the checker's walk is held to in tests.
import type { Op } from "../../../src/sim/checking/history.ts";
import type { ElementResult } from "../../../src/sim/checking/set-full.ts";
import type { ElementState, Point } from "../../../src/sim/checking/set-walk.ts";

const later = (a: Point | null, b: Point): Point => (a === null || a.index < b.index ? b : a);

/**
 * Maelstrom's set-full, value by value: every ok read judged against every value added before
 * it completed (Jepsen's checker, `:linearizable? false`). Each value's marks, in the order of
 * first adds.
 */
export function definitionStates(history: readonly Op[]): ElementState[] {
  const elements = new Map<unknown, ElementState>();
  const invoked = new Map<number, Point>();
  history.forEach((op, index) => {
    const point = { index, nanos: Math.round(op.time * 1e6) };
    if (op.type === "invoke") {
      invoked.set(op.process, point);
      if (op.f === "broadcast") elements.set(op.value, { element: op.value, addIndex: index, known: null, lastPresent: null, lastAbsent: null });
      return;
    }
    const invocation = invoked.get(op.process) as Point;
    if (op.f === "broadcast") {
      const marks = elements.get(op.value) as ElementState;
      if (op.type === "ok") marks.known ??= point;
      return;
    }
    if (op.type !== "ok") return;
    const shown = new Set(Array.isArray(op.value) ? op.value : []);
    for (const marks of elements.values()) {
      if (shown.has(marks.element)) {
        marks.known ??= point;
        marks.lastPresent = later(marks.lastPresent, invocation);
      } else marks.lastAbsent = later(marks.lastAbsent, invocation);
    }
  });
  return [...elements.values()];
}

/** The outcomes of the definition's marks, in value order. */
export function definition(history: readonly Op[]): ElementResult[] {
  const results = definitionStates(history).map((m): ElementResult => {
    const present = m.lastPresent?.index ?? -1;
    const absent = m.lastAbsent?.index ?? -1;
    if (m.lastPresent === null || absent > present) {
      const lost = m.known !== null && m.lastAbsent !== null && m.known.index < absent;
      return { element: m.element, outcome: lost ? "lost" : "never-read" };
    }
    const stableNanos = m.lastAbsent === null ? 0 : m.lastAbsent.nanos + 1;
    return { element: m.element, outcome: "stable", stableLatency: Math.floor(Math.max(0, stableNanos - (m.known?.nanos ?? 0)) / 1e6) };
  });
  return results.sort((a, b) => (typeof a.element === "number" && typeof b.element === "number" ? a.element - b.element : String(a.element) < String(b.element) ? -1 : 1));
}
