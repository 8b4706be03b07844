// Maelstrom's pn-counter workload: adds of deltas −5…4 mixed 50/50 with reads, one final read per worker, judged by the acceptable-sums checker.
import { addOkBody, counterReadOkBody } from "../../../protocol/maelstrom.ts";
import { checkCounter, counterResultSchema, type CounterResult } from "../../checking/acceptable.ts";
import { resultsSchemaOf } from "../../checking/results.ts";
import type { Rng } from "../../world/rng.ts";
import { judgeReply } from "../reply.ts";
import type { ClientOp, OpGenerator, Workload } from "../workload.ts";
import { explainCounter } from "./explain.ts";

/** Deltas are `(- (rand-int 10) 5)`. */
const DELTA_SPAN = 10;
const DELTA_OFFSET = 5;

const read = (): ClientOp => ({ f: "read", value: null, body: { type: "read" }, idempotent: true });

/** Jepsen's gen/mix of the add function and the reads: each op picks one of the two uniformly. */
export function pnCounterOp(rng: Rng): ClientOp {
  if (rng.int(2) !== 0) return read();
  const delta = rng.int(DELTA_SPAN) - DELTA_OFFSET;
  return { f: "add", value: delta, body: { type: "add", delta }, idempotent: false };
}

/** The counters' shared parts: RPCs, final reads marked final, no setup, the checker. */
export function counterWorkload<N extends string>(name: N, next: OpGenerator["next"]): Workload<CounterResult, N> {
  return {
    name,
    setup: () => [],
    // The counters' client calls its RPCs bare: every non-ok outcome, a read's too, is indeterminate.
    withErrors: false,
    generator: () => ({ next, final: () => ({ ...read(), final: true }) }),
    ok: (op, reply) => (op.f === "read" ? judgeReply(counterReadOkBody, reply, (r) => r.value) : judgeReply(addOkBody, reply, () => op.value)),
    check: checkCounter,
    explain: (_history, result) => ({ reasons: explainCounter(result), misplacedErrors: [] }),
    resultsSchema: resultsSchemaOf(name, counterResultSchema),
  };
}

export const pnCounterWorkload = counterWorkload("pn-counter", pnCounterOp);
