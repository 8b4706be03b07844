// The node's logic as a pure state machine: an event and the time in, messages out.
import { MAX_VALUE_BYTES, MAX_VALUE_DEPTH, jsonDepth, utf8Bytes } from "../protocol/limits.ts";
import {
  ErrorCode,
  type ErrorBody,
  type GossipBody,
  type InboundMessage,
  type InitBody,
  type Message,
  type OutboundBody,
  type OutboundMessage,
  type TopologyBody,
} from "../protocol/messages.ts";
import type { GossipConfig } from "./config.ts";
import { PeerLink } from "./peer-link.ts";
import { LOCAL, ValueLog } from "./value-log.ts";

/** What the main loop feeds the core: a message from stdin, or a gossip tick from the timer. */
export type CoreEvent = { kind: "message"; message: InboundMessage } | { kind: "tick" };

export interface BroadcastNodeOptions {
  config: GossipConfig;
  /** Where the core reports peers' protocol violations; the runtime logs them. */
  warn?: (text: string) => void;
}

/** Introspection for tests and the simulator's bounded-state property. */
export interface PendingState {
  values: number;
  /** The largest number of log entries some peer has not acknowledged. */
  maxUnacknowledged: number;
}

interface Identity {
  self: string;
  nodeIds: readonly string[];
}

/**
 * The broadcast node's whole behaviour as a deterministic state machine: an event and the time
 * in, the messages to send out. No I/O, no clock, no randomness, so the real runtime and the
 * virtual-time simulator run exactly the same logic.
 */
export class BroadcastNode {
  private identity: Identity | undefined;
  private readonly log = new ValueLog();
  private readonly links: PeerLink[] = [];
  private readonly linkById = new Map<string, PeerLink>();
  private readonly config: GossipConfig;
  private readonly warn: (text: string) => void;

  constructor(options: BroadcastNodeOptions) {
    this.config = options.config;
    this.warn = options.warn ?? (() => {});
  }

  get nodeId(): string | undefined {
    return this.identity?.self;
  }

  handle(event: CoreEvent, now: number): OutboundMessage[] {
    const out: OutboundMessage[] = [];
    if (event.kind === "message") this.onMessage(event.message, now, out);
    this.flush(now, out);
    return out;
  }

  /** The earliest time at which a tick would send anything; ticks before it are no-ops. */
  nextDue(): number {
    let due = Number.POSITIVE_INFINITY;
    for (const link of this.links) due = Math.min(due, link.nextDue(this.log));
    return due;
  }

  /** The set's values, as their JSON texts. */
  read(): readonly string[] {
    return this.log.all();
  }

  /** When each value (by its JSON text) reached this node, for the simulator's convergence property. */
  arrivals(): Map<string, number> {
    return new Map(this.log.texts.map((v, i) => [v, this.log.addedAt[i] as number]));
  }

  /**
   * A refusal the decoder wrote for a request it could not read, sent from this node's own id:
   * the request's `dest` may name another node, which must never seem to answer.
   */
  refusal(reply: Message<ErrorBody>): OutboundMessage {
    return { ...reply, src: this.identity?.self ?? reply.src };
  }

  pending(): PendingState {
    let maxUnacknowledged = 0;
    for (const link of this.links) if (link.pushes) maxUnacknowledged = Math.max(maxUnacknowledged, link.unacknowledged(this.log));
    return { values: this.log.length, maxUnacknowledged };
  }

  private onMessage(message: InboundMessage, now: number, out: OutboundMessage[]): void {
    const body = message.body;
    const reply = (b: OutboundBody): void => {
      out.push({ src: this.identity?.self ?? message.dest, dest: message.src, body: b });
    };
    if (body.type === "init") {
      this.onInit(message as Message<InitBody>, reply);
      return;
    }
    if (!this.identity) {
      const text = `not initialised yet: ${body.type} before init`;
      if ("msg_id" in body && body.msg_id !== undefined) {
        reply({ type: "error", in_reply_to: body.msg_id, code: ErrorCode.temporarilyUnavailable, text });
      } else this.warn(`${text} (from ${message.src}); dropped`);
      return;
    }
    if (message.dest !== this.identity.self) {
      const text = `addressed to ${message.dest}, but this is ${this.identity.self}`;
      if ("msg_id" in body && body.msg_id !== undefined) {
        reply({ type: "error", in_reply_to: body.msg_id, code: ErrorCode.nodeNotFound, text });
      } else this.warn(`${body.type} from ${message.src} ${text}; dropped`);
      return;
    }
    switch (body.type) {
      case "topology":
        this.onTopology(body);
        reply({ type: "topology_ok", in_reply_to: body.msg_id });
        return;
      case "broadcast": {
        const size = utf8Bytes(body.message);
        const refused = undeliverable(body.message, size);
        if (refused === undefined) this.log.add(body.message, LOCAL, now, size);
        if (refused !== undefined && body.msg_id === undefined) this.warn(`broadcast from ${message.src} refused: ${refused}`);
        if (body.msg_id === undefined) return;
        if (refused === undefined) reply({ type: "broadcast_ok", in_reply_to: body.msg_id });
        else reply({ type: "error", in_reply_to: body.msg_id, code: ErrorCode.notSupported, text: refused });
        return;
      }
      case "read":
        reply({ type: "read_ok", in_reply_to: body.msg_id, messages: this.log.all() });
        return;
      case "gossip":
        this.onGossip(message.src, body, now);
        return;
    }
  }

