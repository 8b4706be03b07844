// The counters' verdict explained: each final read outside the acceptable sums, with its node and value, against those sums.
import type { CounterResult } from "../../checking/acceptable.ts";
import type { Reason } from "../../checking/reasons.ts";

/** Wrong final reads named one by one; the rest are counted. */
const NAMED_READS = 5;

const ranges = (acceptable: CounterResult["acceptable"]): string => acceptable.map(([lower, upper]) => (lower === upper ? `${lower}` : `${lower}…${upper}`)).join(", ");

export function explainCounter(result: CounterResult): Reason[] {
  const errors = result.errors ?? [];
  const expected = `one of ${ranges(result.acceptable)}`;
  const reasons = errors.slice(0, NAMED_READS).map((op): Reason => ({
    kind: "unacceptable-read",
    node: op.node,
    f: "read",
    field: "value",
    expected,
    actual: JSON.stringify(op.value) ?? String(op.value),
    text: `final read on ${op.node} gave ${JSON.stringify(op.value)}, outside the sums the adds allow: ${expected}`,
  }));
  if (errors.length > NAMED_READS) reasons.push({ kind: "unacceptable-read", text: `${errors.length - NAMED_READS} more final reads outside ${ranges(result.acceptable)}` });
  return reasons;
}
