// Maelstrom's g-counter workload: pn-counter's, with the adds of negative deltas filtered out of its generator.
import type { ClientOp } from "../workload.ts";
import type { Rng } from "../../world/rng.ts";
import { counterWorkload, pnCounterOp } from "../pn-counter/workload.ts";

/**
 * Jepsen's gen/filter: a rejected op is not replaced by a fixed one; the filter asks the
 * underlying mix again (a fresh add-or-read choice, a fresh delta) until an op passes, and the
 * stagger paces only the ops that pass. Half the draws are reads and a quarter are adds of 0…4,
 * so the ops issued are 1/3 adds and 2/3 reads (add:read = 1:2, not 1:1), the rate is
 * unchanged, and the deltas are uniform over 0…4.
 */
export function gCounterOp(rng: Rng): ClientOp {
  for (;;) {
    const op = pnCounterOp(rng);
    if (!(op.f === "add" && Number(op.value) < 0)) return op;
  }
}

export const gCounterWorkload = counterWorkload("g-counter", gCounterOp);
