// The node's logic as a pure state machine: an event and the time in, messages out, over any data type a workload needs.
import { GrowOnlySet } from "../datatypes/grow-only-set.ts";
import type { Core, CoreEvent } from "../protocol/core.ts";
import {
  ErrorCode,
  type GossipBody,
  type InboundMessage,
  type InitBody,
  type Message,
  type OutboundBody,
  type OutboundMessage,
  type TopologyBody,
} from "../protocol/messages.ts";
import type { GossipConfig } from "./config.ts";
import { HeldReads, READ_HOLD_MS } from "./held-reads.ts";
import { initialise, type Identity } from "./identity.ts";
import { StarOverlay } from "./overlay.ts";
import { bareBody, PeerLink } from "./peer-link.ts";
import { answerPull, Pulls, type PullReader } from "./pull.ts";
import { makeService, serviceOf, type Service, type ServiceName, type Write } from "./services.ts";

export interface GossipNodeOptions {
  config: GossipConfig;
  /** The workload, if known beforehand (`--workload`); otherwise the first write, topology or gossip names it. */
  workload?: ServiceName;
  /** Where the core reports peers' protocol violations; the runtime logs them. */
  warn?: (text: string) => void;
}

/** Introspection for tests and the simulator's bounded-state property. */
export interface PendingState {
  /** Elements the data type holds. */
  values: number;
  /** The largest number of positions some peer has not acknowledged. */
  maxUnacknowledged: number;
}


/**
 * The node's whole behaviour as a deterministic state machine: an event and the time in, the
 * messages to send out. No I/O, no clock, no randomness, so the real runtime and the
 * virtual-time simulator run exactly the same logic. The engine owns identity, peers and
 * gossip; the service it learns owns the data type, its writes and its reads.
 */
export class GossipNode implements Core<InboundMessage, OutboundMessage> {
  private identity: Identity | undefined;
  private current: Service | undefined;
  private readonly held = new HeldReads();
  private readonly links: PeerLink[] = [];
  private readonly linkById = new Map<string, PeerLink>();
  /** A leaf's pulls from its hub, in the pull profile; reads elsewhere are answered at once. */
  private pulls: Pulls | undefined;
  /** The star and its failover, when the node gossips over the star. */
  private overlay: StarOverlay | undefined;
  private readonly config: GossipConfig;
  private readonly warn: (text: string) => void;

  constructor(options: GossipNodeOptions) {
    this.config = options.config;
    this.warn = options.warn ?? (() => {});
    if (options.workload) this.current = makeService(options.workload);
  }

  get nodeId(): string | undefined {
    return this.identity?.self;
  }

  /** The workload the node serves, with its data type, once known. */
  get service(): Service | undefined {
    return this.current;
  }

  handle(event: CoreEvent<InboundMessage>, now: number): OutboundMessage[] {
    const out: OutboundMessage[] = [];
    if (event.kind === "message") this.onMessage(event.message, now, out);
    this.flush(now, out);
    return out;
  }

  /** The node's current hub (itself while it acts as one); undefined before init or off the star. */
  hub(): string | undefined {
    return this.overlay?.hub();
  }

  /** The earliest time at which a tick would send anything; ticks before it are no-ops. */
  nextDue(): number {
    let due = Math.min(this.held.nextDue(), this.pulls?.nextDue() ?? Number.POSITIVE_INFINITY);
    const state = this.current?.state;
    // The overlay acts only in a flush that has a service, as the links do.
    if (state && this.overlay) due = Math.min(due, this.overlay.nextDue());
    if (state) for (const link of this.links) due = Math.min(due, link.nextDue(state));
    return due;
  }

  /** A set's values, as their JSON texts (none for a counter). */
  read(): readonly string[] {
    return this.current?.state instanceof GrowOnlySet ? this.current.state.all() : [];
  }

  /** When each value of a set (by its JSON text) reached this node, for the simulator's convergence property. */
  arrivals(): Map<string, number> {
    const state = this.current?.state;
    if (!(state instanceof GrowOnlySet)) return new Map();
    return new Map(state.texts.map((v, i) => [v, state.changedAt(i)]));
  }

  pending(): PendingState {
    const state = this.current?.state;
    let maxUnacknowledged = 0;
    if (state) for (const link of this.links) if (link.pushes) maxUnacknowledged = Math.max(maxUnacknowledged, link.unacknowledged(state));
    return { values: state?.size ?? 0, maxUnacknowledged };
  }

