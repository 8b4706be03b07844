// Bounded gossip in virtual time: bytes into a cut grow linearly, a healed peer catches up at once, message counts per profile.
import { describe, expect, it } from "vitest";
import { profiles } from "../../src/engine/config.ts";
import { PROBE_BYTES } from "../../src/engine/peer-link.ts";
import { measureCut } from "../../src/benchmarks/cut.ts";
import { runVirtual } from "../../src/sim/running/run-virtual.ts";
import { defaultTestOptions } from "../../src/sim/workloads/options.ts";
import { broadcastWorkload } from "../../src/sim/workloads/broadcast/workload.ts";

describe("a peer cut off from the hub", () => {
  it("costs bytes linear in the cut's length, and catches up once a probe gets through", () => {
    const figures = [10, 20, 40].map((s) => measureCut({ config: profiles.default, cutMs: s * 1000, rate: 50 }));
    // Deterministic: virtual time, fixed schedule.
    // The hub pushes values into the cut until it suspects the leaf (ackMax and a round and a timeout), then only probes it.
    expect(figures.map((f) => f.bytesIntoCut)).toEqual([4947, 5957, 7977]);
    const [ten, twenty, forty] = figures.map((f) => f.bytesIntoCut) as [number, number, number];
    // Linear: each value once plus probes of at most PROBE_BYTES; doubling the cut doubles the bytes, not quadruples them.
    expect(forty - twenty).toBeLessThanOrEqual(2 * (twenty - ten) + 4 * PROBE_BYTES);
    expect(forty).toBeLessThan(4.5 * ten);
    // While values keep coming, a silent peer is detected after ackMax and a timeout; then one probe's round trip.
    const { ackMax, rtoMax, ackQuiet } = profiles.default;
    for (const f of figures) expect(f.catchUpMs).toBeLessThanOrEqual(ackMax + 3 * rtoMax + ackQuiet);
  });

  it("with 1 KB values, sends a 40 s cut about as many bytes as its values, not their square", () => {
    const f = measureCut({ config: profiles.default, cutMs: 40_000, rate: 50, valueChars: 1000 });
    // 2,000 values of 1 KB arrive during the cut; the old node sent 1.37 GB into such a cut.
    expect(f.bytesIntoCut).toBeLessThan(2_000 * 1_100);
    expect(f.catchUpMs).toBeDefined();
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
    ["default", 1881, 2.1],
    ["frugal", 443, 0.5],
  ] as const)("%s: seed 11, 25 nodes, 100 ops/s, 100 ms", (name, messages, perOp) => {
    const { results } = runVirtual({ workload: broadcastWorkload, test, config: profiles[name], tickInterval: 10 });
    expect(results.workload["lost-count"]).toBe(0);
    expect(results.net.servers["msg-count"]).toBe(messages);
    expect(results.net.servers["msgs-per-op"]).toBeLessThan(perOp);
  });
});
