// A last-writer-wins map (shard → region in the cluster-sharding design): the higher timestamp wins, ties broken by writer, then by value.
import * as z from "zod/mini";
import { LOCAL } from "./delta-state.ts";
import { KeyedEntries, type Entry } from "./entries.ts";

/** On the wire: `[key, timestamp, writer, value]`, the value as its JSON text inside a string, so it stays exact. */
const wireEntry = z.tuple([z.string(), z.number().check(z.int(), z.nonnegative()), z.string(), z.string()]);

/** One key's winning write. */
export interface Write {
  /** The value as a JSON text. */
  value: string;
  timestamp: number;
  /** Who wrote it: the first tie-breaker, so two writers' equal timestamps resolve the same way everywhere. */
  writer: string;
}

interface MapEntry extends Entry, Write {}

/**
 * Whether `a` beats `b`: higher timestamp, then the greater writer id, then the greater value
 * text. The last rule only matters for a writer that reused a timestamp; it keeps merge
 * commutative even then.
 */
export function wins(a: Write, b: Write): boolean {
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  if (a.writer !== b.writer) return a.writer > b.writer;
  return a.value > b.value;
}

/**
 * A map of keys to values where each key holds its latest write by (timestamp, writer). A delta
 * is the keys whose winner changed since a position, so memory and deltas grow with the keys,
 * never with the writes. Writers are responsible for monotonic timestamps, as the seed design's
 * coordinator is: a stale timestamp loses to whatever the map already holds.
 */
export class LwwMap extends KeyedEntries<MapEntry> {
  /** Writes `value` (a JSON text) under `key` unless the map already holds a later write; returns whether it won. */
  put(key: string, write: Write, now: number, origin = LOCAL): boolean {
    const held = this.entry(key);
    if (held && !wins(write, held)) return false;
    const entry: MapEntry = held ?? { key, text: "", size: 0, position: 0, origin, at: now, ...write };
    Object.assign(entry, write);
    this.changed(entry, JSON.stringify([key, write.timestamp, write.writer, write.value]), origin, now);
    return true;
  }

  get(key: string): Write | undefined {
    const e = this.entry(key);
    return e && { value: e.value, timestamp: e.timestamp, writer: e.writer };
  }

  /** Every key with its value text, sorted by key. */
  snapshot(): [string, string][] {
    // A key is held once, so no two compare equal.
    return [...this.entries()].map((e): [string, string] => [e.key, e.value]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }

  merge(values: readonly string[], origin: number, now: number): string | undefined {
    let refused: string | undefined;
    for (const text of values) {
      const parsed = parse(text);
      if (parsed) this.put(parsed[0], { timestamp: parsed[1], writer: parsed[2], value: parsed[3] }, now, origin);
      else refused ??= `unreadable map entry ${text.slice(0, 80)}`;
    }
    return refused;
  }
}

function parse(text: string): z.infer<typeof wireEntry> | undefined {
  try {
    const parsed = wireEntry.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