  private onMessage(message: InboundMessage, now: number, out: OutboundMessage[]): void {
    const body = message.body;
    const reply = (b: OutboundBody): void => {
      out.push({ src: this.identity?.self ?? message.dest, dest: message.src, body: b });
    };
    const refuse = (code: number, text: string, dropped: string): void => {
      if ("msg_id" in body && body.msg_id !== undefined) reply({ type: "error", in_reply_to: body.msg_id, code, text });
      else this.warn(dropped);
    };
    if (body.type === "init") {
      this.onInit(message as Message<InitBody>, reply);
      return;
    }
    if (!this.identity) {
      const text = `not initialised yet: ${body.type} before init`;
      refuse(ErrorCode.temporarilyUnavailable, text, `${text} (from ${message.src}); dropped`);
      return;
    }
    if (message.dest !== this.identity.self) {
      const text = `addressed to ${message.dest}, but this is ${this.identity.self}`;
      refuse(ErrorCode.nodeNotFound, text, `${body.type} from ${message.src} ${text}; dropped`);
      return;
    }
    switch (body.type) {
      case "topology":
        this.onTopology(body);
        this.learn("broadcast", this.identity.self, out);
        reply({ type: "topology_ok", in_reply_to: body.msg_id });
        return;
      case "broadcast":
      case "add":
        this.onWrite(this.identity.self, message.src, body, now, out, refuse);
        return;
      case "read":
        if (this.current) this.onRead(this.identity.self, { src: message.src, msgId: body.msg_id }, this.current, now, out);
        else if (!this.held.hold({ src: message.src, dest: message.dest, body }, now)) {
          reply({ type: "error", in_reply_to: body.msg_id, code: ErrorCode.temporarilyUnavailable, text: "too many reads waiting for the workload to be known" });
        }
        return;
      case "gossip":
        this.onGossip(this.identity.self, message.src, body, now, out);
        return;
    }
  }

  private onWrite(
    self: string,
    src: string,
    body: Write,
    now: number,
    out: OutboundMessage[],
    refuse: (code: number, text: string, dropped: string) => void,
  ): void {
    const kind = serviceOf(body);
    const service = this.learn(kind, self, out);
    if (service.name !== kind) {
      const text = `${body.type === "add" ? `add with ${kind === "g-set" ? "an element" : "a delta"}` : "broadcast"} is a ${kind} write, but this node serves ${service.name}`;
      refuse(ErrorCode.notSupported, text, `${body.type} from ${src} refused: ${text}`);
      return;
    }
    const outcome = service.write(body, self, now);
    if ("refused" in outcome) refuse(ErrorCode.notSupported, outcome.refused, `${body.type} from ${src} refused: ${outcome.refused}`);
    else if (body.msg_id !== undefined) out.push({ src: self, dest: src, body: { type: outcome.ok, in_reply_to: body.msg_id } });
  }

  /** The service, learnt from `kind` if the node did not know it yet; reads held until now are answered. */
  private learn(kind: ServiceName, self: string, out: OutboundMessage[]): Service {
    if (this.current) return this.current;
    const service = makeService(kind);
    this.current = service;
    // Only broadcast's client offers a topology (broadcast waits for it, and a topology names broadcast); the others' "given" is the star.
    if (this.config.overlay === "given" && kind !== "broadcast" && this.identity) this.star(this.identity);
    for (const h of this.held.take()) out.push({ src: self, dest: h.src, body: { ...service.read(), in_reply_to: h.msgId } });
    return service;
  }

  /** A read at a leaf that pulls waits for the hub's answer; any other is answered from local state now. */
  private onRead(self: string, reader: PullReader, service: Service, now: number, out: OutboundMessage[]): void {
    const hub = this.overlay?.hub();
    const link = hub !== undefined && hub !== self ? this.link(hub) : undefined;
    const pull = link && this.pulls?.read(reader, link, service.state, now, service.serves);
    if (pull && link) {
      for (const body of pull) out.push({ src: self, dest: link.id, body });
      // A pull asks for an answer: one that never comes makes the overlay suspect the hub, as unanswered values do.
      if (pull.length) this.overlay?.asked(link.id, now);
    } else this.answer(self, [reader], service, out);
  }

  private answer(self: string, readers: readonly PullReader[], service: Service, out: OutboundMessage[]): void {
    for (const r of readers) out.push({ src: self, dest: r.src, body: { ...service.read(), in_reply_to: r.msgId } });
  }

  private onInit(message: Message<InitBody>, reply: (b: OutboundBody) => void): void {
    const { reply: answer, identity } = initialise(this.identity, message.body);
    if (identity) {
      this.identity = identity;
      if (this.config.overlay === "star") this.star(identity);
    }
    reply(answer);
  }


