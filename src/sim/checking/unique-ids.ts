// Jepsen's unique-ids checker: every id a generate returned ok must be distinct.
import { z } from "zod";
import type { Op } from "./history.ts";
import { validitySchema } from "./results.ts";

const count = z.number().int().nonnegative();

export const uniqueIdsResultSchema = z.object({
  valid: validitySchema,
  "attempted-count": count,
  "acknowledged-count": count,
  /** How many distinct ids were returned more than once. */
  "duplicated-count": count,
  /** [id, times returned] of at most MAX_DUPLICATES of them, the most repeated, in id order. */
  duplicated: z.array(z.tuple([z.unknown(), count])),
  /** [lowest, highest] id; null when none was acknowledged. */
  range: z.tuple([z.unknown(), z.unknown()]).nullable(),
});
export type UniqueIdsResult = z.infer<typeof uniqueIdsResultSchema>;

/** Jepsen lists only this many duplicates, for speed. */
const MAX_DUPLICATES = 48;

/**
 * Jepsen's `compare`: numbers by value, strings by text. It throws on ids of different types; we
 * order those by type name, then by their JSON text, so that any ids a node returns can be judged.
 */
export function compareIds(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a !== typeof b) return typeof a < typeof b ? -1 : 1;
  const sa = typeof a === "string" ? a : JSON.stringify(a);
  const sb = typeof b === "string" ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function checkUniqueIds(history: readonly Op[]): UniqueIdsResult {
  const generates = history.filter((op) => op.f === "generate");
  // Ids are JSON values: equal ids have equal JSON texts.
  const freqs = new Map<string, { id: unknown; count: number }>();
  let acknowledged = 0;
  let range: [unknown, unknown] | null = null;
  for (const op of generates) {
    if (op.type !== "ok") continue;
    acknowledged++;
    const key = JSON.stringify(op.value) ?? "null";
    const entry = freqs.get(key);
    if (entry) entry.count++;
    else freqs.set(key, { id: op.value, count: 1 });
    if (range === null) range = [op.value, op.value];
    else {
      if (compareIds(op.value, range[0]) < 0) range[0] = op.value;
      if (compareIds(op.value, range[1]) > 0) range[1] = op.value;
    }
  }
  const dups = [...freqs.values()].filter((e) => e.count > 1).sort((a, b) => compareIds(a.id, b.id));
  // Jepsen keeps the most repeated: a stable sort by count of the id-ordered list, reversed, so
  // among equal counts the highest ids win; the kept ones go back into id order.
  const kept = dups
    .map((e, i) => ({ e, i }))
    .sort((x, y) => x.e.count - y.e.count || x.i - y.i)
    .reverse()
    .slice(0, MAX_DUPLICATES)
    .map((x) => x.e)
    .sort((a, b) => compareIds(a.id, b.id));
  return {
    valid: dups.length === 0,
    "attempted-count": generates.filter((op) => op.type === "invoke").length,
    "acknowledged-count": acknowledged,
    "duplicated-count": dups.length,
    duplicated: kept.map((e): [unknown, number] => [e.id, e.count]),
    range,
  };
}
