// The client side shared by broadcast and g-set, both grow-only sets: adds of 0, 1, 2, … mixed 50/50 with reads of the whole set, judged by set-full and explained.
import type { z } from "zod";
import { checkSetFull } from "../checking/set-full.ts";
import { SetReadChain, valuesFrom } from "../checking/set-read.ts";
import { LineEnvelope } from "../world/line-envelope.ts";
import type { SetFullResult } from "../checking/results.ts";
import { judgeReply } from "./reply.ts";
import { explainSet } from "./set-explain.ts";
import type { Body } from "../world/network.ts";
import type { ClientOp, ReplyVerdict, Workload } from "./workload.ts";

export interface SetOpsNames {
  /** The add op's name and request type: "broadcast" or "add". */
  add: string;
  /** The request field carrying the value: broadcast's `message`, g-set's `element`. */
  field: string;
  /** The read_ok field carrying the set: broadcast's `messages`, g-set's `value`. */
  readField: string;
  /** The protocol's schemas of the two replies. */
  readOk: z.core.$ZodType<{ [field: string]: unknown }>;
  addOk: z.core.$ZodType;
}

const read = (): ClientOp => ({ f: "read", value: null, body: { type: "read" }, idempotent: true });

/** Jepsen's gen/mix of the adds and the reads, the reply each must get, the checker and its explanation. */
export function setOps(names: SetOpsNames): Pick<Workload<SetFullResult>, "generator" | "ok" | "judge" | "check" | "explain" | "setAdd"> {
  const { readOk, addOk } = names;
  const ok = (op: ClientOp, reply: Body): ReplyVerdict =>
    op.f === "read" ? judgeReply(readOk, reply, (r) => r[names.readField]) : judgeReply(addOk, reply, () => op.value);
  return {
    setAdd: names.add,
    generator: () => {
      let nextValue = 0;
      return {
        next: (rng) => {
          if (rng.int(2) !== 0) return read();
          const value = nextValue++;
          return { f: names.add, value, body: { type: names.add, [names.field]: value }, idempotent: false };
        },
        final: read,
      };
    },
    ok,
    judge: () => {
      const reads = new SetReadChain();
      return (op, reply) => {
        if (op.f !== "read") return ok(op, reply.body);
        // A reply in fragments (an in-process node's) is read without joining them.
        const fragments = reply instanceof LineEnvelope && reply.fragments?.field === names.readField ? reply.fragments : undefined;
        const body = fragments ? fragments.head : reply.body;
        const field = body[names.readField];
        const chunks = fragments ? fragments.values : [Array.isArray(field) ? field : []];
        const kept = reads.common(chunks);
        // The values the previous read had, in the same places, passed already: the rest decide.
        const rest = kept || fragments ? valuesFrom(chunks, kept) : undefined;
        const verdict = rest ? judgeReply(readOk, { ...body, [names.readField]: rest }, (r) => r[names.readField]) : ok(op, body);
        if (!verdict.ok) return rest ? ok(op, reply.body) : verdict;
        const tail: readonly unknown[] = Array.isArray(verdict.value) ? verdict.value : [];
        return { ok: true, value: reads.next(chunks, kept, tail) };
      };
    },
    check: (history) => checkSetFull(history, names.add),
    explain: (history, result) => explainSet(history, result, names),
  };
}
