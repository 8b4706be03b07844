// Decodes one stdin line into a message or a Maelstrom error reply, never into an exception.
import { fastInbound } from "./fast-path.ts";
import { ErrorCode, envelope, inboundBody, type InboundMessage, type Message, type ErrorBody } from "./messages.ts";

const knownTypes: ReadonlySet<string> = new Set(inboundBody.def.options.flatMap((o) => o.shape.type.def.values));

/**
 * JSON nested deeper than this is refused: V8 parses any depth, but validating the values would
 * recurse once per level, so only the envelope of such a line is read, to address the refusal.
 */
export const MAX_JSON_DEPTH = 256;

export type Decoded =
  | { kind: "message"; message: InboundMessage }
  /** Bad input. `reply` is set when the sender asked for an answer (it gave a `msg_id`). */
  | { kind: "invalid"; reason: string; reply?: Message<ErrorBody> };

/** Turns one stdin line into a validated message, or explains why it is not one. */
export function decodeLine(line: string): Decoded {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (err) {
    return { kind: "invalid", reason: `not JSON: ${(err as Error).message}` };
  }
  // Nesting deeper than the limit takes more brackets than a shorter line has, so the scan is skipped for those.
  if (line.length > MAX_JSON_DEPTH && exceedsDepth(line, MAX_JSON_DEPTH)) return decodeValue(raw, `JSON nested deeper than ${MAX_JSON_DEPTH}`);
  const fast = fastInbound(raw);
  return fast ? { kind: "message", message: fast } : decodeValue(raw);
}

/**
 * The reference decoding of a parsed line, by the zod schemas alone. With `tooDeep`, only the
 * envelope is checked (it does not descend into the body's values) and the request is refused.
 */
export function decodeValue(raw: unknown, tooDeep?: string): Decoded {
  const env = envelope.safeParse(raw);
  if (!env.success) return { kind: "invalid", reason: `not a Maelstrom envelope: ${summarise(env.error.issues)}` };
  const { src, dest, body } = env.data;
  const msgId = typeof body.msg_id === "number" && Number.isInteger(body.msg_id) && body.msg_id >= 0 ? body.msg_id : undefined;
  const refuse = (code: number, text: string): Decoded => {
    const reason = `${text} (from ${src})`;
    if (msgId === undefined) return { kind: "invalid", reason };
    return { kind: "invalid", reason, reply: { src: dest, dest: src, body: { type: "error", in_reply_to: msgId, code, text } } };
  };
  if (tooDeep !== undefined) return refuse(ErrorCode.malformedRequest, tooDeep);
  if (!knownTypes.has(body.type)) return refuse(ErrorCode.notSupported, `unsupported message type ${JSON.stringify(body.type)}`);
  const parsed = inboundBody.safeParse(body);
  if (!parsed.success) return refuse(ErrorCode.malformedRequest, `malformed ${body.type}: ${summarise(parsed.error.issues)}`);
  return { kind: "message", message: { src, dest, body: parsed.data } };
}

function summarise(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message))
    .join("; ");
}

/** Bracket depth outside strings; cheap enough to run on every line. */
function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}
