// Maelstrom's g-set workload: a 50/50 mix of adds of 0, 1, 2, … and reads of the whole set, judged by set-full as broadcast is.
import { setFullResultSchema, resultsSchemaOf, type SetFullResult } from "../../checking/results.ts";
import { checkSetFull } from "../../checking/set-full.ts";
import type { ClientOp, Workload } from "../workload.ts";

const read = (): ClientOp => ({ f: "read", value: null, body: { type: "read" }, idempotent: true });

export const gSetWorkload: Workload<SetFullResult, "g-set"> = {
  name: "g-set",
  setup: () => [],
  // Its client calls the RPCs bare: every non-ok outcome, a read's too, is indeterminate.
  withErrors: false,
  generator: () => {
    let nextValue = 0;
    return {
      next: (rng) => {
        if (rng.int(2) !== 0) return read();
        const value = nextValue++;
        return { f: "add", value, body: { type: "add", element: value }, idempotent: false };
      },
      final: read,
    };
  },
  ok: (op, reply) => {
    if (op.f === "read") return reply.type === "read_ok" && Array.isArray(reply.value) ? { value: reply.value } : undefined;
    return reply.type === "add_ok" ? { value: op.value } : undefined;
  },
  check: (history) => checkSetFull(history, "add"),
  resultsSchema: resultsSchemaOf("g-set", setFullResultSchema),
};
