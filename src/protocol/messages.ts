// zod/mini: the same validation core as zod's chained API at about a third of the cost to load
// and build the schemas, which with the chained API was a tenth of the node's start-up.
import * as z from "zod/mini";
import { en } from "zod/locales";

// The classic API installs English issue messages itself; mini leaves them to the caller.
z.config(en());

/** Maelstrom's error codes (doc/protocol.md). Definite codes promise the operation did not happen. */
export const ErrorCode = {
  timeout: 0,
  nodeNotFound: 1,
  notSupported: 10,
  temporarilyUnavailable: 11,
  malformedRequest: 12,
  crash: 13,
  abort: 14,
  keyDoesNotExist: 20,
  keyAlreadyExists: 21,
  preconditionFailed: 22,
  txnConflict: 30,
} as const;

/** The codes that promise the operation did not happen; the others leave it indeterminate. */
export const definiteErrorCodes: ReadonlySet<number> = new Set([
  ErrorCode.nodeNotFound,
  ErrorCode.notSupported,
  ErrorCode.temporarilyUnavailable,
  ErrorCode.malformedRequest,
  ErrorCode.abort,
  ErrorCode.keyDoesNotExist,
  ErrorCode.keyAlreadyExists,
  ErrorCode.preconditionFailed,
  ErrorCode.txnConflict,
]);

const msgId = z.number().check(z.int(), z.nonnegative());
const nodeId = z.string().check(z.minLength(1));

/**
 * Any JSON value, as parsed by JSON.parse: how a client sees a value (the workload sends
 * integers). Only tests and the bench validate values this way; the node never parses them.
 */
