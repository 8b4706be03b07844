// Unique-ids' verdict explained: each id returned more than once, how often and by which nodes.
import type { Op } from "../../checking/history.ts";
import type { Reason } from "../../checking/reasons.ts";
import type { UniqueIdsResult } from "../../checking/unique-ids.ts";

/** Duplicated ids named one by one; the rest are counted. */
const NAMED_IDS = 5;

export function explainUniqueIds(history: readonly Op[], result: UniqueIdsResult): Reason[] {
  const reasons = result.duplicated.slice(0, NAMED_IDS).map(([id, times]): Reason => {
    const key = JSON.stringify(id);
    const nodes = [...new Set(history.filter((op) => op.f === "generate" && op.type === "ok" && JSON.stringify(op.value) === key).map((op) => op.node))];
    return {
      kind: "duplicate-id",
      ...(nodes.length === 1 && { node: nodes[0] }),
      f: "generate",
      field: "id",
      expected: "returned once",
      actual: `returned ${times} times`,
      text: `id ${key} returned ${times} times, by ${nodes.join(", ") || "unknown nodes"}`,
    };
  });
  const more = result["duplicated-count"] - reasons.length;
  if (more > 0) reasons.push({ kind: "duplicate-id", text: `${more} more ids returned more than once` });
  return reasons;
}
