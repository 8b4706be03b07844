// The sizes every node of this project agrees on, so that whatever one node accepts every peer can receive.

/** Lines longer than this are dropped whole by every reader (64 MiB). */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * JSON nested deeper than this is refused: validating or copying a value recurses once per
 * level, and a line of nothing but brackets must cost no more than its own length to refuse.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * Levels a value sits below the top of the deepest line that carries it: a gossip line
 * (envelope, body, `values` array) or a `read_ok` (envelope, body, `messages`); a `broadcast`
 * needs only two, so its value is checked against this one, stricter, bound.
 */
export const VALUE_NESTING_OVERHEAD = 3;

/** The deepest value a node acknowledges: one level deeper would make its gossip line unreadable. */
export const MAX_VALUE_DEPTH = MAX_JSON_DEPTH - VALUE_NESTING_OVERHEAD;

/**
 * The most bytes of value text one gossip message carries (1 MiB, a sixty-fourth of the line
 * cap): a backlog goes out as several such messages, so no gossip line comes near the cap.
 */
export const MAX_GOSSIP_VALUE_BYTES = 1024 * 1024;

/** The largest value a node acknowledges: it must fit alone into one gossip message. */
export const MAX_VALUE_BYTES = MAX_GOSSIP_VALUE_BYTES;

/** UTF-8 length of a string, without encoding it; lone surrogates count as U+FFFD's three bytes. */
export function utf8Bytes(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** Bracket depth of one JSON text (0 for a scalar); the text is known to be valid JSON. */
export function jsonDepth(text: string): number {
  const first = text.charCodeAt(0);
  if (first !== 91 && first !== 123) return 0;
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}