  /** The star: the hub (normally the first of `node_ids`) pushes to every other node, each of them to the hub; see overlay.ts. */
  private star({ self, nodeIds }: Identity): void {
    this.overlay = new StarOverlay(self, nodeIds, this.config, (id) => this.link(id).timeout, (id) => this.link(id).roundTrip);
    if (this.config.pull) this.pulls ??= new Pulls(this.config.pull);
  }

  /** Points the links where the overlay now pushes; a leaf's batch to its hub waits `forwardDelay`, every other push a round. */
  private route(overlay: StarOverlay): void {
    for (const id of overlay.targets()) this.link(id);
    for (const link of this.links) {
      link.pushes = overlay.pushesTo(link.id);
      link.batchDelay = this.batchDelay(link.id);
    }
  }

  private batchDelay(id: string): number {
    const hub = this.overlay?.hub();
    return hub === id && hub !== this.identity?.self ? this.config.forwardDelay : this.config.fanoutDelay;
  }

  private onTopology(body: TopologyBody): void {
    if (this.config.overlay !== "given" || !this.identity) return;
    const { self, nodeIds } = this.identity;
    const neighbours = new Set((body.topology[self] ?? []).filter((id) => id !== self && nodeIds.includes(id)));
    for (const link of this.links) link.pushes = neighbours.has(link.id);
    for (const id of neighbours) this.link(id).pushes = true;
  }

  private onGossip(self: string, src: string, body: GossipBody, now: number, out: OutboundMessage[]): void {
    if (!this.identity?.nodeIds.includes(src) || src === self) {
      this.warn(`gossip from ${src}, which is not another server; dropped`);
      return;
    }
    const kind = body.serves ?? "broadcast";
    const service = this.learn(kind, self, out);
    if (service.name !== kind) {
      this.warn(`gossip from ${src} is for ${kind}, but this node serves ${service.name}; dropped`);
      return;
    }
    const link = this.link(src);
    const refused = service.state.merge(body.values, link.index, now);
    if (refused !== undefined) this.warn(`gossip from ${src}: ${refused}; ignored`);
    const acked = link.acked;
    const warning = link.receive(body, now);
    if (warning !== undefined) this.warn(warning);
    if (body.pull !== undefined) for (const b of answerPull(link, body.pull, service.state, now, service.serves)) out.push({ src: self, dest: src, body: b });
    // A pull's answer ends it whichever hub it went to: the overlay may have moved on since.
    if (this.pulls) this.answer(self, this.pulls.answered(body, now), service, out);
    const values = body.values.length > 0;
    this.overlay?.heard(src, { answer: link.acked > acked || body.pulled !== undefined || (!values && !body.probe), values }, now);
    if (body.probe) out.push({ src: self, dest: src, body: this.bare(link, service.serves) });
  }

  /** A gossip message of nothing but an acknowledgement (and, asked for, a probe). */
  private bare(link: PeerLink, serves: Service["serves"], probe?: true): GossipBody {
    return bareBody(0, link.received, serves, probe);
  }

  private link(id: string): PeerLink {
    let link = this.linkById.get(id);
    if (!link) {
      link = new PeerLink(this.links.length, id, false, this.batchDelay(id), this.config);
      this.links.push(link);
      this.linkById.set(id, link);
    }
    return link;
  }

  private flush(now: number, out: OutboundMessage[]): void {
    const self = this.identity?.self;
    if (!self) return;
    for (const h of this.held.take(now)) {
      const text = `the workload is not known yet: no write, topology or gossip named it within ${READ_HOLD_MS} ms`;
      out.push({ src: self, dest: h.src, body: { type: "error", in_reply_to: h.msgId, code: ErrorCode.temporarilyUnavailable, text } });
    }
    const service = this.current;
    if (!service) return;
    if (this.pulls) this.answer(self, this.pulls.expired(now), service, out);
    const state = service.state;
    const overlay = this.overlay;
    if (overlay) {
      const { probes, changed } = overlay.update(now);
      if (changed) this.route(overlay);
      for (const id of probes) out.push({ src: self, dest: id, body: this.bare(this.link(id), service.serves, true) });
    }
    const round = this.links.some((link) => link.batchDue(state) <= now);
    for (const link of this.links) {
      for (const body of link.poll(state, now, round, service.serves)) {
        out.push({ src: self, dest: link.id, body });
        if (body.values.length) overlay?.asked(link.id, now);
      }
    }
  }
}
