// Reads that pull: a read at a leaf asks the hub for its delta and is answered when it comes, or from local state at a bound.
import type { DeltaState } from "../datatypes/delta-state.ts";
import type { GossipBody } from "../protocol/messages.ts";
import type { PullConfig } from "./config.ts";
import type { PeerLink } from "./peer-link.ts";

/** Reads waiting on one pull, at most; past it a read is answered from local state at once, so the queue stays bounded. */
export const MAX_PULL_READERS = 4096;

/** A client's read waiting on a pull. */
export interface PullReader {
  src: string;
  msgId: number;
}

interface InFlight {
  id: number;
  readers: PullReader[];
}

/**
 * A leaf's pulls from its hub. One pull is in flight at a time and every read that comes while
 * it is shares it. Any value acknowledged before a read was invoked reached the hub before the
 * read's own pull does, so the answer holds it — unless the read joined a pull sent earlier,
 * which costs a read at most that pull's head start in staleness and saves a round trip.
 * Unanswered within a bound derived from the pulls' own round trips (RFC 6298's estimator over
 * exact samples, since pulls are numbered), the readers get the local state: a stale read, never
 * a lost value (a leaf holds every value it acknowledged) nor a client timeout.
 */
export class Pulls {
  private inFlight: InFlight | undefined;
  private sent = { id: -1, at: 0 };
  private srtt: number | undefined;
  private rttvar = 0;

  constructor(private readonly config: PullConfig) {}

  /**
   * A client's read: the gossip to send `hub` (the link to whichever hub the overlay names now)
   * at once — nothing if the read joins the pull in flight — or undefined to answer it from local state.
   */
  read(reader: PullReader, hub: PeerLink, log: DeltaState, now: number, serves?: GossipBody["serves"]): GossipBody[] | undefined {
    if (this.inFlight) {
      if (this.inFlight.readers.length >= MAX_PULL_READERS) return undefined;
      this.inFlight.readers.push(reader);
      return [];
    }
    const id = this.sent.id + 1;
    const out = hub.requestPull(log, now, serves);
    const last = out[out.length - 1];
    if (last) last.pull = id;
    this.sent = { id, at: now };
    this.inFlight = { id, readers: [reader] };
    return out;
  }

  /** Gossip from the hub: the readers to answer now, if it ends the pull in flight. */
  answered(body: GossipBody, now: number): PullReader[] {
    if (body.pulled === undefined) return [];
    // A late answer still measures the round trip, so a bound that was too tight grows again.
    if (body.pulled === this.sent.id) this.sample(now - this.sent.at);
    if (this.inFlight?.id !== body.pulled) return [];
    const { readers } = this.inFlight;
    this.inFlight = undefined;
    return readers;
  }

  /** The readers whose pull has gone unanswered past the bound: answer them from local state. */
  expired(now: number): PullReader[] {
    if (!this.inFlight || now < this.nextDue()) return [];
    const { readers } = this.inFlight;
    this.inFlight = undefined;
    return readers;
  }

  /** When the pull in flight times out; Infinity if none is. */
  nextDue(): number {
    return this.inFlight ? this.sent.at + this.timeout() : Number.POSITIVE_INFINITY;
  }

  /**
   * How long a pull may go unanswered: twice the smoothed round trip plus four deviations, within
   * the configured bounds — a busy hub's answer that is late by a round trip is still worth more
   * than a stale read.
   */
  timeout(): number {
    const { timeoutMin, timeoutMax } = this.config;
    if (this.srtt === undefined) return timeoutMax;
    return Math.max(timeoutMin, Math.min(timeoutMax, 2 * this.srtt + 4 * this.rttvar));
  }

  private sample(rtt: number): void {
    if (this.srtt === undefined) {
      this.srtt = rtt;
      this.rttvar = rtt / 2;
      return;
    }
    this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - rtt);
    this.srtt = 0.875 * this.srtt + 0.125 * rtt;
  }
}

/** Answers a peer's pull number `id`: our delta since its acknowledged point, the last message marked. */
export function answerPull(link: PeerLink, id: number, log: DeltaState, now: number, serves?: GossipBody["serves"]): GossipBody[] {
  const out = link.answerPull(log, now, serves);
  const last = out[out.length - 1];
  if (last) last.pulled = id;
  return out;
}
