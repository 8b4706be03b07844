// Lost values explained: where each was acknowledged, and the ok reads after that which missed it.
import type { Op } from "../../checking/history.ts";
import type { Reason } from "../../checking/reasons.ts";
import type { SetFullResult } from "../../checking/results.ts";

/** Lost values named one by one; the rest are counted. */
const NAMED_LOST = 5;
/** Missing reads named per lost value. */
const NAMED_READS = 3;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export function explainLost(history: readonly Op[], result: SetFullResult): Reason[] {
  const lost = result.lost.slice(0, NAMED_LOST);
  const t0 = history[0]?.time ?? 0;
  const reasons = lost.map((value): Reason => {
    const known = history.find((op) => op.f === "broadcast" && op.type === "ok" && op.value === value);
    const after = known?.time ?? -Infinity;
    const missed = history.filter((op) => op.f === "read" && op.type === "ok" && op.time > after && Array.isArray(op.value) && !op.value.includes(value));
    const reads = missed.slice(-NAMED_READS).map((op) => `${op.node} at ${seconds(op.time - t0)}`);
    const where = known ? `acknowledged by ${known.node} at ${seconds(known.time - t0)}` : "shown by a read";
    return {
      kind: "lost",
      f: "read",
      field: "messages",
      ...(known && { node: known.node }),
      expected: `to contain ${String(value)}`,
      actual: `${missed.length} later reads without it`,
      text: `value ${String(value)} lost: ${where}, then missing from ${missed.length} ok reads, the last ${reads.length}: ${reads.join(", ")}`,
    };
  });
  if (result["lost-count"] > lost.length) {
    reasons.push({ kind: "lost", text: `${result["lost-count"] - lost.length} more values lost: ${result.lost.slice(NAMED_LOST, 25).join(" ")}${result["lost-count"] > 25 ? " …" : ""}` });
  }
  return reasons;
}
