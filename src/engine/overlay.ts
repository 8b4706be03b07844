// The star overlay and its failover: whom a node pushes to, its current hub, and the probes that find a reachable one.
import type { GossipConfig } from "./config.ts";

/**
 * Up to this many nodes the star is flat: one hub for everyone. Above it, two levels: groups of
 * about √N consecutive ids, whose hubs also push to each other, so that no node sends more than
 * about 2√N messages a round.
 */
export const FLAT_STAR_MAX_NODES = 32;

/**
 * The first wait before probing a node suspected unreachable again; it doubles up to the
 * profile's `rtoMax`, which, as for the links, bounds how long a healed partition waits.
 */
export const PROBE_BACKOFF_MS = 500;

interface Peer {
  readonly id: string;
  readonly rank: number;
  /** The first send asking for an answer (values or a probe) since the peer last answered. */
  awaitingSince: number | undefined;
  /** A probe sent to the node's hub because a larger id gave up on it: its answer is due within a round trip. */
  doubtedSince: number | undefined;
  /** When values last came from the peer. */
  pushedAt: number;
  /** When the node last sent the peer something asking for an answer. */
  askedAt: number;
  probedAt: number;
  backoff: number;
}

/** A link's smoothed round trip and its deviation (RFC 6298), in ms. */
export interface RoundTrip {
  srtt: number;
  rttvar: number;
}

const UNCHANGED: { probes: readonly string[]; changed: boolean } = Object.freeze({ probes: Object.freeze([]), changed: false });

/** What came from a peer, as the overlay judges reachability by it. */
export interface Heard {
  /** It proves the peer receives us: a bare acknowledgement, or one that advanced. */
  answer: boolean;
  /** It carried values: the peer pushes to us. */
  values: boolean;
}

/**
 * Each group's hub is the smallest id in it that the node can reach. A node suspects its hub
 * when values it sent go unanswered for longer than an alive hub may hold its acknowledgement
 * back (`hubLimit`: the measured round trip, four deviations and the longer of the hub's round
 * and `ackQuiet`, at most the round plus the retransmission timeout), or a probe does for longer
 * than the round trip and four deviations. Such a probe goes out at once when a larger id pushes
 * to the node unasked: that id has given up on every id below the node, so the node checks its
 * own hub instead of waiting out a timeout of its own. Any other peer (a leaf, seen by its hub) is
 * suspected after the hub's round plus the link's retransmission timeout. Normally the first id answers, so
 * the shape and its cost are today's star's; when it goes quiet each node moves on to the next
 * id, probing the ones further up at once so that a partition finds its own smallest id in one
 * timeout, and re-probes the suspected ones with backoff, so that once the first id answers
 * again everyone returns to it. Anyone who pushes to the node from a smaller id is pushed back
 * to while it keeps pushing (a round and a timeout), so two nodes that disagree about the hub
 * still exchange values; the rank bound keeps two leaves from holding each other up forever.
 */
