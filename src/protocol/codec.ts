// The two ways a node's lines become messages: whole-line JSON for any node, and value texts for the gossip node.
import type { Codec, Decoded } from "./core.ts";
import { decodeLine, summarise } from "./decode.ts";
import { encodePieces } from "./encode.ts";
import { anyMessage, type InboundMessage, type Message, type OutboundMessage } from "./messages.ts";

/** A message as a line-parsing node sees it: any body with a type, ids checked. */
export type AnyMaelstromMessage = Message<{ type: string; msg_id?: number; in_reply_to?: number; [field: string]: unknown }>;

/**
 * Every line through JSON.parse and the envelope schema; bodies are the core's to validate.
 * A line that is not JSON, or not a message, is logged; there is no msg_id to answer.
 */
export const jsonCodec: Codec<AnyMaelstromMessage, AnyMaelstromMessage> = {
  decode(line: string): Decoded<AnyMaelstromMessage> {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      return { kind: "invalid", reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
    const parsed = anyMessage.safeParse(raw);
    if (!parsed.success) return { kind: "invalid", reason: `not a Maelstrom message: ${summarise(parsed.error.issues)}` };
    return { kind: "message", message: parsed.data };
  },
  encode: (message) => [JSON.stringify(message)],
};

/** The gossip node's own: one scan per line, values kept as their JSON texts and spliced back unchanged. */
export const valueTextCodec: Codec<InboundMessage, OutboundMessage> = {
  decode: decodeLine,
  encode: encodePieces,
};
