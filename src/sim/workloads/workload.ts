// What a Maelstrom workload plugs into the bench: its setup requests, its client ops and their replies, and its checker.
import type { z } from "zod";
import type { Op } from "../checking/history.ts";
import type { Anomaly, Reason } from "../checking/reasons.ts";
import type { WorkloadResult } from "../checking/results.ts";
import type { Body } from "../world/network.ts";
import type { Rng } from "../world/rng.ts";
import type { TestOptions } from "./options.ts";

/** One client operation as the generator issues it. */
export interface ClientOp {
  f: string;
  /** Recorded on invoke; also on a failed or indeterminate completion unless `readOnly`. */
  value: unknown;
  /** The request without its msg_id, which the client assigns. */
  body: Body;
  /**
   * A read changes nothing, so a timeout or any error reply means it simply failed; an update
   * that timed out, or got an error that does not promise it did not happen, is indeterminate.
   */
  readOnly: boolean;
}

export type ReplyVerdict = { ok: true; value: unknown } | { ok: false; field: string; expected: string };

/** A request sent to every node after init, each awaited before the next round (broadcast: topology). */
export interface SetupRound {
  type: string;
  timeoutMs: number;
  body: (node: string) => Record<string, unknown>;
}

export interface Workload<R extends WorkloadResult = WorkloadResult> {
  /** Maelstrom's name for it: `-w NAME`. */
  readonly name: string;
  setup(nodes: readonly string[], options: TestOptions): SetupRound[];
  /**
   * Makes one run's generator state: each call of `next` draws the next op from the workload's
   * random stream; `final` is the op every worker runs once after recovery.
   */
  generator(): { next(rng: Rng): ClientOp; final(): ClientOp };
  /** The value of an ok completion of `op` from its (non-error) reply, or the field at fault and what it should hold. */
  ok(op: ClientOp, reply: Body): ReplyVerdict;
  /** The checker: judges a finished history. */
  check(history: readonly Op[]): R;
  /** Why the checker's verdict is not valid, and what the history shows that no checker flags (an error on an op that happened). */
  explain(history: readonly Op[], result: R): { reasons: Reason[]; misplacedErrors: Anomaly[] };
  /** How the checker's figures are read back from results.json. */
  readonly resultSchema: z.ZodType<R>;
}
