// Encoding a message as the pieces of one line, with values spliced in as their texts.
import type { Message } from "./messages.ts";

/** Any body: the encoder only needs its type, and which field holds value texts. */
type Body = { type: string };

/** Pieces joined into one string up to about this size; a longer value text is a piece of its own. */
const PIECE_CHARS = 64 * 1024;

/** The fields whose elements are JSON texts, per body type, when they hold an array (a counter's `value` is a number). */
const TEXT_FIELDS: Readonly<Record<string, readonly string[]>> = { gossip: ["values"], read_ok: ["messages", "value"] };

/**
 * One message as the pieces of its line (without the newline), in order. Values are held as
 * JSON texts and go into the line as they are; no piece is much longer than `PIECE_CHARS`
 * unless one value is, so a `read_ok` of any size never becomes one string.
 */
export function encodePieces(message: Message<Body>): string[] {
  const body: Record<string, unknown> = message.body;
  const field = TEXT_FIELDS[message.body.type]?.find((f) => Array.isArray(body[f]));
  const texts = field === undefined ? undefined : body[field];
  if (field === undefined || !Array.isArray(texts)) return [JSON.stringify(message)];
  const { [field]: _texts, ...rest } = body;
  const head = JSON.stringify({ src: message.src, dest: message.dest, body: rest });
  return [`${head.slice(0, -2)},${JSON.stringify(field)}:[`, ...joined(texts as readonly string[]), "]}}"];
}

/**
 * The texts joined with commas, in pieces of about `PIECE_CHARS`. Remembered per array: the
 * core shares one snapshot of its set until the next value arrives, so repeated reads of an
 * unchanged set join it once.
 */
const joinedCache = new WeakMap<readonly string[], string[]>();
function joined(texts: readonly string[]): string[] {
  const cached = joinedCache.get(texts);
  if (cached) return cached;
  const pieces: string[] = [];
  let from = 0;
  let chars = 0;
  for (let i = 0; i < texts.length; i++) {
    chars += (texts[i] as string).length + 1;
    if (chars > PIECE_CHARS || i === texts.length - 1) {
      pieces.push((from ? "," : "") + texts.slice(from, i + 1).join(","));
      from = i + 1;
      chars = 0;
    }
  }
  joinedCache.set(texts, pieces);
  return pieces;
}

/** One message as one line (without the newline): for the simulator and tests, whose lines are small. */
export function encodeLine(message: Message<Body & Record<string, unknown>>): string {
  return encodePieces(message).join("");
}
