// The grow-only set (broadcast, g-set): an append-only log of its values' JSON texts, each at its own position.
import { JOINED, PIECE_CHARS, piece, type JoinedTexts } from "../protocol/joined.ts";
import { utf8Bytes } from "../protocol/limits.ts";
import type { Delta, DeltaState } from "./delta-state.ts";

/**
 * The grow-only set of values, kept as an append-only log so that peers can be told "everything
 * from offset k on" — delta gossip with one integer of state per peer. A value's position is its
 * offset, and a value never changes, so the log is the set's whole history and its state at once.
 *
 * A value is held as its canonical JSON text (the text a client sent, less whitespace outside
 * strings) and two values are one element exactly when their texts are equal. The node never
 * turns a value into a JavaScript value, so integers past 2^53, `1e400` and `__proto__` keys
 * all come back byte for byte. This is stricter than Maelstrom's Clojure equality (where
 * `{"a":1,"b":2}` equals `{"b":2,"a":1}` and `"\u0041"` equals `"A"`, though `1` never equals
 * `1.0`): two spellings Clojure would merge are kept as two elements, which a set checker reads
 * as one, and nothing Clojure tells apart is ever merged, so no acknowledged value can vanish.
 */
export class GrowOnlySet implements DeltaState {
  readonly texts: string[] = [];
  /**
   * Per entry, three numbers side by side: the peer it came from (never echoed back there) or
   * LOCAL; when it was appended, so batching can bound how long a value waits; and the bytes of
   * the entries before it, each with its separating comma (a line cap counts UTF-8 bytes). One
   * typed array rather than an array per field: an add touches one place, and the collector has
   * no slots to trace.
   */
  private entries = new Float64Array(3 * 64);
  /** Bytes of all entries, each with its comma. */
  private bytes = 0;
  /** Texts that are canonical integers below SMALL_INTEGERS, one bit each; every other text is in `keys`. */
  private small = new Uint32Array(64);
  private readonly keys = new Set<string>();
  /**
   * The texts before `joinedTo`, joined as a reply's pieces, kept as the set grows so that a
   * read only joins the short tail after them: joining 100,000 texts costs twice their
   * JSON.stringify, on every read after a broadcast.
   */
  private readonly pieces: string[] = [];
  private joinedTo = 0;
  private tailChars = 0;
  private snapshot: JoinedTexts | undefined;

  get version(): number {
    return this.texts.length;
  }

  get size(): number {
    return this.texts.length;
  }

  /** Appends the value unless already present; returns whether it was new. */
  add(text: string, origin: number, now: number, size = utf8Bytes(text)): boolean {
    const n = smallInteger(text);
    let kept = text;
    if (n < 0) {
      if (this.keys.has(text)) return false;
      this.keys.add(text);
    } else {
      const word = n >>> 5;
      if (word >= this.small.length) this.small = grown(Uint32Array, this.small, word + 1);
      const bit = 1 << (n & 31);
      if ((this.small[word] as number) & bit) return false;
      this.small[word] = (this.small[word] as number) | bit;
      kept = smallTexts[n] ??= text;
    }
    const at = 3 * this.texts.length;
    if (at + 3 > this.entries.length) this.entries = grown(Float64Array, this.entries, at + 3);
    this.entries[at] = origin;
    this.entries[at + 1] = now;
    this.entries[at + 2] = this.bytes;
    this.bytes += size + 1;
    this.texts.push(kept);
    this.tailChars += text.length + 1;
    if (this.tailChars > PIECE_CHARS) {
      this.pieces.push(piece(this.texts, this.joinedTo, this.texts.length));
      this.joinedTo = this.texts.length;
      this.tailChars = 0;
    }
    this.snapshot = undefined;
    return true;
  }

  /** Peers' values are texts the decoder already validated, so every one is taken. */
  merge(values: readonly string[], origin: number, now: number): undefined {
    for (const value of values) this.add(value, origin, now);
    return undefined;
  }

  nextChange(from: number, to: number, exclude: number): number {
    let i = from;
    while (i < to && this.entries[3 * i] === exclude) i++;
    return i;
  }

  changedAt(position: number): number {
    return position < this.texts.length ? (this.entries[3 * position + 1] as number) : 0;
  }

  bytesBetween(from: number, to: number): number {
    return this.offset(to) - this.offset(from);
  }

  /** Bytes of the entries before `position`, each with its comma. */
  private offset(position: number): number {
    return position < this.texts.length ? (this.entries[3 * position + 2] as number) : this.bytes;
  }

  delta(from: number, to: number, exclude: number, maxBytes: number): Delta {
    const values: string[] = [];
    let bytes = 0;
    let i = from;
    for (; i < to; i++) {
      if (this.entries[3 * i] === exclude) continue;
      const size = this.offset(i + 1) - this.offset(i);
      if (values.length && bytes + size > maxBytes) break;
      values.push(this.texts[i] as string);
      bytes += size;
    }
    return { values, end: i };
  }

  /** The whole set as an array that is never mutated afterwards, shared until the next add, carrying its texts joined. */
  all(): JoinedTexts {
    if (this.snapshot) return this.snapshot;
    const joined = this.joinedTo < this.texts.length ? [...this.pieces, piece(this.texts, this.joinedTo, this.texts.length)] : this.pieces.slice();
    // Not enumerable: to anyone but the encoder the snapshot is a plain array of texts.
    const snapshot: JoinedTexts = Object.defineProperty(this.texts.slice(), JOINED, { value: joined });
    this.snapshot = snapshot;
    return snapshot;
  }
}

/** Canonical integer texts below this are kept as bits (at most 512 KiB of them): Maelstrom's values are 0, 1, 2, … */
const SMALL_INTEGERS = 1 << 22;

/**
 * The text of every small integer any set holds, shared by all the sets of the process: a
 * simulation runs a thousand nodes in one process, each holding every value, and one string per
 * value rather than per node and value is most of its memory. Texts never change, so sharing
 * them is invisible.
 */
const smallTexts: string[] = [];

/** The integer a text is, if it is one written canonically (no sign, no leading zero) and below SMALL_INTEGERS; otherwise -1. */
function smallInteger(text: string): number {
  const length = text.length;
  if (length === 0 || length > 7 || (length > 1 && text.charCodeAt(0) === 48)) return -1;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n < SMALL_INTEGERS ? n : -1;
}

/** A copy of `array` with room for at least `need` elements, doubling. */
function grown<T extends Float64Array | Uint32Array>(make: new (length: number) => T, array: T, need: number): T {
  const copy = new make(Math.max(need, 2 * array.length));
  copy.set(array);
  return copy;
}

