// Maelstrom's pn-counter checker (g-counter's too): every final read must lie in the set of sums the ok and indeterminate adds allow.
import { z } from "zod";
import { opSchema, type Op } from "./history.ts";
import { validitySchema } from "./results.ts";

/** A closed integer range [lower, upper]. */
export type Range = [number, number];

export const counterResultSchema = z.object({
  valid: validitySchema,
  /** The ok final reads outside the acceptable set; null when there is none, as Maelstrom's nil. */
  errors: z.array(opSchema).nullable(),
  "final-reads": z.array(z.number()),
  /** Closed [lower upper] pairs, ascending, never touching. */
  acceptable: z.array(z.tuple([z.number(), z.number()])),
});
export type CounterResult = z.infer<typeof counterResultSchema>;

/**
 * The union of two sets of closed integer ranges. Ranges that overlap or touch ([1 2] and [3 4])
 * become one, as they do in Maelstrom, which stores each [a b] in a Guava TreeRangeSet as the open
 * range (a−1, b+1) precisely so that such neighbours coalesce; ranges with a gap stay apart.
 */
export function unite(a: readonly Range[], b: readonly Range[]): Range[] {
  const sorted = [...a, ...b].sort((x, y) => x[0] - y[0]);
  const out: Range[] = [];
  for (const [lower, upper] of sorted) {
    const last = out.at(-1);
    if (last !== undefined && lower <= last[1] + 1) last[1] = Math.max(last[1], upper);
    else out.push([lower, upper]);
  }
  return out;
}

/** Every sum the history allows: the ok adds' sum, plus any subset of the indeterminate adds. */
export function acceptableSums(history: readonly Op[]): Range[] {
  const adds = history.filter((op) => op.f === "add" && typeof op.value === "number");
  const definite = adds.filter((op) => op.type === "ok").reduce((sum, op) => sum + Number(op.value), 0);
  let acceptable: Range[] = [[definite, definite]];
  for (const op of adds) {
    if (op.type !== "info") continue;
    const delta = Number(op.value);
    acceptable = unite(acceptable, acceptable.map(([lower, upper]): Range => [lower + delta, upper + delta]));
  }
  return acceptable;
}

const contains = (ranges: readonly Range[], value: number): boolean => ranges.some(([lower, upper]) => lower <= value && value <= upper);

/** Only the ok reads marked final are judged; reads during the workload may lag and are not checked. */
export function checkCounter(history: readonly Op[]): CounterResult {
  const acceptable = acceptableSums(history);
  const reads = history.filter((op) => op.final === true && op.type === "ok" && op.f === "read");
  const errors = reads.filter((op) => typeof op.value !== "number" || !contains(acceptable, op.value));
  return {
    valid: errors.length === 0,
    errors: errors.length ? errors : null,
    "final-reads": reads.map((op) => Number(op.value)),
    acceptable,
  };
}
