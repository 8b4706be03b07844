// The client side of each workload the node serves: which writes it takes, how they change its data type, how a read is answered.
import { PNCounter } from "../datatypes/counter.ts";
import { LOCAL, type DeltaState } from "../datatypes/delta-state.ts";
import { GrowOnlySet } from "../datatypes/grow-only-set.ts";
import { MAX_VALUE_BYTES, MAX_VALUE_DEPTH, jsonDepth, utf8Bytes } from "../protocol/limits.ts";
import type { AddBody, BroadcastBody, GossipServes, OutboundBody } from "../protocol/messages.ts";

/** The workloads one node serves: broadcast, g-set, and both counters (whose RPCs are the same). */
export type ServiceName = "broadcast" | GossipServes;
export const serviceNames: readonly ServiceName[] = ["broadcast", "g-set", "counter"];

export type Write = BroadcastBody | AddBody;
type ReadOk = Omit<Extract<OutboundBody, { type: "read_ok" }>, "in_reply_to">;

/** A write applied (with its reply's type), or refused with why; a refusal is definite. */
export type WriteOutcome = { ok: "broadcast_ok" | "add_ok" } | { refused: string };

/** A workload's client side over its data type. */
export interface Service {
  readonly name: ServiceName;
  readonly state: DeltaState;
  /** What its gossip says it serves; undefined for broadcast, whose gossip says nothing. */
  readonly serves: GossipServes | undefined;
  /** Applies a client's write of this workload's kind (`serviceOf(body)` is this service). */
  write(body: Write, self: string, now: number): WriteOutcome;
  /** A read's reply, less its `in_reply_to`. */
  read(): ReadOk;
}

/** The workload a write belongs to: `broadcast`; `add` with an `element` (g-set) or with a `delta` (a counter). */
export function serviceOf(body: Write): ServiceName {
  if (body.type === "broadcast") return "broadcast";
  return body.element !== undefined ? "g-set" : "counter";
}

export function makeService(name: ServiceName): Service {
  return name === "counter" ? counterService() : setService(name);
}

/** broadcast and g-set: one grow-only set, read back as `messages` or as `value`. */
function setService(name: "broadcast" | "g-set"): Service {
  const state = new GrowOnlySet();
  return {
    name,
    state,
    serves: name === "broadcast" ? undefined : name,
    write(body, _self, now) {
      const text = body.type === "broadcast" ? body.message : body.element;
      if (text === undefined) return { refused: "an add to a set carries an element" };
      const size = utf8Bytes(text);
      const refused = undeliverable(text, size);
      if (refused !== undefined) return { refused };
      state.add(text, LOCAL, now, size);
      return { ok: body.type === "broadcast" ? "broadcast_ok" : "add_ok" };
    },
    read: (): ReadOk => (name === "broadcast" ? { type: "read_ok", messages: state.all() } : { type: "read_ok", value: state.all() }),
  };
}

/** g-counter and pn-counter: a PN-counter serves both, since a g-counter's adds are PN adds that never go below zero. */
function counterService(): Service {
  const state = new PNCounter();
  return {
    name: "counter",
    state,
    serves: "counter",
    write(body, self, now) {
      if (body.type !== "add" || body.delta === undefined) return { refused: "an add to a counter carries a delta" };
      const refused = state.add(self, body.delta, now);
      return refused === undefined ? { ok: "add_ok" } : { refused };
    },
    read: (): ReadOk => ({ type: "read_ok", value: state.value() }),
  };
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