export class StarOverlay {
  private readonly peers = new Map<string, Peer>();
  private readonly groups: string[][];
  private readonly own: number;
  /** Ids per group. */
  private readonly size: number;
  private readonly rank: number;
  /** The chosen hub of each group (for the node's own group, itself when it acts as hub). */
  private readonly hubs: string[];
  private pushing = new Set<string>();
  /** Smaller ids that pushed values to the node, and may still be pushed back to. */
  private readonly followed = new Map<string, Peer>();
  private dirty = true;
  /** A larger id pushed values to the node unasked since the last update. */
  private doubted = false;
  private dueAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly self: string,
    nodeIds: readonly string[],
    /** The hub's batching round and the longest a peer holds an acknowledgement back: how long an answer may take. */
    private readonly timing: Pick<GossipConfig, "fanoutDelay" | "ackQuiet" | "ackMax" | "rtoMax" | "flatStarMaxNodes">,
    /** The link's current retransmission timeout for a peer. */
    private readonly timeoutOf: (id: string) => number,
    /** The link's smoothed round trip to a peer and its deviation, once measured. */
    private readonly roundTripOf: (id: string) => RoundTrip | undefined = () => undefined,
  ) {
    const size = nodeIds.length <= (timing.flatStarMaxNodes ?? FLAT_STAR_MAX_NODES) ? nodeIds.length : Math.ceil(Math.sqrt(nodeIds.length));
    this.size = size;
    this.groups = [];
    for (let i = 0; i < nodeIds.length; i += size) this.groups.push(nodeIds.slice(i, i + size));
    nodeIds.forEach((id, rank) => this.peers.set(id, { id, rank, awaitingSince: undefined, doubtedSince: undefined, pushedAt: Number.NEGATIVE_INFINITY, askedAt: Number.NEGATIVE_INFINITY, probedAt: Number.NEGATIVE_INFINITY, backoff: PROBE_BACKOFF_MS }));
    this.rank = nodeIds.indexOf(self);
    this.own = Math.floor(this.rank / size);
    this.hubs = this.groups.map((g) => g[0] as string);
  }

  /** The node's current hub: where its clients' values go first; itself while it acts as hub. */
  hub(): string {
    return this.hubs[this.own] as string;
  }

  /** Whether the node pushes values to this peer now. */
  pushesTo(id: string): boolean {
    return this.pushing.has(id);
  }

  /** The peers the node pushes to now. */
  targets(): ReadonlySet<string> {
    return this.pushing;
  }

  /** The earliest time `update` would change anything without a new message. */
  nextDue(): number {
    return this.dirty ? Number.NEGATIVE_INFINITY : this.dueAt;
  }

  /** Something went to the peer that asks for an answer: values, or a probe. */
  asked(id: string, now: number): void {
    const peer = this.peers.get(id);
    if (!peer) return;
    peer.askedAt = now;
    if (peer.awaitingSince !== undefined) return;
    peer.awaitingSince = now;
    // Only a hub's silence moves the routes; anyone else's is looked at when it becomes one.
    if (this.hubs.includes(id)) this.dueAt = Math.min(this.dueAt, now + this.hubLimit(peer) + 1);
  }

  heard(id: string, heard: Heard, now: number): void {
    const peer = this.peers.get(id);
    if (!peer) return;
    if (heard.values) {
      peer.pushedAt = now;
      if (peer.rank < this.rank) {
        this.followed.set(id, peer);
        if (!this.pushing.has(id)) this.dirty = true;
      } else if (peer.rank > this.rank && !this.pushing.has(id) && now - peer.askedAt > 2 * this.limit(peer)) {
        // A larger id pushes to us unasked only if it suspects every id below us: ask our own hub at once. (A follower
        // of ours pushes for a round and a timeout after our last push, plus the wire both ways: twice that is "unasked".)
        this.doubted = true;
        this.dirty = true;
      }
    }
    if (heard.answer) {
      // A doubting probe is awaited too (`probe` sets `awaitingSince`), so one check covers both.
      if (peer.awaitingSince !== undefined) this.dirty = true;
      peer.awaitingSince = undefined;
      peer.doubtedSince = undefined;
      peer.backoff = PROBE_BACKOFF_MS;
    } else if (this.suspected(peer, now) && now - peer.probedAt >= this.timeoutOf(id)) {
      // A suspected peer that talks again is asked at once whether it hears us too.
      peer.probedAt = Number.NEGATIVE_INFINITY;
      this.dirty = true;
    }
  }

  /**
   * Re-chooses the hubs and the peers to push to; returns the peers to probe now. `changed`
   * says the pushing set moved, so that the node re-reads it.
   */
  update(now: number): { probes: readonly string[]; changed: boolean } {
    if (!this.dirty && now < this.dueAt) return UNCHANGED;
    this.dirty = false;
    this.dueAt = Number.POSITIVE_INFINITY;
    const probes: string[] = [];
    const before = this.hub();
    const hub = this.choose(this.own, now, probes);
    if (this.doubted) this.doubt(hub, now, probes);
    if (this.peerOf(hub).rank > this.peerOf(before).rank) {
      // The hub moved up: ask every id between it and us at once, so that the next step takes one timeout, not one per id.
      const group = this.groups[this.own] as string[];
      for (let i = group.indexOf(hub) + 1; i < group.length && group[i] !== this.self; i++) this.probe(this.peerOf(group[i] as string), now, probes);
    }
    const pushing = new Set<string>();
    if (hub === this.self) {
      // A member that stopped answering gets only probes until it answers again: a hub cut off from everyone costs little.
      // The group's first id waits out a quiet leaf's delayed acknowledgement; a stand-in, acting in a fault, does not.
      const group = this.groups[this.own] as string[];
      const patient = group[0] === this.self;
      for (let i = group.indexOf(this.self) + 1; i < group.length; i++) {
        const peer = this.peerOf(group[i] as string);
        if (this.suspected(peer, now, patient)) this.reprobe(peer, now, probes);
        else {
          pushing.add(peer.id);
          if (peer.awaitingSince !== undefined) this.dueAt = Math.min(this.dueAt, peer.awaitingSince + this.limit(peer) + (patient ? this.timing.ackMax : 0) + 1);
        }
      }
      for (let g = 0; g < this.groups.length; g++) if (g !== this.own) pushing.add(this.choose(g, now, probes));
    } else pushing.add(hub);
    for (const peer of this.followed.values()) {
      // A peer acting as hub pushes every round while there are values: a round and a timeout without any ends the follow.
      if (now - peer.pushedAt > this.limit(peer) || this.suspected(peer, now)) {
        this.followed.delete(peer.id);
        continue;
      }
      // No timer for the end of a follow: it is noticed at the next update, and pushing a little longer costs nothing.
      pushing.add(peer.id);
    }
    let changed = hub !== before || pushing.size !== this.pushing.size;
    if (!changed) for (const id of pushing) if (!this.pushing.has(id)) changed = true;
    this.pushing = pushing;
    return { probes, changed };
  }

  /** The smallest id of the group not suspected (for the own group, up to the node itself); re-probes the suspected ones below it. */
  private choose(g: number, now: number, probes: string[]): string {
    const group = this.groups[g] as string[];
    let chosen = this.self;
    for (const id of group) {
      if (id === this.self) break;
      const peer = this.peerOf(id);
      if (!this.suspectedHub(peer, now)) {
        chosen = id;
        break;
      }
      this.reprobe(peer, now, probes);
    }
    if (chosen !== this.self) {
      const peer = this.peerOf(chosen);
      this.probeIfNew(peer, g, now, probes);
      if (peer.awaitingSince !== undefined) this.dueAt = Math.min(this.dueAt, peer.awaitingSince + this.hubLimit(peer) + 1);
      if (peer.doubtedSince !== undefined) this.dueAt = Math.min(this.dueAt, peer.doubtedSince + this.probeLimit(peer) + 1);
    }
    this.hubs[g] = chosen;
    return chosen;
  }

  /** Probes the hub once a larger id has given up on it, unless an answer is awaited already or it was probed within a timeout. */
  private doubt(hub: string, now: number, probes: string[]): void {
    this.doubted = false;
    const peer = this.peerOf(hub);
    if (hub === this.self || peer.doubtedSince !== undefined || now - peer.probedAt < this.timeoutOf(hub)) return;
    this.probe(peer, now, probes);
    peer.doubtedSince = now;
    this.dueAt = Math.min(this.dueAt, now + this.probeLimit(peer) + 1);
  }

  /** A newly chosen hub is asked at once, so that a dead choice costs one timeout even when there is nothing to send. */
  private probeIfNew(peer: Peer, g: number, now: number, probes: string[]): void {
    if (this.hubs[g] !== peer.id && peer.awaitingSince === undefined) this.probe(peer, now, probes);
  }

  /** Probes a suspected peer again once its backoff has passed; each probe after the first doubles the backoff. */
  private reprobe(peer: Peer, now: number, probes: string[]): void {
    if (now - peer.probedAt >= peer.backoff) {
      if (Number.isFinite(peer.probedAt)) peer.backoff = Math.min(peer.backoff * 2, this.timing.rtoMax);
      this.probe(peer, now, probes);
    }
    this.dueAt = Math.min(this.dueAt, peer.probedAt + peer.backoff);
  }

  private probe(peer: Peer, now: number, probes: string[]): void {
    if (peer.probedAt === now) return;
    probes.push(peer.id);
    peer.probedAt = now;
    if (peer.awaitingSince === undefined) peer.awaitingSince = now;
  }

  /** Whether an answer is overdue; `patient` for a leaf, which acknowledges a hub's pushes only once within `ackMax` if it has nothing to send. */
  private suspected(peer: Peer, now: number, patient = false): boolean {
    return peer.awaitingSince !== undefined && now - peer.awaitingSince > this.limit(peer) + (patient ? this.timing.ackMax : 0);
  }

  /** How long a hub's answer may take: its round (acknowledgements ride on it) plus the link's timeout. */
  private limit(peer: Peer): number {
    return this.timing.fanoutDelay + this.timeoutOf(peer.id);
  }

  /** Whether the node's chosen hub (or a candidate for it) is overdue with an answer to values or to a doubting probe. */
  private suspectedHub(peer: Peer, now: number): boolean {
    if (peer.doubtedSince !== undefined && now - peer.doubtedSince > this.probeLimit(peer)) return true;
    return peer.awaitingSince !== undefined && now - peer.awaitingSince > this.hubLimit(peer);
  }

  /**
   * How long the hub of the node's own group may take to answer values. It holds its
   * acknowledgement back at most its round (while anyone's values are new) or `ackQuiet` (once
   * we, a member, are quiet between our clients' writes): the measured round trip, four
   * deviations (as the retransmission timeout) and the longer of the two. Never longer than a
   * round plus the retransmission timeout, nor shorter before a round trip is measured. Another
   * group's hub is pushed to every round by us, a hub too, so we are never quiet to it and it may
   * hold its acknowledgement for `ackMax` when it has nothing new for us: a round and a timeout.
   */
  private hubLimit(peer: Peer): number {
    const rtt = this.roundTripOf(peer.id);
    const limit = this.limit(peer);
    if (!rtt || Math.floor(peer.rank / this.size) !== this.own) return limit;
    return Math.min(limit, rtt.srtt + 4 * rtt.rttvar + Math.max(this.timing.fanoutDelay, this.timing.ackQuiet));
  }

  /** A probe is answered at once: its answer is due within the measured round trip and four deviations. */
  private probeLimit(peer: Peer): number {
    const rtt = this.roundTripOf(peer.id);
    const limit = this.limit(peer);
    return rtt ? Math.min(limit, rtt.srtt + 4 * rtt.rttvar) : limit;
  }

  private peerOf(id: string): Peer {
    return this.peers.get(id) as Peer;
  }
}
