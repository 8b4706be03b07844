// One entry of a test's operation history, in the shape of a Jepsen history op; also how history.json is read back.
import { z } from "zod";

export const opTypes = ["invoke", "ok", "fail", "info"] as const;
export type OpType = (typeof opTypes)[number];

export const opSchema = z.object({
  /** Jepsen's logical process: a worker gets a fresh one after an indeterminate (info) op. */
  process: z.number().int().nonnegative(),
  type: z.enum(opTypes),
  /** The workload's operation name: broadcast's are "broadcast" and "read", g-set's "add" and "read". */
  f: z.string(),
  /**
   * What the op carried: for broadcast the value added (on invoke and completion); for read null
   * on invoke, the values read on ok, null on fail/info.
   */
  value: z.unknown(),
  /** Milliseconds since the test started (fractional; virtual or wall-clock). */
  time: z.number(),
  /** The server the worker talks to. */
  node: z.string(),
  /** Why an op failed or is indeterminate. */
  error: z.string().optional(),
  /** Jepsen's `:final?`: one of the counters' final reads, the only reads their checker judges. */
  final: z.literal(true).optional(),
});
export type Op = z.infer<typeof opSchema>;

export const historySchema = z.array(opSchema);
