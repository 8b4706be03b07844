// Maelstrom's availability checker: what share of the invoked client ops completed ok, against `--availability`.
import { z } from "zod";
import type { Op } from "./history.ts";
import type { Reason } from "./reasons.ts";
import type { AvailabilityResult } from "./results.ts";

/** `--availability`: `total` (every op must succeed), or a lower bound on the ok share. */
export const availabilitySchema = z.union([z.literal("total"), z.number().min(0).max(1)]);
export type Availability = z.infer<typeof availabilitySchema>;

/**
 * Always reported; judged only when a target is given. The denominator is every invocation, so an
 * op that timed out counts against it as much as one that failed outright.
 */
export function checkAvailability(history: readonly Op[], target: Availability | undefined): AvailabilityResult {
  const invokes = history.filter((op) => op.type === "invoke").length;
  const oks = history.filter((op) => op.type === "ok").length;
  const okFraction = invokes === 0 ? 1 : oks / invokes;
  const valid = target === undefined ? true : target === "total" ? okFraction === 1 : okFraction >= target;
  return { valid, "ok-fraction": okFraction };
}

/** A run below its `--availability` target: the ok share against the requirement. */
export function availabilityReasons(result: AvailabilityResult, target: Availability | undefined): Reason[] {
  if (result.valid || target === undefined) return [];
  const actual = `${(result["ok-fraction"] * 100).toFixed(1)}% ok`;
  const expected = target === "total" ? "every op ok (total)" : `at least ${(target * 100).toFixed(1)}% ok`;
  return [{ kind: "unavailable", field: "availability", expected, actual, text: `availability ${actual} of invoked ops, required ${expected}` }];
}