export const jsonValue: z.ZodMiniType<JsonValue> = z.lazy(() =>
  z.union([z.number(), z.string(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);
export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * One value as the node holds it: its canonical JSON text, which the decoder cut out of the line
 * (valid JSON, whitespace outside strings removed) and the encoder splices back in unchanged.
 */
export const jsonText = z.string();

export const initBody = z.object({
  type: z.literal("init"),
  msg_id: msgId,
  node_id: nodeId,
  node_ids: z.array(nodeId).check(z.minLength(1)),
});
export const initOkBody = z.object({ type: z.literal("init_ok"), in_reply_to: msgId, msg_id: z.optional(msgId) });

export const topologyBody = z.object({
  type: z.literal("topology"),
  msg_id: msgId,
  topology: z.record(z.string(), z.array(nodeId)),
});
export const topologyOkBody = z.object({ type: z.literal("topology_ok"), in_reply_to: msgId, msg_id: z.optional(msgId) });

const broadcastBodyOf = <V extends z.ZodMiniType>(value: V) => z.object({ type: z.literal("broadcast"), msg_id: z.optional(msgId), message: value });
export const broadcastBody = broadcastBodyOf(jsonText);
export const broadcastOkBody = z.object({ type: z.literal("broadcast_ok"), in_reply_to: msgId, msg_id: z.optional(msgId) });

/**
 * g-set's `add {element}` and the counters' `add {delta}`: one request type, told apart by its
 * field. A delta is a safe integer, so the node's sums are exact.
 */
export const addBody = z
  .object({
    type: z.literal("add"),
    msg_id: z.optional(msgId),
    element: z.optional(jsonText),
    delta: z.optional(z.number().check(z.int())),
  })
  .check(z.refine((b) => (b.element === undefined) !== (b.delta === undefined), { message: "needs exactly one of element and delta" }));
export const addOkBody = z.object({ type: z.literal("add_ok"), in_reply_to: msgId, msg_id: z.optional(msgId) });

export const readBody = z.object({ type: z.literal("read"), msg_id: msgId });
/** broadcast answers with `messages`, g-set with `value` (a set), the counters with `value` (an integer). */
const readOkBodyOf = <V extends z.ZodMiniType>(value: V) =>
  z.object({
    type: z.literal("read_ok"),
    in_reply_to: msgId,
    msg_id: z.optional(msgId),
    messages: z.optional(z.readonly(z.array(value))),
    value: z.optional(z.union([z.readonly(z.array(value)), z.number()])),
  });
export const readOkBody = readOkBodyOf(jsonText);

export const errorBody = z.object({
  type: z.literal("error"),
  in_reply_to: msgId,
  code: z.number().check(z.int(), z.nonnegative()),
  text: z.string(),
});

/** What a gossip message says its sender serves; broadcast's gossip says nothing, so its lines are as they always were. */
export const gossipServes = z.enum(["g-set", "counter"]);

/**
 * The node's own delta gossip. `values` are the sender's changes at positions in [start, end)
 * that the receiver is not known to have, each a JSON text its data type reads; `ack` is how far
 * into the receiver's own positions the sender has everything, so acknowledgements ride on
 * traffic going the other way. `gap` says the sender of `ack` got values starting past it:
 * something before them was lost, so the receiver of `ack` should resend from there. `pull` asks
 * the receiver for its delta since `ack` (a read waits on it); the receiver marks its answer's
 * last message `pulled` with the same number. `probe` asks the receiver for an acknowledgement
 * at once: the overlay's question "can you hear me?", which costs one message each way.
 */
const gossipBodyOf = <V extends z.ZodMiniType>(value: V) =>
  z
    .object({
      type: z.literal("gossip"),
      start: z.number().check(z.int(), z.nonnegative()),
      end: z.number().check(z.int(), z.nonnegative()),
      values: z.array(value),
      ack: z.number().check(z.int(), z.nonnegative()),
      serves: z.optional(gossipServes),
      gap: z.optional(z.boolean()),
      pull: z.optional(z.number().check(z.int(), z.nonnegative())),
      pulled: z.optional(z.number().check(z.int(), z.nonnegative())),
      probe: z.optional(z.literal(true)),
    })
    .check(z.refine((b) => b.start <= b.end, { message: "start must not exceed end" }));
export const gossipBody = gossipBodyOf(jsonText);

/** Every body a node of this project receives, values as their texts. */
export const inboundBody = z.discriminatedUnion("type", [initBody, topologyBody, broadcastBody, addBody, readBody, gossipBody]);

/** Every body a node of this project sends, values as their texts. */
export const outboundBody = z.discriminatedUnion("type", [
  initOkBody,
  topologyOkBody,
  broadcastOkBody,
  addOkBody,
  readOkBody,
  errorBody,
  gossipBody,
]);

/** The same bodies as a client parses them off the wire, values as JSON values. */
export const wireOutboundBody = z.discriminatedUnion("type", [
  initOkBody,
  topologyOkBody,
  broadcastOkBody,
  addOkBody,
  readOkBodyOf(jsonValue),
  errorBody,
  gossipBodyOf(jsonValue),
]);

export const envelope = z.object({ src: nodeId, dest: nodeId, body: z.looseObject({ type: z.string() }) });

/** Any Maelstrom message, its ids checked: how a node that parses whole lines reads them. */
export const anyMessage = z.object({
  src: nodeId,
  dest: nodeId,
  body: z.looseObject({ type: z.string(), msg_id: z.optional(msgId), in_reply_to: z.optional(msgId) }),
});

export type InitBody = z.infer<typeof initBody>;
export type TopologyBody = z.infer<typeof topologyBody>;
export type BroadcastBody = z.infer<typeof broadcastBody>;
export type AddBody = z.infer<typeof addBody>;
export type ReadBody = z.infer<typeof readBody>;
export type GossipBody = z.infer<typeof gossipBody>;
export type GossipServes = z.infer<typeof gossipServes>;
export type ErrorBody = z.infer<typeof errorBody>;
export type InboundBody = z.infer<typeof inboundBody>;
export type OutboundBody = z.infer<typeof outboundBody>;
export type WireOutboundBody = z.infer<typeof wireOutboundBody>;

export interface Message<B> {
  src: string;
  dest: string;
  body: B;
}
export type InboundMessage = Message<InboundBody>;
export type OutboundMessage = Message<OutboundBody>;
export type WireOutboundMessage = Message<WireOutboundBody>;
