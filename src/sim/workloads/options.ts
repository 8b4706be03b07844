// The options of `maelstrom test`, in Maelstrom's units (seconds, ms), and their defaults.
import type { Availability } from "../checking/availability.ts";
import type { LatencyDist } from "../world/latency.ts";
import type { PartitionShape } from "../world/partitions.ts";
import type { TopologyName } from "../world/topology.ts";

export interface TestOptions {
  /** Servers n0..n{N-1}; when absent, Jepsen's default nodes n1..n5. */
  nodeCount: number | undefined;
  /** Jepsen's `--nodes`: the servers' names, when no node count is given. */
  nodes?: readonly string[];
  /** Seconds of workload. */
  timeLimit: number;
  rate: number;
  latency: number;
  latencyDist: LatencyDist;
  topology: TopologyName;
  nemesis: boolean;
  /** Seconds between nemesis operations, on average. */
  nemesisInterval: number;
  concurrency: number;
  seed: number;
  /** `--availability`: judged by Maelstrom's availability checker when given. */
  availability?: Availability;
  /** Seconds between healing and the final reads. */
  recovery: number;
  /** `--nemesis isolate`: one node (default the first server) cut off from every other, seconds into the workload. */
  isolate?: { node?: string; from: number; until: number };
  /** Faults beyond Maelstrom's, for the deterministic simulator: they end at the final heal. */
  lossRate?: number;
  duplicateRate?: number;
  partitionShapes?: readonly PartitionShape[];
}

/** `--nemesis isolate` cuts from this share of the time limit to that one, unless told: 5 s to 15 s of 20. */
export const ISOLATE_FROM_SHARE = 0.25;
export const ISOLATE_UNTIL_SHARE = 0.75;

export const defaultTestOptions: TestOptions = {
  nodeCount: undefined,
  timeLimit: 60,
  rate: 5,
  latency: 0,
  latencyDist: "constant",
  topology: "grid",
  nemesis: false,
  nemesisInterval: 10,
  concurrency: 5,
  seed: 0,
  recovery: 10,
};
