// Jepsen's partition nemesis: alternately cuts the network with a random shape and heals it, for the workload's duration.
import { z } from "zod";
import type { Network } from "./network.ts";
import { describePartition, makePartition, partitionShapes, type PartitionShape } from "./partitions.ts";
import type { Rng } from "./rng.ts";
import type { Scheduler } from "./scheduler.ts";

export const partitionEventSchema = z.object({
  /** Scheduler time of the nemesis operation. */
  time: z.number(),
  f: z.enum(["start-partition", "stop-partition"]),
  /** For start-partition: the shape and who was cut off. */
  description: z.string().optional(),
});
export type PartitionEvent = z.infer<typeof partitionEventSchema>;

export interface NemesisOptions {
  scheduler: Scheduler;
  rng: Rng;
  nodes: readonly string[];
  /** Mean ms between nemesis operations (Jepsen's stagger: uniform 0..2× this). */
  interval: number;
  network: Network;
  /** Called for each nemesis operation: it takes a turn of the generator's thread rotation. */
  onOperation?: () => void;
  /** The shapes to choose from; Maelstrom's four unless the simulator asks for more. */
  shapes?: readonly PartitionShape[];
}

/** Alternately cuts the network with a random shape and heals it, for the workload's duration. */
export class Nemesis {
  readonly events: PartitionEvent[] = [];
  active: string | undefined;
  private stopAt = 0;
  private cancel: (() => void) | undefined;

  constructor(private readonly options: NemesisOptions) {}

  start(duration: number): void {
    const { scheduler } = this.options;
    this.stopAt = scheduler.now() + duration;
    // Jepsen's stagger issues its first operation at once: the first partition starts at t≈0.
    this.schedule(scheduler.now(), 0);
  }

  /** The final heal; a no-op when no partition is in force. */
  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
    if (this.active !== undefined) this.heal();
  }

  private schedule(from: number, gap: number): void {
    const { scheduler, rng, interval } = this.options;
    const at = from + gap;
    if (at >= this.stopAt) return;
    this.cancel = scheduler.at(at, () => {
      this.options.onOperation?.();
      if (this.active === undefined) this.cut();
      else this.heal();
      this.schedule(at, rng.next() * 2 * interval);
    });
  }

  private cut(): void {
    const { rng, nodes, network, scheduler } = this.options;
    const shape = rng.pick(this.options.shapes ?? partitionShapes);
    const grudge = makePartition(shape, nodes, rng);
    network.partition(grudge);
    this.active = describePartition(shape, grudge);
    this.events.push({ time: scheduler.now(), f: "start-partition", description: this.active });
  }

  private heal(): void {
    this.options.network.heal();
    this.active = undefined;
    this.events.push({ time: this.options.scheduler.now(), f: "stop-partition" });
  }
}
