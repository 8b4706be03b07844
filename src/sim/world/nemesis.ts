// Jepsen's partition nemesis: alternately cuts the network with a random shape and heals it, for the workload's duration; or one targeted cut of one node.
import { z } from "zod";
import type { Network } from "./network.ts";
import { cleanComponents, completeGrudge, describePartition, makePartition, partitionShapes, type Grudge, type PartitionShape } from "./partitions.ts";
import type { Rng } from "./rng.ts";
import type { Scheduler } from "./scheduler.ts";

export const partitionEventSchema = z.object({
  /** Scheduler time of the nemesis operation. */
  time: z.number(),
  f: z.enum(["start-partition", "stop-partition"]),
  /** For start-partition: the shape and who was cut off. */
  description: z.string().optional(),
  /** For a start-partition that splits the nodes into disjoint groups, each hearing only itself: the groups. */
  components: z.array(z.array(z.string())).optional(),
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
  /** Instead of random partitions: this one cut, in ms from the start of the workload. */
  isolate?: Isolation;
}

/** One node cut off from every other node, from one time to another (ms from the workload's start). */
export interface Isolation {
  node: string;
  from: number;
  until: number;
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
    if (this.options.isolate) return this.isolate(scheduler.now(), this.options.isolate);
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

  /** The targeted cut: a nemesis operation at each end, past the workload's end only by the final heal. */
  private isolate(start: number, { node, from, until }: Isolation): void {
    const { scheduler, nodes } = this.options;
    this.cancel = scheduler.at(start + from, () => {
      this.options.onOperation?.();
      this.install(completeGrudge([[node], nodes.filter((m) => m !== node)]), `isolate [${node}] cut off`);
      if (start + until >= this.stopAt) return;
      this.cancel = scheduler.at(start + until, () => {
        this.options.onOperation?.();
        this.heal();
      });
    });
  }

  private cut(): void {
    const { rng, nodes } = this.options;
    const shape = rng.pick(this.options.shapes ?? partitionShapes);
    const grudge = makePartition(shape, nodes, rng);
    this.install(grudge, describePartition(shape, grudge));
  }

  private install(grudge: Grudge, description: string): void {
    const { network, scheduler, nodes } = this.options;
    network.partition(grudge);
    this.active = description;
    const components = cleanComponents(grudge, nodes);
    this.events.push({ time: scheduler.now(), f: "start-partition", description, ...(components && { components }) });
  }

  private heal(): void {
    this.options.network.heal();
    this.active = undefined;
    this.events.push({ time: this.options.scheduler.now(), f: "stop-partition" });
  }
}
