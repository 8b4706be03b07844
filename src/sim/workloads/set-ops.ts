// The client side shared by broadcast and g-set, both grow-only sets: adds of 0, 1, 2, … mixed 50/50 with reads of the whole set.
import type { Body } from "../world/network.ts";
import type { ClientOp, Workload } from "./workload.ts";

export interface SetOpsNames {
  /** The add op's name and request type: "broadcast" or "add". */
  add: string;
  /** The request field carrying the value: broadcast's `message`, g-set's `element`. */
  field: string;
  /** The read_ok field carrying the set: broadcast's `messages`, g-set's `value`. */
  readField: string;
}

const read = (): ClientOp => ({ f: "read", value: null, body: { type: "read" }, idempotent: true });

/** Jepsen's gen/mix of the adds and the reads, and the reply each must get. */
export function setOps(names: SetOpsNames): Pick<Workload, "generator" | "ok"> {
  return {
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
    ok: (op: ClientOp, reply: Body) => {
      if (op.f === "read") return reply.type === "read_ok" && Array.isArray(reply[names.readField]) ? { value: reply[names.readField] } : undefined;
      return reply.type === `${names.add}_ok` ? { value: op.value } : undefined;
    },
  };
}
