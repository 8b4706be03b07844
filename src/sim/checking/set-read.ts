// A grow-only set's read as the history keeps it: the values a node returned, held as what changed since the same process's previous read.

/**
 * A read of a grow-only set mostly returns the same process's previous read and a few values
 * more, so the history keeps it as the first `kept` values of that previous read (`base`) and the
 * values after them (`tail`): a read of 40,000 values that extends the previous one by ten costs
 * ten. Its values come back in the node's order on demand (`values()`, and `toJSON`, so the
 * history a run writes is the same JSON either way). A value that went missing, or a reply in
 * another order, only makes the tail longer: the representation is exact for any reply.
 *
 * Every read's base is the previous ok read of the same process, recorded in the same history.
 */
export class SetRead {
  private constructor(
    /** Undefined when `kept` is 0 (`of` sees to it): a walk back through the bases ends there. */
    readonly base: SetRead | undefined,
    readonly kept: number,
    readonly tail: readonly unknown[],
  ) {}

  /** A read whose first `kept` values are those of `base` (a read of the same process), then `tail`. */
  static of(base: SetRead | undefined, kept: number, tail: readonly unknown[]): SetRead {
    return new SetRead(kept > 0 ? base : undefined, kept, tail);
  }

  /** The values from position `from` on. */
  from(from: number): readonly unknown[] {
    return from >= this.kept ? this.tail.slice(from - this.kept) : this.values().slice(from);
  }

  /** The read's values, as the node returned them. */
  values(): unknown[] {
    const chain: SetRead[] = [];
    for (let read: SetRead | undefined = this; read; read = read.base) chain.push(read);
    const out: unknown[] = [];
    for (let i = chain.length - 1; i >= 0; i--) {
      const read = chain[i] as SetRead;
      out.length = read.kept;
      for (const value of read.tail) out.push(value);
    }
    return out;
  }

  toJSON(): unknown[] {
    return this.values();
  }
}

/** A read's values in the chunks they came in (a reply's fragments, or one array). */
export type Chunks = readonly (readonly unknown[])[];

/** The values of `chunks` from position `from` on, as one array. */
export function valuesFrom(chunks: Chunks, from: number): unknown[] {
  const out: unknown[] = [];
  let skip = from;
  for (const chunk of chunks) {
    if (skip >= chunk.length) {
      skip -= chunk.length;
      continue;
    }
    for (let i = skip; i < chunk.length; i++) out.push(chunk[i]);
    skip = 0;
  }
  return out;
}

/** One process's reads, each recorded as a SetRead after the one before. */
export class SetReadChain {
  private last: SetRead | undefined;
  private lastChunks: Chunks = [];

  /**
   * How many of the values, from the first, are the previous read's, in the same places. A chunk
   * that is the very array the previous read had at the same place is taken whole, unread.
   */
  common(chunks: Chunks): number {
    const before = this.lastChunks;
    let kept = 0;
    let i = 0;
    // Past the end of `before`, before[i] is undefined, never one of `chunks`.
    for (; i < chunks.length && chunks[i] === before[i]; i++) kept += (chunks[i] as readonly unknown[]).length;
    let a = i;
    let b = i;
    let ai = 0;
    let bi = 0;
    for (;;) {
      while (a < before.length && ai >= (before[a] as readonly unknown[]).length) [a, ai] = [a + 1, 0];
      while (b < chunks.length && bi >= (chunks[b] as readonly unknown[]).length) [b, bi] = [b + 1, 0];
      if (a >= before.length || b >= chunks.length || !Object.is((before[a] as readonly unknown[])[ai], (chunks[b] as readonly unknown[])[bi])) return kept;
      kept++;
      ai++;
      bi++;
    }
  }

  /** The read of `chunks`: the previous read's first `kept` values, then `tail` (the values after them, as recorded). */
  next(chunks: Chunks, kept = this.common(chunks), tail: readonly unknown[] = valuesFrom(chunks, kept)): SetRead {
    const read = SetRead.of(this.last, kept, tail);
    this.last = read;
    this.lastChunks = chunks;
    return read;
  }
}

/** A read op's values, whether the history holds them as a SetRead or as an array (read back from history.json); nothing else holds any. */
export function readValues(value: unknown): readonly unknown[] {
  return value instanceof SetRead ? value.values() : Array.isArray(value) ? value : [];
}
