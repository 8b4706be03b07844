// Decoding one stdin line into a validated message, or a Maelstrom refusal, in memory bounded by the line.
import { fastInbound, fastLine } from "./fast-path.ts";
import { MAX_JSON_DEPTH } from "./limits.ts";
import type { Decoded as DecodedOf } from "./core.ts";
import { ErrorCode, envelope, inboundBody, type InboundMessage } from "./messages.ts";
import { scanLine, spanText, type Span } from "./scan.ts";

const knownTypes: ReadonlySet<string> = new Set(inboundBody.def.options.flatMap((o) => o.shape.type.def.values));

/** A line of this project's gossip node: a message it serves, values as their texts, or bad input. */
export type Decoded = DecodedOf<InboundMessage>;

/**
 * Turns one line into a validated message. The scanner validates the whole line in one pass and
 * finds the values it carries; only the envelope around them goes through JSON.parse (the values
 * become placeholders), so values keep their exact text and a line costs a small multiple of its
 * length, however it is nested.
 */
export function decodeLine(line: string): Decoded {
  // A line no longer than the depth limit cannot be nested past it.
  const fast = fastLine(line, MAX_JSON_DEPTH);
  if (fast) return { kind: "message", message: fast };
  const scan = scanLine(line);
  if (!scan.ok) return { kind: "invalid", reason: `not JSON: ${scan.reason}` };
  const holes: { span: Span; placeholder: string }[] = [];
  if (scan.message) holes.push({ span: scan.message, placeholder: "0" });
  if (scan.element) holes.push({ span: scan.element, placeholder: "0" });
  if (scan.values) holes.push({ span: scan.values.array, placeholder: "[]" });
  for (const span of scan.tooDeep) holes.push({ span, placeholder: "0" });
  const raw: unknown = JSON.parse(punch(line, holes));
  if (scan.tooDeep.length) return decodeValue(raw, `JSON nested deeper than ${MAX_JSON_DEPTH}`);
  if (isRecord(raw) && isRecord(raw.body)) {
    if (scan.message) raw.body.message = spanText(line, scan.message);
    if (scan.element) raw.body.element = spanText(line, scan.element);
    if (scan.values) raw.body.values = scan.values.items.map((span) => spanText(line, span));
  }
  const checked = fastInbound(raw);
  return checked ? { kind: "message", message: checked } : decodeValue(raw);
}

/**
 * The reference decoding of a parsed envelope (values already replaced by their texts), by the
 * zod schemas alone. With `tooDeep`, only the envelope is checked and the request is refused.
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

/** The line with each span replaced by a placeholder; spans inside an earlier one are dropped. */
function punch(line: string, holes: { span: Span; placeholder: string }[]): string {
  if (!holes.length) return line;
  holes.sort((a, b) => a.span.start - b.span.start);
  let out = "";
  let from = 0;
  for (const { span, placeholder } of holes) {
    if (span.start < from) continue;
    out += line.slice(from, span.start) + placeholder;
    from = span.end;
  }
  return out + line.slice(from);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

export function summarise(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message))
    .join("; ");
}
