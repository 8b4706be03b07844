// Records every message of a run for net.json: when it was sent and delivered, between whom, of what type.
import { z } from "zod";
import type { Envelope } from "../sim/world/network.ts";

/**
 * One message on the wire: sent at, delivered at (null if a partition or the end of the run
 * kept it from its receiver), src, dest, body type. Times in ms on the run's clock.
 */
export const netRecordSchema = z.tuple([z.number(), z.number().nullable(), z.string(), z.string(), z.string()]);
export type NetRecord = z.infer<typeof netRecordSchema>;

/** A tenth of a millisecond is finer than any wall-clock timer the bench runs on. */
const round = (ms: number): number => Math.round(ms * 10) / 10;

export class NetRecorder {
  readonly records: NetRecord[] = [];
  private readonly byId = new Map<number, number>();

  onSend = (m: Envelope, _deadline: number | undefined, now: number): void => {
    if (m.id !== undefined) this.byId.set(m.id, this.records.push([round(now), null, m.src, m.dest, m.body.type]) - 1);
  };

  onDeliver = (m: Envelope, now: number): void => {
    const record = m.id === undefined ? undefined : this.records[this.byId.get(m.id) ?? -1];
    if (record) record[1] = round(now);
  };
}
