// Hand-written validation of the hot message types, held to agreement with the zod schemas.
import type { AddBody, BroadcastBody, GossipBody, InboundMessage, InitBody, ReadBody } from "./messages.ts";

/**
 * Hand-written checks for the messages that make up nearly all traffic — `broadcast`, `add`,
 * `read` and `gossip`, whose values the decoder has already replaced by their texts — because running the
 * zod schemas on each of them cost about as much as parsing the line; and for `init`, because a
 * node's first zod parse pays for building the schemas' parsers, and `init` is what start-up is
 * timed to. The zod schemas stay the definition: this accepts only what they accept,
 * returns what they would return (unknown keys stripped), and answers `undefined` for anything
 * else — other types, any doubt — so that zod decides and explains.
 * test/fast-path.test.ts holds the two to agreement.
 */
export function fastInbound(raw: unknown): InboundMessage | undefined {
  if (!isRecord(raw)) return undefined;
  const { src, dest, body } = raw;
  if (typeof src !== "string" || src.length === 0 || typeof dest !== "string" || dest.length === 0 || !isRecord(body)) return undefined;
  let checked: BroadcastBody | AddBody | ReadBody | GossipBody | InitBody | undefined;
  switch (body.type) {
    case "broadcast":
      checked = broadcast(body);
      break;
    case "add":
      checked = add(body);
      break;
    case "read":
      if (isCount(body.msg_id)) checked = { type: "read", msg_id: body.msg_id };
      break;
    case "gossip":
      checked = gossip(body);
      break;
    case "init":
      checked = init(body);
      break;
  }
  return checked && { src, dest, body: checked };
}

/**
 * The hot lines decoded without the scanner: short (so no deeper than the depth limit), free of
 * escapes, and carrying only safe integers, whose texts are then proven by finding them in the
 * line exactly as `String` spells them, after the only `"message":` or `"values":` key there
 * is (`read` and `init` carry no values). Anything else answers `undefined`, and the scanner decides.
 */
export function fastLine(line: string, maxChars: number): InboundMessage | undefined {
  if (line.length > maxChars || line.includes("\\")) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isRecord(raw) || !isRecord(raw.body)) return undefined;
  const body = raw.body;
  if (body.type === "broadcast") {
    if (!Number.isSafeInteger(body.message)) return undefined;
    const text = String(body.message);
    if (!spelled(line, '"message":', text)) return undefined;
    body.message = text;
  } else if (body.type === "add") {
    if ("element" in body) {
      if (!Number.isSafeInteger(body.element)) return undefined;
      const text = String(body.element);
      if (!spelled(line, '"element":', text)) return undefined;
      body.element = text;
    }
  } else if (body.type === "gossip") {
    const values = body.values;
    if (!Array.isArray(values) || !values.every((v) => Number.isSafeInteger(v))) return undefined;
    const texts = values.map(String);
    if (!spelled(line, '"values":', `[${texts.join(",")}]`)) return undefined;
    body.values = texts;
  } else if ((body.type !== "read" && body.type !== "init") || "message" in body || "values" in body) return undefined;
  return fastInbound(raw);
}

/** Whether `key` occurs once in the line, directly followed by `text` and then `,` or `}`. */
function spelled(line: string, key: string, text: string): boolean {
  const at = line.indexOf(key);
  if (at < 0 || line.indexOf(key, at + 1) >= 0 || !line.startsWith(text, at + key.length)) return false;
  const after = line.charCodeAt(at + key.length + text.length);
  return after === 44 || after === 125;
}

function broadcast(body: Record<string, unknown>): BroadcastBody | undefined {
  const { msg_id: msgId, message } = body;
  if (typeof message !== "string") return undefined;
  if (msgId === undefined) return { type: "broadcast", message };
  return isCount(msgId) ? { type: "broadcast", msg_id: msgId, message } : undefined;
}

function add(body: Record<string, unknown>): AddBody | undefined {
  const { msg_id: msgId, element, delta } = body;
  if (msgId !== undefined && !isCount(msgId)) return undefined;
  const id = msgId === undefined ? {} : { msg_id: msgId };
  if (typeof element === "string" && delta === undefined) return { type: "add", ...id, element };
  if (Number.isSafeInteger(delta) && element === undefined) return { type: "add", ...id, delta: delta as number };
  return undefined;
}

function gossip(body: Record<string, unknown>): GossipBody | undefined {
  const { start, end, values, ack, serves, gap, pull, pulled, probe } = body;
  if (!isCount(start) || !isCount(end) || !isCount(ack) || start > end || !Array.isArray(values)) return undefined;
  for (const value of values as unknown[]) if (typeof value !== "string") return undefined;
  if (serves !== undefined && serves !== "g-set" && serves !== "counter") return undefined;
  if (gap !== undefined && typeof gap !== "boolean") return undefined;
  if ((pull !== undefined && !isCount(pull)) || (pulled !== undefined && !isCount(pulled))) return undefined;
  if (probe !== undefined && probe !== true) return undefined;
  // No copy: the decoder just built the array, so nothing else holds it.
  return {
    type: "gossip",
    start,
    end,
    values: values as string[],
    ack,
    ...(serves !== undefined && { serves }),
    ...(gap !== undefined && { gap }),
    ...(pull !== undefined && { pull }),
    ...(pulled !== undefined && { pulled }),
    ...(probe && { probe }),
  };
}

function init(body: Record<string, unknown>): InitBody | undefined {
  const { msg_id: msgId, node_id: nodeId, node_ids: nodeIds } = body;
  if (!isCount(msgId) || !isNodeId(nodeId) || !Array.isArray(nodeIds) || nodeIds.length === 0) return undefined;
  for (const id of nodeIds as unknown[]) if (!isNodeId(id)) return undefined;
  // No copy: the decoder just built the array, so nothing else holds it.
  return { type: "init", msg_id: msgId, node_id: nodeId, node_ids: nodeIds as string[] };
}

/** The schemas' node id: a non-empty string. */
function isNodeId(x: unknown): x is string {
  return typeof x === "string" && x.length > 0;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** zod's `number().int().nonnegative()`: `int()` means a safe integer. */
function isCount(x: unknown): x is number {
  return Number.isSafeInteger(x) && (x as number) >= 0;
}
