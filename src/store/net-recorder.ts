// Records every message of a run for net.json: when it was sent and delivered, between whom, of what type, and its body (truncated).
import { z } from "zod";
import type { Envelope } from "../sim/world/network.ts";

/**
 * One message on the wire: sent at, delivered at (null if a partition or the end of the run
 * kept it from its receiver), src, dest, body type, and the body as JSON cut to BODY_CHARS (absent in
 * runs recorded before bodies were kept). Times in ms on the run's clock.
 */
export const netRecordSchema = z.tuple([z.number(), z.number().nullable(), z.string(), z.string(), z.string(), z.string().optional()]);
export type NetRecord = z.infer<typeof netRecordSchema>;

/** A tenth of a millisecond is finer than any wall-clock timer the bench runs on. */
const round = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * Enough of a body to recognise a message (its ids and the start of its payload) while a long run's
 * net.json, and the report that embeds it, stay a small multiple of the message count.
 */
export const BODY_CHARS = 160;

export function bodyText(body: unknown): string {
  const text = JSON.stringify(body) ?? "";
  return text.length > BODY_CHARS ? `${text.slice(0, BODY_CHARS - 1)}…` : text;
}

export class NetRecorder {
  readonly records: NetRecord[] = [];
  private readonly byId = new Map<number, number>();

  onSend = (m: Envelope, _deadline: number | undefined, now: number): void => {
    if (m.id !== undefined) this.byId.set(m.id, this.records.push([round(now), null, m.src, m.dest, m.body.type, bodyText(m.body)]) - 1);
  };

  onDeliver = (m: Envelope, now: number): void => {
    const record = m.id === undefined ? undefined : this.records[this.byId.get(m.id) ?? -1];
    if (record) record[1] = round(now);
  };
}
