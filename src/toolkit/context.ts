// What a handler of a user's node may do: read and change its state, send, reply, and call other nodes with a timeout.
import type { AnyMaelstromMessage } from "../protocol/codec.ts";

/** A body a node sends: a type, and whatever fields its protocol has. */
export type OutBody = { type: string; [field: string]: unknown };

/** How a call to another node ended: its reply, an error reply, or no reply in time (code 0, Maelstrom's timeout). */
export type RpcResult = { ok: true; reply: AnyMaelstromMessage } | { ok: false; code: number; text: string; reply?: AnyMaelstromMessage };

/** Everything a handler, a timer or an RPC continuation may touch; valid only during its call. */
export interface Context<S> {
  /** The node's state: change it in place, or assign a new one. */
  state: S;
  /** The time of the event being handled (monotonic ms: the runtime's clock, or the simulator's). */
  readonly now: number;
  readonly self: string;
  readonly nodeIds: readonly string[];
  /** Fire and forget: no msg_id, no reply expected. */
  send(dest: string, body: OutBody): void;
  /**
   * A request with a msg_id; `then` runs once, with the reply or, `timeoutMs` after now, with a
   * timeout. The deadline is kept in the node's state and counted in `nextDue()`, so the
   * continuation is as deterministic as any handler.
   */
  rpc(dest: string, body: OutBody, timeoutMs: number, then: (result: RpcResult, ctx: Context<S>) => void): void;
  /** A protocol warning: on stderr in the runtime; the simulator judges the run invalid. */
  warn(text: string): void;
}

/** A handler's context for a message: `reply` answers it (nothing is sent if it carried no msg_id). */
export interface RequestContext<S> extends Context<S> {
  reply(body: OutBody): void;
}

/** Thrown by a handler, becomes a Maelstrom error reply to the request (e.g. code 20, key does not exist). */
export class MaelstromError extends Error {
  constructor(
    readonly code: number,
    text: string,
  ) {
    super(text);
    this.name = "MaelstromError";
  }
}
