// Keyed entries that move to a new position whenever they change: the delta machinery the counters and the map share.
import { utf8Bytes } from "../protocol/limits.ts";
import type { Delta, DeltaState } from "./delta-state.ts";

/** One keyed element and its bookkeeping: its wire text, where it sits, who changed it last and when. */
export interface Entry {
  readonly key: string;
  text: string;
  size: number;
  position: number;
  origin: number;
  at: number;
}

/**
 * Entries by key, iterated in position order: a changed entry is taken out and put back at the
 * end with the next position, so the state holds one entry per key however often each changed,
 * and every delta query is one pass over at most all entries.
 */
export abstract class KeyedEntries<E extends Entry> implements DeltaState {
  private readonly byKey = new Map<string, E>();
  private next = 0;

  get version(): number {
    return this.next;
  }

  get size(): number {
    return this.byKey.size;
  }

  protected entry(key: string): E | undefined {
    return this.byKey.get(key);
  }

  protected entries(): IterableIterator<E> {
    return this.byKey.values();
  }

  /** Records that `entry` (new or already held) now reads `text`: it moves to the next position. */
  protected changed(entry: E, text: string, origin: number, now: number): void {
    this.byKey.delete(entry.key);
    entry.text = text;
    entry.size = utf8Bytes(text);
    entry.position = this.next++;
    entry.origin = origin;
    entry.at = now;
    this.byKey.set(entry.key, entry);
  }

  /** When the latest change was made (0 before any): entries sit in position order, so it is the last one's. */
  lastChangedAt(): number {
    let at = 0;
    for (const e of this.byKey.values()) at = e.at;
    return at;
  }

  abstract merge(values: readonly string[], origin: number, now: number): string | undefined;

  nextChange(from: number, to: number, exclude: number): number {
    for (const e of this.byKey.values()) {
      if (e.position >= to) break;
      if (e.position >= from && e.origin !== exclude) return e.position;
    }
    return to;
  }

  changedAt(position: number): number {
    for (const e of this.byKey.values()) if (e.position === position) return e.at;
    return 0;
  }

  bytesBetween(from: number, to: number): number {
    let bytes = 0;
    for (const e of this.byKey.values()) {
      if (e.position >= to) break;
      if (e.position >= from) bytes += e.size + 1;
    }
    return bytes;
  }

  delta(from: number, to: number, exclude: number, maxBytes: number): Delta {
    const values: string[] = [];
    let bytes = 0;
    for (const e of this.byKey.values()) {
      if (e.position >= to) break;
      if (e.position < from || e.origin === exclude) continue;
      if (values.length && bytes + e.size + 1 > maxBytes) return { values, end: e.position };
      values.push(e.text);
      bytes += e.size + 1;
    }
    return { values, end: to };
  }
}
