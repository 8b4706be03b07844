// What a Maelstrom workload plugs into the bench: its setup requests, its client ops and their replies, and its checker.
import type { z } from "zod";
import type { Op } from "../checking/history.ts";
import type { Anomaly, Reason } from "../checking/reasons.ts";
import type { ResultsOf, WorkloadResult } from "../checking/results.ts";
import type { Body, Envelope } from "../world/network.ts";
import type { Rng } from "../world/rng.ts";
import type { TestOptions } from "./options.ts";

/** One client operation as the generator issues it. */
export interface ClientOp {
  f: string;
  /** Recorded on invoke, and kept on a failed or indeterminate completion (null for reads). */
  value: unknown;
  /** The request without its msg_id, which the client assigns. */
  body: Body;
  /**
   * Under Maelstrom's `with-errors`, a timeout or any error reply to an idempotent op (a read)
   * means it simply failed; an update that timed out, or got an error that does not promise it
   * did not happen, is indeterminate.
   */
  idempotent: boolean;
  /** Jepsen's `:final? true`, recorded on the invocation and its completion. */
  final?: true;
}

export interface Explanation {
  reasons: Reason[];
  misplacedErrors: Anomaly[];
}

export type ReplyVerdict = { ok: true; value: unknown } | { ok: false; field: string; expected: string };

/** A request sent to every node after init, each awaited before the next round (broadcast: topology). */
export interface SetupRound {
  type: string;
  timeoutMs: number;
  body: (node: string) => Record<string, unknown>;
}

export interface OpGenerator {
  /** Draws the next op from the workload's random stream. */
  next(rng: Rng): ClientOp;
  /** The op every worker runs once after recovery; absent when Maelstrom's workload has no final generator. */
  final?(): ClientOp;
}

export interface Workload<R extends WorkloadResult = WorkloadResult, N extends string = string> {
  /** Maelstrom's name for it: `-w NAME`. */
  readonly name: N;
  setup(nodes: readonly string[], options: TestOptions): SetupRound[];
  /**
   * Whether the client wraps its calls in Maelstrom's `with-errors` (see ClientOp.idempotent).
   * Without it, a timeout, any error and a malformed reply all leave the op indeterminate (info).
   */
  readonly withErrors: boolean;
  /** Makes one run's generator state. */
  generator(): OpGenerator;
  /** The value of an ok completion of `op` from its (non-error) reply, or the field at fault and what it should hold. */
  ok(op: ClientOp, reply: Body): ReplyVerdict;
  /** The checker: judges a finished history. */
  check(history: readonly Op[]): R;
  /** Why the checker's verdict is not valid, and what the history shows that no checker flags (an error on an op that happened). */
  explain(history: readonly Op[], result: R): Explanation;
  /**
   * Makes a judge for one process's replies, when judging a reply against the same process's
   * previous one is cheaper: a grow-only set's read is checked only where it differs from the
   * last, and recorded as that difference (checking/set-read). Same verdicts as `ok`. Absent: `ok`.
   */
  judge?(): (op: ClientOp, reply: Envelope) => ReplyVerdict;
  /** A grow-only set's add op ("broadcast", "add"): whose spread past a cut the bench measures (checking/visibility). */
  readonly setAdd?: string;
  /** How a run's results.json is read back: `resultsSchemaOf(name, the checker's schema)`. */
  readonly resultsSchema: z.ZodType<ResultsOf<R, N>>;
}
