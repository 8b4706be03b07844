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
  /** Per entry: its text's size in UTF-8 bytes, which is what a line cap counts. */
  readonly sizes: number[] = [];
  /** Per entry: the peer it came from (never echoed back there), or LOCAL. */
  readonly origins: number[] = [];
  /** Per entry: when it was appended, so batching can bound how long a value waits. */
  readonly addedAt: number[] = [];
  /** `offsets[i]`: bytes of the entries before i, each with its separating comma. */
  private readonly offsets: number[] = [0];
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
    if (this.keys.has(text)) return false;
    this.keys.add(text);
    this.texts.push(text);
    this.sizes.push(size);
    this.origins.push(origin);
    this.addedAt.push(now);
    this.offsets.push((this.offsets[this.offsets.length - 1] as number) + size + 1);
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
    while (i < to && this.origins[i] === exclude) i++;
    return i;
  }

  changedAt(position: number): number {
    return this.addedAt[position] ?? 0;
  }

  bytesBetween(from: number, to: number): number {
    return (this.offsets[to] as number) - (this.offsets[from] as number);
  }

  delta(from: number, to: number, exclude: number, maxBytes: number): Delta {
    const values: string[] = [];
    let bytes = 0;
    let i = from;
    for (; i < to; i++) {
      if (this.origins[i] === exclude) continue;
      const size = (this.sizes[i] as number) + 1;
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

