// A Gossip Glomers preset as the bench's test options, partitions on, for the virtual-time validity tests.
import { getPreset } from "../../src/presets/presets.ts";
import { defaultTestOptions, type TestOptions } from "../../src/sim/workloads/options.ts";

export function presetOptions(name: string, seed: number, overrides: Partial<TestOptions> = {}): TestOptions {
  const p = getPreset(name);
  return {
    ...defaultTestOptions,
    nodeCount: p["node-count"],
    timeLimit: p["time-limit"],
    rate: p.rate ?? defaultTestOptions.rate,
    latency: p.latency ?? 0,
    concurrency: p["node-count"],
    nemesis: true,
    seed,
    ...overrides,
  };
}
