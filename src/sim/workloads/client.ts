// A Maelstrom client on the simulated network: one request at a time, answered by its reply or its timeout, whichever comes first.
import { headOf } from "../world/line-envelope.ts";
import type { Body, Envelope } from "../world/network.ts";
import type { Scheduler } from "../world/scheduler.ts";

/** Maelstrom's client RPC timeout. */
export const RPC_TIMEOUT_MS = 5000;

export interface ClientNet {
  scheduler: Scheduler;
  send(message: Envelope): void;
  /** Opens a client under a fresh id and routes its messages to `handler`. */
  open(handler: (message: Envelope) => void): string;
  close(id: string): void;
}

/**
 * Numbers its requests from msg_id 1 and takes only the reply to the one outstanding, so a late
 * reply to an earlier request that timed out is ignored, as Maelstrom's RPC does. Any other
 * reply — to a request never sent or already answered — goes to `onStray` with the msg_id then
 * outstanding (0 for none).
 */
export class Client {
  readonly id: string;
  private msgId = 0;
  private pending: ((reply: Envelope | undefined) => void) | undefined;
  private readonly timedOut = new Set<number>();

  constructor(
    private readonly net: ClientNet,
    onStray?: (reply: Envelope, outstanding: number) => void,
  ) {
    this.id = net.open((m) => {
      const to = headOf(m).in_reply_to;
      if (to === this.msgId && this.pending) this.pending(m);
      else if (typeof to !== "number" || !this.timedOut.delete(to)) onStray?.(m, this.pending ? this.msgId : 0);
    });
  }

  /** Sends `body` to `dest`; `done` gets the reply, or undefined after `timeoutMs`. */
  request(dest: string, body: Body, timeoutMs: number, done: (reply: Envelope | undefined) => void): void {
    const { scheduler } = this.net;
    const msgId = ++this.msgId;
    const cancel = scheduler.at(scheduler.now() + timeoutMs, () => {
      this.timedOut.add(msgId);
      settle(undefined);
    });
    const settle = (reply: Envelope | undefined): void => {
      if (this.pending !== settle) return;
      this.pending = undefined;
      cancel();
      done(reply);
    };
    this.pending = settle;
    this.net.send({ src: this.id, dest, body: { ...body, msg_id: msgId } });
  }

  close(): void {
    this.pending = undefined;
    this.net.close(this.id);
  }
}
