// One peer's side of delta gossip: its acknowledged offset, retransmission timer and owed acknowledgement.
import type { GossipBody } from "../protocol/messages.ts";
import type { GossipConfig } from "./config.ts";
import type { ValueLog } from "./value-log.ts";

/**
 * One direction-pair of delta gossip with one peer: what of our log it has acknowledged, what we
 * have sent it, what of its log we have, and when to send next. Like a Kafka consumer offset
 * kept by the producer: every message carries everything past the acknowledged offset, so a
 * lost or reordered message never leaves a gap and retransmission costs no extra state.
 */
export class PeerLink {
  /** Prefix of our log that the peer has confirmed. */
  acked = 0;
  /** Prefix of our log that some message to the peer has covered. */
  private sentEnd = 0;
  /** Scan cursors that skip the peer's own values (it has them), so checks stay amortised O(1). */
  private newFrom = 0;
  private outstandingFrom = 0;
  private lastSendAt = Number.NEGATIVE_INFINITY;
  private rto: number;
  private srtt: number | undefined;
  private rttvar = 0;
  /** Sends not yet acknowledged, for round-trip samples (Karn: retransmitted ones give none). */
  private inflight: { end: number; at: number; retransmit: boolean }[] = [];

  /** Prefix of the peer's log that we have. */
  received = 0;
  /** The `received` we last told the peer. */
  private ackSent = 0;
  private owedSince: number | undefined;
  private lastHeardAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly index: number,
    readonly id: string,
    /** Whether the overlay has us push values to this peer, or only acknowledge what it sends. */
    public pushes: boolean,
    private readonly batchDelay: number,
    private readonly config: GossipConfig,
  ) {
    this.rto = config.rtoMax;
  }

  /** Takes in a gossip message from the peer; returns false if its acknowledgement was impossible. */
  receive(body: GossipBody, now: number, logLength: number): boolean {
    const held = this.received;
    if (body.start <= this.received && body.end > this.received) this.received = body.end;
    // Only values need acknowledging: a range holding nothing but our own entries leaves the
    // sender nothing to retransmit, so answering it would only start an ack of an ack.
    if (body.values.length) {
      // A message starting below what we held means our last acknowledgement never arrived.
      if (body.start < held) this.ackSent = Math.min(this.ackSent, body.start);
      if (this.received > this.ackSent) this.owedSince ??= now;
    }
    this.lastHeardAt = now;
    const sane = body.ack <= logLength;
    const ack = Math.min(body.ack + (this.config.defects?.ackOffByOne ? 1 : 0), logLength);
    if (ack > this.acked) this.onAck(ack, now);
    return sane;
  }

  private onAck(ack: number, now: number): void {
    this.acked = ack;
    let sample: number | undefined;
    while (this.inflight.length && (this.inflight[0]?.end ?? Infinity) <= ack) {
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

  /** The earliest time at which `poll` would send something; Infinity if nothing is pending. */
  nextDue(log: ValueLog): number {
    let due = Number.POSITIVE_INFINITY;
    if (this.pushes) {
      due = this.batchDue(log);
      if (this.hasOutstanding(log) && !this.config.defects?.noRetransmit) due = Math.min(due, this.lastSendAt + this.rto);
    }
    if (this.received > this.ackSent && this.owedSince !== undefined) {
      due = Math.min(due, this.lastHeardAt + this.config.ackQuiet, this.owedSince + this.config.ackMax);
    }
    return due;
  }

  /** When the oldest value not yet sent to this peer will have waited its batching delay. */
  batchDue(log: ValueLog): number {
    return this.pushes && this.hasNew(log) ? (log.addedAt[this.newFrom] ?? 0) + this.batchDelay : Number.POSITIVE_INFINITY;
  }

  /**
   * The message to send now, if one is due. `batchRound` says another link of the same batching
   * group is due: then new values go out too, so that a group's peers share one round instead of
   * drifting apart after a retransmission or an acknowledgement.
   */
  poll(log: ValueLog, now: number, batchRound = false): GossipBody | undefined {
    const joinRound = batchRound && this.pushes && this.hasNew(log);
    if (!joinRound && this.nextDue(log) > now) return undefined;
    const retransmit = this.pushes && this.hasOutstanding(log) && now >= this.lastSendAt + this.rto;
    if (retransmit) this.rto = Math.min(this.rto * 2, this.config.rtoMax);
    const start = this.pushes ? this.acked : 0;
    const end = this.pushes ? log.length : 0;
    const body: GossipBody = { type: "gossip", start, end, values: log.slice(start, end, this.index), ack: this.received };
    if (this.pushes && end > this.acked) {
      this.inflight.push({ end, at: now, retransmit });
      this.sentEnd = end;
      this.lastSendAt = now;
    }
    this.ackSent = this.received;
    this.owedSince = undefined;
    return body;
  }

  /** Unacknowledged entries beyond the peer's own: how much a retransmission would carry. */
  unacknowledged(log: ValueLog): number {
    return this.hasOutstanding(log) || this.hasNew(log) ? log.length - this.acked : 0;
  }

  private hasNew(log: ValueLog): boolean {
    const floor = Math.max(this.sentEnd, this.acked);
    if (this.newFrom < floor) this.newFrom = floor;
    while (this.newFrom < log.length && log.origins[this.newFrom] === this.index) this.newFrom++;
    return this.newFrom < log.length;
  }

  private hasOutstanding(log: ValueLog): boolean {
    if (this.outstandingFrom < this.acked) this.outstandingFrom = this.acked;
    while (this.outstandingFrom < this.sentEnd && log.origins[this.outstandingFrom] === this.index) this.outstandingFrom++;
    return this.outstandingFrom < this.sentEnd;
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, x));
}
