// Whole 3d-shaped runs of the pull profile in virtual time: its message counts, deterministic on fixed seeds.
import { describe, expect, it } from "vitest";
import { DEFAULT_GOSSIP_INTERVAL_MS, profiles } from "../../src/engine/config.ts";
import { runVirtual } from "../../src/sim/running/run-virtual.ts";
import { broadcastWorkload } from "../../src/sim/workloads/broadcast/workload.ts";
import { defaultTestOptions } from "../../src/sim/workloads/options.ts";

describe("message counts in virtual time", () => {
  it("are deterministic on fixed seeds (3d's workload)", () => {
    const counts = [1, 2].map((seed) => {
      const test = { ...defaultTestOptions, nodeCount: 25, timeLimit: 20, rate: 100, latency: 100, concurrency: 25, seed };
      const { results } = runVirtual({ workload: broadcastWorkload, test, config: profiles.pull, tickInterval: DEFAULT_GOSSIP_INTERVAL_MS });
      return results.net.servers["msg-count"];
    });
    expect(counts).toEqual([2925, 2901]);
  });
});
