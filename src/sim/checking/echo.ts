// Maelstrom's echo checker: the completion of every echo must carry, under `echo`, the value its invocation sent.
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import type { Op } from "./history.ts";
import { validitySchema } from "./results.ts";

const echoErrorSchema = z.object({
  expected: z.unknown(),
  /** The completion's value: the reply body when ok, the sent value when it failed or timed out. */
  received: z.unknown(),
  /** How the op completed, and why when it was not ok: the reason a reader needs first. */
  type: z.string(),
  error: z.string().optional(),
  /** The node the echo was sent to; absent in results read from Maelstrom's. */
  node: z.string().optional(),
});

export const echoResultSchema = z.object({ valid: validitySchema, errors: z.array(echoErrorSchema) });
export type EchoResult = z.infer<typeof echoResultSchema>;

function echoed(value: unknown): unknown {
  return typeof value === "object" && value !== null && "echo" in value ? value.echo : undefined;
}

/**
 * Maelstrom pairs each invocation with its completion and looks up `echo` in the completion's
 * value; a failed or timed-out echo keeps the string it sent as its value, which has no `echo`,
 * so every echo that did not complete ok is an error too, as is one that never completed.
 */
export function checkEcho(history: readonly Op[]): EchoResult {
  const open = new Map<number, Op>();
  const errors: EchoResult["errors"] = [];
  const judge = (invoke: Op, completion: Op | undefined): void => {
    if (completion !== undefined && isDeepStrictEqual(echoed(completion.value), invoke.value)) return;
    errors.push({
      expected: invoke.value,
      received: completion?.value ?? null,
      type: completion?.type ?? "never completed",
      node: invoke.node,
      ...(completion?.error !== undefined && { error: completion.error }),
    });
  };
  for (const op of history) {
    if (op.type === "invoke") open.set(op.process, op);
    else {
      const invoke = open.get(op.process);
      open.delete(op.process);
      if (invoke !== undefined) judge(invoke, op);
    }
  }
  for (const invoke of open.values()) judge(invoke, undefined);
  return { valid: errors.length === 0, errors };
}
