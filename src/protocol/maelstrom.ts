// zod schemas of every Maelstrom message the toolkit knows, as a node's handlers see them: values as JSON values.
import * as z from "zod/mini";
import { jsonValue } from "./messages.ts";

const msgId = z.number().check(z.int(), z.nonnegative());
const request = <T extends string>(type: T) => ({ type: z.literal(type), msg_id: msgId });
const reply = <T extends string>(type: T) => ({ type: z.literal(type), in_reply_to: msgId, msg_id: z.optional(msgId) });

export { initBody, initOkBody, topologyBody, topologyOkBody, errorBody, readBody, ErrorCode, definiteErrorCodes } from "./messages.ts";

/** Challenge 1: `echo` carries any value back in `echo_ok`. */
export const echoBody = z.object({ ...request("echo"), echo: z.unknown() });
export const echoOkBody = z.object({ ...reply("echo_ok"), echo: z.unknown() });

/** Challenge 2: `generate` asks for an id unique across the cluster. */
export const generateBody = z.object(request("generate"));
export const generateOkBody = z.object({ ...reply("generate_ok"), id: z.unknown() });

/** Challenge 3: `broadcast` a value (no msg_id: fire and forget); `read` answers every value seen. */
export const broadcastBody = z.object({ type: z.literal("broadcast"), msg_id: z.optional(msgId), message: jsonValue });
export const broadcastOkBody = z.object(reply("broadcast_ok"));
export const broadcastReadOkBody = z.object({ ...reply("read_ok"), messages: z.array(jsonValue) });

/** Challenge 4 and pn-counter: `add` a delta to a counter; `read` answers its value. */
export const counterAddBody = z.object({ ...request("add"), delta: z.number().check(z.int()) });
export const counterReadOkBody = z.object({ ...reply("read_ok"), value: z.number().check(z.int()) });
export const addOkBody = z.object(reply("add_ok"));

/** g-set: `add` an element to a grow-only set; `read` answers the elements. */
export const setAddBody = z.object({ ...request("add"), element: jsonValue });
export const setReadOkBody = z.object({ ...reply("read_ok"), value: z.array(jsonValue) });

export type EchoBody = z.infer<typeof echoBody>;
export type EchoOkBody = z.infer<typeof echoOkBody>;
export type GenerateBody = z.infer<typeof generateBody>;
export type GenerateOkBody = z.infer<typeof generateOkBody>;
export type BroadcastBody = z.infer<typeof broadcastBody>;
export type BroadcastReadOkBody = z.infer<typeof broadcastReadOkBody>;
export type CounterAddBody = z.infer<typeof counterAddBody>;
export type CounterReadOkBody = z.infer<typeof counterReadOkBody>;
export type SetAddBody = z.infer<typeof setAddBody>;
export type SetReadOkBody = z.infer<typeof setReadOkBody>;
export type { InitBody, TopologyBody, ReadBody, ErrorBody, JsonValue, Message } from "./messages.ts";
