// A grow-only set's verdict explained (broadcast's, g-set's): where each lost value was acknowledged and the ok reads after that which missed it; no stable value; errors on adds that happened.
import { definiteErrorCodes } from "../../protocol/messages.ts";
import type { Op } from "../checking/history.ts";
import { shortJson, type Anomaly, type Reason } from "../checking/reasons.ts";
import { readValues, SetRead } from "../checking/set-read.ts";
import type { SetFullResult } from "../checking/results.ts";
import type { SetOpsNames } from "./set-ops.ts";
import type { Explanation } from "./workload.ts";

/** Lost values named one by one; the rest are counted. */
const NAMED_LOST = 5;
/** Missing reads named per lost value. */
const NAMED_READS = 3;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export function explainLost(history: readonly Op[], result: SetFullResult, names: SetOpsNames): Reason[] {
  const lost = result.lost.slice(0, NAMED_LOST);
  const t0 = history[0]?.time ?? 0;
  const reasons = lost.map((value): Reason => {
    const known = history.find((op) => op.f === names.add && op.type === "ok" && op.value === value);
    const after = known?.time ?? -Infinity;
    const missed = history.filter((op) => op.f === "read" && op.type === "ok" && op.time > after && (op.value instanceof SetRead || Array.isArray(op.value)) && !readValues(op.value).includes(value));
    const reads = missed.slice(-NAMED_READS).map((op) => `${op.node} at ${seconds(op.time - t0)}`);
    const where = known ? `acknowledged by ${known.node} at ${seconds(known.time - t0)}` : "shown by a read";
    return {
      kind: "lost",
      f: "read",
      field: names.readField,
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

/** An add answered with a definite error (it did not happen), whose value some read showed all the same. */
function misplacedErrors(history: readonly Op[], names: SetOpsNames): Anomaly[] {
  const read = new Set<unknown>();
  // Every value a chain of reads shows is in the tail of one of them.
  for (const op of history) {
    if (op.f !== "read" || op.type !== "ok") continue;
    for (const v of op.value instanceof SetRead ? op.value.tail : readValues(op.value)) read.add(v);
  }
  return history.flatMap((op) => {
    const code = Number(/^error (\d+):/.exec(op.error ?? "")?.[1]);
    if (op.f !== names.add || op.type !== "fail" || !definiteErrorCodes.has(code) || !read.has(op.value)) return [];
    return [{ kind: "misplaced-error" as const, time: op.time, node: op.node, f: op.f, field: "code", expected: `no error: a read showed ${shortJson(op.value)}, so the ${names.add} happened`, got: `${op.error ?? ""}` }];
  });
}

function noStable(result: SetFullResult): Reason[] {
  if (result.valid !== "unknown") return [];
  return [{ kind: "no-stable", text: `no value was stable: ${result["attempt-count"]} values added, none shown by an ok read that every later read agreed with`, expected: "at least one stable value", actual: "0" }];
}

export function explainSet(history: readonly Op[], result: SetFullResult, names: SetOpsNames): Explanation {
  return { reasons: [...explainLost(history, result, names), ...noStable(result)], misplacedErrors: misplacedErrors(history, names) };
}
