// One seeded fault schedule for the deterministic simulator: everything about a run follows from its seed and profile.
import { profiles, type GossipConfig, type ProfileName } from "../../engine/config.ts";
import { defaultTestOptions, type TestOptions } from "../workloads/options.ts";
import type { WorkloadName } from "../workloads/index.ts";
import { latencyDists } from "../world/latency.ts";
import { simulatorShapes } from "../world/partitions.ts";
import { Rng } from "../world/rng.ts";
import { topologyNames } from "../world/topology.ts";

export type Defect = keyof NonNullable<GossipConfig["defects"]>;
export const defects: readonly Defect[] = ["noRetransmit", "ackOffByOne"];

/** The workloads the node serves, which every schedule draws one of. */
export const gossipWorkloads = ["broadcast", "g-set", "g-counter", "pn-counter"] as const satisfies readonly WorkloadName[];
export type GossipWorkload = (typeof gossipWorkloads)[number];

/** What a seed draws for any node: the cluster, its load and faults, and the workload. */
export interface WorldSchedule<W extends WorkloadName = WorkloadName> {
  seed: number;
  workload: W;
  test: TestOptions;
}

/** A schedule of the project's gossip node, which also runs under a profile. */
export interface Schedule extends WorldSchedule<GossipWorkload> {
  profile: ProfileName;
  config: GossipConfig;
}

/**
 * Draws a schedule from the seed: cluster size, load, latency, topology, partitions of every
 * Maelstrom shape and random one-way cuts at random times, and — beyond Maelstrom — message loss
 * and duplication until the final heal; then the workload, so that every other draw of a seed
 * is what it was before schedules drew workloads; and last, for half the schedules without
 * random partitions, one node isolated from every other for a while — drawn after everything
 * else, so the other schedules are what they were before.
 */
export function makeSchedule(seed: number, profile: ProfileName, defect?: Defect, nodes?: number, workload?: GossipWorkload): Schedule {
  const rng = new Rng(seed);
  const drawn = rng.pick([1, 2, 3, 3, 5, 5, 5, 7, 10, 25]);
  const nodeCount = nodes ?? drawn;
  const latencyDist = rng.pick(latencyDists);
  const test: TestOptions = {
    ...defaultTestOptions,
    nodeCount,
    timeLimit: 2 + rng.int(9),
    rate: rng.pick([5, 10, 30, 100]),
    latency: latencyDist === "constant" ? rng.pick([0, 5, 50, 100]) : rng.pick([5, 50, 100]),
    latencyDist,
    topology: rng.pick(topologyNames),
    nemesis: rng.next() < 0.8,
    nemesisInterval: rng.pick([0.2, 0.5, 1, 3]),
    concurrency: nodeCount * rng.pick([1, 1, 2]),
    seed,
    recovery: 10,
    lossRate: rng.pick([0, 0, 0.01, 0.1, 0.3]),
    duplicateRate: rng.pick([0, 0, 0.05, 0.2]),
    partitionShapes: simulatorShapes,
  };
  const drawnWorkload = rng.pick(gossipWorkloads);
  if (!test.nemesis && nodeCount >= 2 && rng.next() < 0.5) {
    const from = rng.int(test.timeLimit);
    test.isolate = { node: `n${rng.int(nodeCount)}`, from, until: from + 1 + rng.int(test.timeLimit - from) };
  }
  const config: GossipConfig = { ...profiles[profile], ...(defect && { defects: { [defect]: true } }) };
  return { seed, profile, workload: workload ?? drawnWorkload, test, config };
}

/** The seed's world and faults for another node, through the workload that node serves. */
export function worldSchedule(seed: number, workload: WorkloadName, nodes?: number): WorldSchedule {
  const { test } = makeSchedule(seed, "default", undefined, nodes);
  return { seed, workload, test };
}

export function describeSchedule(s: WorldSchedule): string {
  const t = s.test;
  return (
    `${s.workload}, ${t.nodeCount} nodes, ${t.timeLimit} s at ${t.rate}/s, concurrency ${t.concurrency}, latency ${t.latency} ${t.latencyDist}, ` +
    `topology ${t.topology}, ${t.nemesis ? `partitions every ~${t.nemesisInterval} s` : t.isolate ? `${t.isolate.node ?? "n0"} isolated from ${t.isolate.from} s to ${t.isolate.until} s` : "no partitions"}, ` +
    `loss ${t.lossRate ?? 0}, duplication ${t.duplicateRate ?? 0}`
  );
}
