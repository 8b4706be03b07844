// Bounded gossip in virtual time: bytes into a cut grow linearly, a healed peer catches up at once, message counts per profile.
import { describe, expect, it } from "vitest";
import { profiles } from "../../src/broadcast/config.ts";
import { PROBE_BYTES } from "../../src/broadcast/peer-link.ts";
import { measureCut } from "../../src/sim/cut.ts";
import { runVirtual } from "../../src/sim/run-virtual.ts";
import { defaultTestOptions } from "../../src/sim/test-run.ts";

describe("a peer cut off from the hub", () => {
  it("costs bytes linear in the cut's length, and catches up within a second of the heal", () => {
    const figures = [10, 20, 40].map((s) => measureCut({ config: profiles.default, cutMs: s * 1000, rate: 50 }));
    // Deterministic: virtual time, fixed schedule.
    expect(figures.map((f) => f.bytesIntoCut)).toEqual([4121, 7191, 13331]);
    const [ten, twenty, forty] = figures.map((f) => f.bytesIntoCut) as [number, number, number];
    // Linear: each doubling adds the same amount (probes of at most PROBE_BYTES each second), not four times as much.
    expect(forty - twenty).toBeLessThanOrEqual(2 * (twenty - ten) + PROBE_BYTES);
    expect(forty).toBeLessThan(4 * ten);
    for (const f of figures) expect(f.catchUpMs).toBeLessThanOrEqual(profiles.default.rtoMax);
  });

  it("with 1 KB values, sends a 40 s cut about as many bytes as its values, not their square", () => {
    const f = measureCut({ config: profiles.default, cutMs: 40_000, rate: 50, valueChars: 1000 });
    // 2,000 values of 1 KB arrive during the cut; the old node sent 1.37 GB into such a cut.
    expect(f.bytesIntoCut).toBeLessThan(200_000);
    expect(f.catchUpMs).toBeLessThanOrEqual(profiles.default.rtoMax);
  });

  it.each(["default", "frugal"] as const)("after a long partition with no client traffic, %s converges within a tight bound", (name) => {
    const config = profiles[name];
    const f = measureCut({ config, cutMs: 30_000, rate: 50, direction: "both", traffic: "before-cut" });
    // The next probe, its round trip with the receiver's quiet-time acknowledgement, and the resend.
    const latency = 50;
    const bound = config.rtoMax + config.ackQuiet + 3 * latency + 3 * 10;
    expect(f.catchUpMs).toBeDefined();
    expect(f.catchUpMs).toBeLessThanOrEqual(bound);
  });
});

describe("message counts of the node's profiles, in virtual time", () => {
  const test = { ...defaultTestOptions, nodeCount: 25, timeLimit: 10, rate: 100, latency: 100, seed: 11, recovery: 2 };
  it.each([
    ["default", 1871, 2.1],
    ["frugal", 465, 0.5],
  ] as const)("%s: seed 11, 25 nodes, 100 ops/s, 100 ms", (name, messages, perOp) => {
    const { results } = runVirtual({ test, config: profiles[name], tickInterval: 10 });
    expect(results.workload["lost-count"]).toBe(0);
    expect(results.net.servers["msg-count"]).toBe(messages);
    expect(results.net.servers["msgs-per-op"]).toBeLessThan(perOp);
  });
});