  private onInit(message: Message<InitBody>, reply: (b: OutboundBody) => void): void {
    const { node_id: self, node_ids: nodeIds, msg_id } = message.body;
    if (this.identity) {
      const same = this.identity.self === self && sameList(this.identity.nodeIds, nodeIds);
      if (same) reply({ type: "init_ok", in_reply_to: msg_id });
      else {
        reply({
          type: "error",
          in_reply_to: msg_id,
          code: ErrorCode.notSupported,
          text: `already initialised as ${this.identity.self}; re-initialising with another identity is not supported`,
        });
      }
      return;
    }
    if (!nodeIds.includes(self)) {
      reply({ type: "error", in_reply_to: msg_id, code: ErrorCode.malformedRequest, text: `node_ids does not contain node_id ${self}` });
      return;
    }
    this.identity = { self, nodeIds: [...nodeIds] };
    if (this.config.overlay === "star") {
      const hub = nodeIds[0] as string;
      if (self === hub) for (const id of nodeIds) if (id !== self) this.link(id).pushes = true;
      if (self !== hub) this.link(hub).pushes = true;
    }
    reply({ type: "init_ok", in_reply_to: msg_id });
  }

  private onTopology(body: TopologyBody): void {
    if (this.config.overlay !== "given" || !this.identity) return;
    const { self, nodeIds } = this.identity;
    const neighbours = new Set((body.topology[self] ?? []).filter((id) => id !== self && nodeIds.includes(id)));
    for (const link of this.links) link.pushes = neighbours.has(link.id);
    for (const id of neighbours) this.link(id).pushes = true;
  }

  private onGossip(src: string, body: GossipBody, now: number): void {
    if (!this.identity?.nodeIds.includes(src) || src === this.identity.self) {
      this.warn(`gossip from ${src}, which is not another server; dropped`);
      return;
    }
    const link = this.link(src);
    for (const value of body.values) this.log.add(value, link.index, now);
    const warning = link.receive(body, now);
    if (warning !== undefined) this.warn(warning);
  }

  private link(id: string): PeerLink {
    let link = this.linkById.get(id);
    if (!link) {
      const star = this.config.overlay === "star";
      const isHub = star && this.identity?.self === this.identity?.nodeIds[0];
      const delay = star && !isHub ? this.config.forwardDelay : this.config.fanoutDelay;
      link = new PeerLink(this.links.length, id, false, delay, this.config);
      this.links.push(link);
      this.linkById.set(id, link);
    }
    return link;
  }

  private flush(now: number, out: OutboundMessage[]): void {
    const self = this.identity?.self;
    if (!self) return;
    const round = this.links.some((link) => link.batchDue(this.log) <= now);
    for (const link of this.links) for (const body of link.poll(this.log, now, round)) out.push({ src: self, dest: link.id, body });
  }
}

/**
 * Why a value cannot be acknowledged, if it cannot: whatever the node acknowledges it must be
 * able to carry to every peer, in one gossip message whose line is within every reader's limits.
 * Refused with error 10 (not supported, which is definite): the request is valid, but this
 * implementation cannot carry such a value, and the client learns it was never added.
 */
function undeliverable(text: string, size: number): string | undefined {
  if (size > MAX_VALUE_BYTES) return `value of ${size} bytes is over the limit of ${MAX_VALUE_BYTES} bytes (MAX_VALUE_BYTES)`;
  const depth = jsonDepth(text);
  if (depth > MAX_VALUE_DEPTH) return `value nested ${depth} deep is over the limit of ${MAX_VALUE_DEPTH} levels (MAX_VALUE_DEPTH)`;
  return undefined;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
