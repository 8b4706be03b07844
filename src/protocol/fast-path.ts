// Hand-written validation of the three hot message types, held to agreement with the zod schemas.
import type { BroadcastBody, GossipBody, InboundMessage, ReadBody } from "./messages.ts";

/**
 * Hand-written checks for the messages that make up nearly all traffic — `broadcast`, `read` and
 * `gossip`, whose values the decoder has already replaced by their texts — because running the
 * zod schemas on each of them cost about as much as parsing the line. The zod schemas stay the definition: this accepts only what they accept,
 * returns what they would return (unknown keys stripped), and answers `undefined` for anything
 * else — other types, any doubt — so that zod decides and explains.
 * test/fast-path.test.ts holds the two to agreement.
 */
export function fastInbound(raw: unknown): InboundMessage | undefined {
  if (!isRecord(raw)) return undefined;
  const { src, dest, body } = raw;
  if (typeof src !== "string" || src.length === 0 || typeof dest !== "string" || dest.length === 0 || !isRecord(body)) return undefined;
  let checked: BroadcastBody | ReadBody | GossipBody | undefined;
  switch (body.type) {
    case "broadcast":
      checked = broadcast(body);
      break;
    case "read":
      if (isCount(body.msg_id)) checked = { type: "read", msg_id: body.msg_id };
      break;
    case "gossip":
      checked = gossip(body);
      break;
  }
  return checked && { src, dest, body: checked };
}

function broadcast(body: Record<string, unknown>): BroadcastBody | undefined {
  const { msg_id: msgId, message } = body;
  if (typeof message !== "string") return undefined;
  if (msgId === undefined) return { type: "broadcast", message };
  return isCount(msgId) ? { type: "broadcast", msg_id: msgId, message } : undefined;
}

function gossip(body: Record<string, unknown>): GossipBody | undefined {
  const { start, end, values, ack } = body;
  if (!isCount(start) || !isCount(end) || !isCount(ack) || start > end || !Array.isArray(values)) return undefined;
  for (const value of values as unknown[]) if (typeof value !== "string") return undefined;
  // No copy: the decoder just built the array, so nothing else holds it.
  return { type: "gossip", start, end, values: values as string[], ack };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** zod's `number().int().nonnegative()`: `int()` means a safe integer. */
function isCount(x: unknown): x is number {
  return Number.isSafeInteger(x) && (x as number) >= 0;
}
