/** One entry of a test's operation history, in the shape of a Jepsen history op. */
export type OpType = "invoke" | "ok" | "fail" | "info";
export type OpF = "broadcast" | "read";

export interface Op {
  /** Jepsen's logical process: a worker gets a fresh one after an indeterminate (info) op. */
  process: number;
  type: OpType;
  f: OpF;
  /**
   * broadcast: the value added (on invoke and completion);
   * read: null on invoke, the values read on ok, null on fail/info.
   */
  value: unknown;
  /** Milliseconds since the test started (fractional; virtual or wall-clock). */
  time: number;
  /** The server the worker talks to. */
  node: string;
  /** Why an op failed or is indeterminate. */
  error?: string;
}
