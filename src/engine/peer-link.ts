// Delta gossip with one peer: a window of bounded messages, cumulative acknowledgements, probes while the peer is silent.
import { MAX_GOSSIP_VALUE_BYTES } from "../protocol/limits.ts";
import type { GossipBody } from "../protocol/messages.ts";
import type { GossipConfig } from "./config.ts";
import type { DeltaState } from "../datatypes/delta-state.ts";

/**
 * Bytes of our log that may be sent and not yet acknowledged (four full messages), as TCP's
 * window: a healed peer catches up a window per round trip, and a silent one costs no more.
 */
export const WINDOW_BYTES = 4 * MAX_GOSSIP_VALUE_BYTES;

/**
 * Value bytes a probe carries at most (at least one value, whatever its size): after a timeout
 * only a probe goes out until the peer acknowledges again, so the bytes sent to a cut-off peer
 * grow with the length of the cut, not with its square.
 */
export const PROBE_BYTES = 512;

/** Sends remembered for round-trip samples, at most: beyond it the latest record stretches to cover the newest send. */
export const MAX_INFLIGHT = 1024;

/**
 * One direction-pair of delta gossip with one peer: what of our log it has acknowledged, what we
 * have sent it, what of its log we have, and when to send next. Like a Kafka consumer offset
 * kept by the producer, one integer says what the peer has; unlike it, values go out once, in
 * messages of at most `MAX_GOSSIP_VALUE_BYTES`, and only a timeout sends anything again.
 */
export class PeerLink {
  /** Prefix of our log that the peer has confirmed. */
  acked = 0;
  /** Where the next message starts; below `sentMax` after a timeout, to resend from there (go-back-N). */
  private next = 0;
  /** The furthest any message to the peer has reached. */
  private sentMax = 0;
  /** A timeout fired and nothing has been acknowledged since: only probes go out. */
  private probing = false;
  /** Scan cursors that skip the peer's own values (it has them), so checks stay amortised O(1). */
  private newFrom = 0;
  private outstandingFrom = 0;
  private lastSendAt = Number.NEGATIVE_INFINITY;
  /** When the oldest unacknowledged data went out, or the last acknowledgement of new data came. */
  private progressAt = Number.NEGATIVE_INFINITY;
  private rto: number;
  private srtt: number | undefined;
  private rttvar = 0;
  /** Sends not yet acknowledged, for round-trip samples (Karn: retransmitted ones give none). */
  private inflight: { end: number; at: number; retransmit: boolean }[] = [];
  private warnedImpossibleAck = false;
  /** When a gap acknowledgement last made us resend: at most one resend per round trip, however many arrive. */
  private gapResentAt = Number.NEGATIVE_INFINITY;

  /** Prefix of the peer's log that we have. */
  received = 0;
  /** The `received` we last told the peer. */
  private ackSent = 0;
  private owedSince: number | undefined;
  private lastHeardAt = Number.NEGATIVE_INFINITY;
  /** Values arrived past `received`: the peer is to hear at once that something before them was lost. */
  private gapOwed = false;
  /** When we last told the peer of a gap, and at which `received`: once per gap and timeout, not per message past it. */
  private gapToldAt = Number.NEGATIVE_INFINITY;
  private gapToldFor = -1;

  constructor(
    readonly index: number,
    readonly id: string,
    /** Whether the overlay has us push values to this peer, or only acknowledge what it sends. */
    public pushes: boolean,
    /** How long new values gather before going to this peer; the overlay changes it when the node's role changes. */
    public batchDelay: number,
    private readonly config: GossipConfig,
  ) {
    this.rto = config.rtoMax;
  }

  /**
   * Takes in a gossip message from the peer. An acknowledgement past anything we sent is
   * impossible: it is ignored, never clamped (that would stop retransmission for good), and the
   * first one is returned as a warning. Values starting past what we hold mean something before
   * them was lost: that is acknowledged at once, flagged as a gap, instead of waiting for the
   * sender's timeout, which traffic keeps pushing out to `ackMax` and more.
   */
  receive(body: GossipBody, now: number): string | undefined {
    if (body.start <= this.received) this.received = Math.max(this.received, body.end);
    else if (body.values.length) {
      if (this.received !== this.gapToldFor || now >= this.gapToldAt + this.rto) this.gapOwed = true;
    }
    // Only values need acknowledging: a range holding nothing but our own entries leaves the
    // sender nothing to retransmit, so answering it would only start an ack of an ack.
    if (body.values.length) {
      // A message starting below what we last told means that acknowledgement never arrived; we never told more than we held.
      this.ackSent = Math.min(this.ackSent, body.start);
      if (this.received > this.ackSent) this.owedSince ??= now;
    }
    this.lastHeardAt = now;
    if (body.ack > this.sentMax) {
      if (this.warnedImpossibleAck) return undefined;
      this.warnedImpossibleAck = true;
      return `gossip from ${this.id} acknowledges offset ${body.ack}, past the ${this.sentMax} we sent it; ignored (said once per peer)`;
    }
    const ack = this.config.defects?.ackOffByOne ? Math.min(body.ack + 1, this.sentMax) : body.ack;
    if (ack > this.acked) this.onAck(ack, now);
    if (body.gap) this.onGap(now);
    return undefined;
  }

