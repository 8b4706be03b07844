// Encoding a message as the pieces of one line, with values spliced in as their texts.
import { joinedPieces, type JoinedTexts } from "./joined.ts";
import type { Message } from "./messages.ts";

/** Any body: the encoder only needs its type, and which field holds value texts. */
type Body = { type: string };

/** The fields whose elements are JSON texts, per body type, when they hold an array (a counter's `value` is a number). */
const TEXT_FIELDS: Readonly<Record<string, readonly string[]>> = { gossip: ["values"], read_ok: ["messages", "value"] };

/**
 * One message as the pieces of its line (without the newline), in order. Values are held as
 * JSON texts and go into the line as they are, joined by their owner if it keeps them so; no
 * piece is much longer than `PIECE_CHARS` unless one value is, so a `read_ok` of any size never
 * becomes one string.
 */
export function encodePieces(message: Message<Body>): string[] {
  const body: Record<string, unknown> = message.body;
  const field = TEXT_FIELDS[message.body.type]?.find((f) => Array.isArray(body[f]));
  const texts = field === undefined ? undefined : body[field];
  if (field === undefined || !Array.isArray(texts)) return [JSON.stringify(message)];
  const { [field]: _texts, ...rest } = body;
  const head = JSON.stringify({ src: message.src, dest: message.dest, body: rest });
  return [`${head.slice(0, -2)},${JSON.stringify(field)}:[`, ...joinedPieces(texts as JoinedTexts), "]}}"];
}

/** One message as one line (without the newline): for the simulator and tests, whose lines are small. */
export function encodeLine(message: Message<Body & Record<string, unknown>>): string {
  return encodePieces(message).join("");
}
