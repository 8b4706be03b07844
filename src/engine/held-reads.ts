// Reads that came before the node knew its workload: held until it does, or answered with a definite error at a bound.
import type { Message, ReadBody } from "../protocol/messages.ts";

/**
 * How long a read waits for the node to learn its workload (from a write or a peer's gossip)
 * before it is refused: below Maelstrom's 5 s client timeout with room for the reply's way back,
 * and above a frugal hub's round plus a leaf's batch and two hops.
 */
export const READ_HOLD_MS = 2500;

/** Reads held at most; beyond them a read is refused at once, so the queue stays bounded. */
export const MAX_HELD_READS = 4096;

interface Held {
  src: string;
  msgId: number;
  until: number;
}

/**
 * A read cannot be answered before the node knows its workload: broadcast's empty reply is
 * `{messages: []}`, g-set's `{value: []}`, a counter's `{value: 0}`, and a guess would give a
 * client a wrong shape. So such reads wait, in arrival order, and are answered as soon as a write
 * or gossip names the workload, or refused with error 11 (temporarily unavailable, definite) at
 * the bound.
 */
export class HeldReads {
  private readonly held: Held[] = [];

  get length(): number {
    return this.held.length;
  }

  /** Holds the read; false if the queue is full and it must be refused now. */
  hold(message: Message<ReadBody>, now: number): boolean {
    if (this.held.length >= MAX_HELD_READS) return false;
    this.held.push({ src: message.src, msgId: message.body.msg_id, until: now + READ_HOLD_MS });
    return true;
  }

  /** The earliest time a held read is due for refusal. */
  nextDue(): number {
    return this.held[0]?.until ?? Number.POSITIVE_INFINITY;
  }

  /** Takes out every held read (to answer them), or only those whose bound has passed. */
  take(expiredAt?: number): { src: string; msgId: number }[] {
    const count = expiredAt === undefined ? this.held.length : this.held.findIndex((h) => h.until > expiredAt);
    return this.held.splice(0, count < 0 ? this.held.length : count);
  }
}