  /**
   * The peer got values past what it holds: go back to its acknowledged offset and resend from
   * there (go-back-N), once per round trip, since duplicated or reordered messages can each
   * bring another gap acknowledgement for the same loss.
   */
  private onGap(now: number): void {
    if (this.acked >= this.sentMax || now < this.gapResentAt + (this.srtt ?? this.rto)) return;
    this.gapResentAt = now;
    this.next = this.acked;
    this.probing = false;
    // What goes again is a retransmission (Karn): no round-trip sample, and the timer restarts with it.
    this.inflight = [];
  }

  private onAck(ack: number, now: number): void {
    this.acked = ack;
    this.probing = false;
    this.progressAt = now;
    if (this.next < ack) this.next = ack;
    let sample: number | undefined;
    while ((this.inflight[0]?.end ?? Infinity) <= ack) {
      const sent = this.inflight.shift();
      if (sent) sample = sent.retransmit ? undefined : now - sent.at;
    }
    if (sample !== undefined) {
      // RFC 6298's smoothing; the delayed acknowledgement is part of the sample on purpose.
      if (this.srtt === undefined) {
        this.srtt = sample;
        this.rttvar = sample / 2;
      } else {
        this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - sample);
        this.srtt = 0.875 * this.srtt + 0.125 * sample;
      }
    }
    if (this.srtt !== undefined) this.rto = clamp(this.srtt + 4 * this.rttvar, this.config.rtoMin, this.config.rtoMax);
  }

  /** The smoothed round trip and its deviation (RFC 6298), once an acknowledgement has given a sample. */
  get roundTrip(): { srtt: number; rttvar: number } | undefined {
    return this.srtt === undefined ? undefined : { srtt: this.srtt, rttvar: this.rttvar };
  }

  /** The current retransmission timeout, from the measured round trip: how long an answer may fairly take. */
  get timeout(): number {
    return this.rto;
  }

  /** The earliest time at which `poll` would send something; Infinity if nothing is pending. */
  nextDue(log: DeltaState): number {
    let due = Number.POSITIVE_INFINITY;
    if (this.pushes) {
      due = this.batchDue(log);
      if (this.resendable(log)) due = Math.min(due, this.lastHeardAt);
      if (this.hasOutstanding(log) && !this.config.defects?.noRetransmit) due = Math.min(due, this.timeoutAt());
    }
    return Math.min(due, this.ackDue());
  }

  /** When a bare acknowledgement is owed: once the peer has gone quiet, or has waited too long. */
  private ackDue(): number {
    if (this.gapOwed) return this.lastHeardAt;
    // Owed only while something received is untold: `owedSince` is set then, and cleared whenever we tell `received`.
    if (this.owedSince === undefined) return Number.POSITIVE_INFINITY;
    return Math.min(this.lastHeardAt + this.config.ackQuiet, this.owedSince + this.config.ackMax);
  }

  /**
   * When outstanding data times out: a retransmission timeout after the last send (an idle
   * link), or — while new values keep going out — once no acknowledgement has made progress for
   * longer than the peer may hold one back (`ackMax`) plus a timeout.
   */
  private timeoutAt(): number {
    return Math.min(this.lastSendAt + this.rto, this.progressAt + this.config.ackMax + this.rto);
  }

  /** When the oldest value not yet sent to this peer will have waited its batching delay; Infinity while it cannot go. */
  batchDue(log: DeltaState): number {
    if (!this.pushes || log.bytesBetween(this.acked, this.sentMax) >= WINDOW_BYTES || !this.hasNew(log)) return Number.POSITIVE_INFINITY;
    return log.changedAt(this.newFrom) + this.batchDelay;
  }

  /**
   * The messages to send now, if any are due. `batchRound` says another link of the same
   * batching group is due: then new values go out too, so that a group's peers share one round
   * instead of drifting apart after a retransmission or an acknowledgement.
   */
  poll(log: DeltaState, now: number, batchRound = false, serves?: GossipBody["serves"]): GossipBody[] {
    const out: GossipBody[] = [];
    if (this.pushes) {
      if (!this.config.defects?.noRetransmit && this.hasOutstanding(log) && now >= this.timeoutAt()) {
        this.rto = Math.min(this.rto * 2, this.config.rtoMax);
        this.probing = true;
        this.progressAt = now;
        // Everything in flight is now a retransmission: none of it may give a round-trip sample.
        this.inflight = [];
        this.next = this.send(log, now, this.acked, this.sentMax, PROBE_BYTES, out);
      } else {
        while (this.resendable(log)) this.next = this.send(log, now, this.next, this.sentMax, MAX_GOSSIP_VALUE_BYTES, out);
      }
      // New values go out even while probing: each goes once, and the window bounds them.
      const batch = this.batchDue(log);
      if (batch <= now || (batchRound && batch < Number.POSITIVE_INFINITY)) {
        const caughtUp = this.next >= this.sentMax;
        while (this.sentMax < log.version && log.bytesBetween(this.acked, this.sentMax) < WINDOW_BYTES) {
          this.send(log, now, this.sentMax, log.version, MAX_GOSSIP_VALUE_BYTES, out);
        }
        if (caughtUp) this.next = this.sentMax;
      }
    }
    if (!out.length && this.ackDue() <= now) out.push(bareBody(0, this.received));
    if (serves !== undefined) for (const body of out) body.serves = serves;
    const first = out[0];
    if (first) {
      this.ackSent = this.received;
      this.owedSince = undefined;
    }
    if (first && this.gapOwed) {
      first.gap = true;
      this.gapOwed = false;
      this.gapToldAt = now;
      this.gapToldFor = this.received;
    }
    return out;
  }

  /** A pull to the peer: whatever is owed goes out now, and at least one message, to carry the pull. */
  requestPull(log: DeltaState, now: number, serves?: GossipBody["serves"]): GossipBody[] {
    const out = this.poll(log, now, true, serves);
    if (!out.length) out.push(this.bare(this.sentMax, serves));
    return out;
  }

  /**
   * The answer to the peer's pull: our log from the point it acknowledges, as far as the window
   * allows, in at least one message. What was in flight goes again, so the answer alone holds
   * everything we had when the pull came, whatever became of earlier messages.
   */
  answerPull(log: DeltaState, now: number, serves?: GossipBody["serves"]): GossipBody[] {
    const out: GossipBody[] = [];
    // Resent positions give no round-trip sample (Karn), nor may the records they overtake; with nothing outstanding there are none.
    this.inflight = [];
    let from = this.acked;
    while (from < log.version && log.bytesBetween(this.acked, from) < WINDOW_BYTES) from = this.send(log, now, from, log.version, MAX_GOSSIP_VALUE_BYTES, out);
    this.next = Math.max(this.next, from);
    if (!out.length) return [this.bare(from, serves)];
    for (const body of out) if (serves !== undefined) body.serves = serves;
    this.ackSent = this.received;
    this.owedSince = undefined;
    return out;
  }

  /** A message of no values at `at`, carrying our acknowledgement. */
  private bare(at: number, serves: GossipBody["serves"]): GossipBody {
    this.ackSent = this.received;
    this.owedSince = undefined;
    return bareBody(at, this.received, serves);
  }

  /** Unacknowledged positions beyond the peer's own changes: how much is still to be confirmed. */
  unacknowledged(log: DeltaState): number {
    return this.hasOutstanding(log) || this.hasNew(log) ? log.version - this.acked : 0;
  }

  /** One message from `from`: values up to `maxBytes` (at least one), skipping the peer's own. Returns where it ended. */
  private send(log: DeltaState, now: number, from: number, limit: number, maxBytes: number, out: GossipBody[]): number {
    const { values, end: i } = log.delta(from, limit, this.index, maxBytes);
    const retransmit = from < this.sentMax;
    this.sentMax = Math.max(this.sentMax, i);
    if (!values.length) return i;
    // RFC 6298: the timer starts with the first unacknowledged send, not with every send.
    if (!this.inflight.length) this.progressAt = now;
    const last = this.inflight[this.inflight.length - 1];
    // A peer that never answers must not cost a record per send; the merged record gives no sample.
    if (last && this.inflight.length >= MAX_INFLIGHT) Object.assign(last, { end: i, retransmit: true });
    else this.inflight.push({ end: i, at: now, retransmit });
    this.lastSendAt = now;
    out.push({ type: "gossip", start: from, end: i, values, ack: this.received });
    return i;
  }

  /** What a timeout sent back: resent at once once the peer answers, as the window allows. */
  private resendable(log: DeltaState): boolean {
    return !this.probing && this.next < this.sentMax && log.bytesBetween(this.acked, this.next) < WINDOW_BYTES;
  }

  private hasNew(log: DeltaState): boolean {
    this.newFrom = log.nextChange(Math.max(this.newFrom, this.sentMax, this.acked), log.version, this.index);
    return this.newFrom < log.version;
  }

  private hasOutstanding(log: DeltaState): boolean {
    this.outstandingFrom = log.nextChange(Math.max(this.outstandingFrom, this.acked), this.sentMax, this.index);
    return this.outstandingFrom < this.sentMax;
  }
}

/** A gossip message of no values at position `at`: an acknowledgement (`ack`), and, asked for, a probe. */
export function bareBody(at: number, ack: number, serves?: GossipBody["serves"], probe?: true): GossipBody {
  return { type: "gossip", start: at, end: at, values: [], ack, ...(serves !== undefined && { serves }), ...(probe && { probe }) };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, x));
}
