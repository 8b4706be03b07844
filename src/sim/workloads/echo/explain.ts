// Echo's verdict explained: the ops not echoed back, each with its node, what was sent and what came back or why nothing did.
import type { EchoResult } from "../../checking/echo.ts";
import type { Reason } from "../../checking/reasons.ts";

/** Ops not echoed named one by one; the rest are counted. */
const NAMED_ERRORS = 5;

export function explainEcho(result: EchoResult): Reason[] {
  const reasons = result.errors.slice(0, NAMED_ERRORS).map((e): Reason => {
    const actual = e.type === "ok" ? (JSON.stringify(e.received) ?? "nothing") : `${e.type}${e.error !== undefined ? ` (${e.error})` : ""}`;
    return {
      kind: "not-echoed",
      ...(e.node !== undefined && { node: e.node }),
      f: "echo",
      field: "echo",
      expected: JSON.stringify(e.expected) ?? "the text sent",
      actual,
      text: `echo ${JSON.stringify(e.expected)}${e.node !== undefined ? ` to ${e.node}` : ""} not echoed: ${e.type === "ok" ? `the reply was ${actual}` : `it ended ${actual}`}`,
    };
  });
  if (result.errors.length > NAMED_ERRORS) reasons.push({ kind: "not-echoed", text: `${result.errors.length - NAMED_ERRORS} more echoes not echoed` });
  return reasons;
}
