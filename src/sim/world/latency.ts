// Maelstrom's server-to-server latency distributions.
import type { Rng } from "./rng.ts";

export const latencyDists = ["constant", "uniform", "exponential"] as const;
export type LatencyDist = (typeof latencyDists)[number];

/**
 * Draws one server-to-server delay in whole ms, as Maelstrom does (net.clj with Incanter's
 * distributions): constant M; uniform over the integers [0, 2M); exponential with mean M,
 * truncated to an integer.
 */
export function latencySampler(dist: LatencyDist, mean: number, rng: Rng): () => number {
  switch (dist) {
    case "constant":
      return () => mean;
    case "uniform":
      return () => rng.int(2 * mean);
    case "exponential":
      return () => Math.floor(-Math.log(1 - rng.next()) * mean);
  }
}
