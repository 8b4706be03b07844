// The nemesis schedule: Jepsen's stagger, alternating cut and heal, the final heal.
import { describe, expect, it } from "vitest";
import { Nemesis } from "../../../src/sim/world/nemesis.ts";
import { Network } from "../../../src/sim/world/network.ts";
import { Rng } from "../../../src/sim/world/rng.ts";
import { VirtualScheduler } from "../../../src/sim/world/scheduler.ts";

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i}`);
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("nemesis schedule", () => {
  function runNemesis(seed: number, interval: number, duration: number): { nemesis: Nemesis; network: Network; scheduler: VirtualScheduler; operations: number } {
    const scheduler = new VirtualScheduler();
    const network = new Network({ scheduler, isServer: () => true, latency: () => 0, rng: new Rng(1) });
    let operations = 0;
    const nemesis = new Nemesis({ scheduler, rng: new Rng(seed), nodes: ids(5), interval, network, onOperation: () => operations++ });
    nemesis.start(duration);
    scheduler.run();
    return { nemesis, network, scheduler, operations };
  }

  it("starts a partition at t=0, then alternates heal and start with gaps under 2x the interval, until the time limit", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { nemesis, operations } = runNemesis(seed, 10_000, 120_000);
      const events = nemesis.events;
      expect(events[0]).toMatchObject({ time: 0, f: "start-partition" });
      expect(events.length).toBeGreaterThanOrEqual(3);
      expect(operations).toBe(events.length);
      events.forEach((e, i) => {
        expect(e.f).toBe(i % 2 === 0 ? "start-partition" : "stop-partition");
        expect(e.time).toBeLessThan(120_000);
        if (i > 0) {
          const gap = e.time - (events[i - 1] as { time: number }).time;
          expect(gap).toBeGreaterThanOrEqual(0);
          expect(gap).toBeLessThan(20_000);
        }
        if (e.f === "start-partition") expect(e.description).toMatch(/^(one|minority-third|majority) \[n\d( n\d)*\] cut off$|^majorities-ring$/);
      });
    }
  });

  it("spaces operations by the interval on average", () => {
    const { nemesis } = runNemesis(9, 100, 200_000);
    const times = nemesis.events.map((e) => e.time);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(gaps.length).toBeGreaterThan(1500);
    expect(Math.abs(mean(gaps) - 100)).toBeLessThan(5);
  });

  it("heals a partition left at the time limit with the final stop, and stop is a no-op when healed", () => {
    // Find a seed whose last operation within the limit started a partition.
    let found = false;
    for (let seed = 1; seed < 50 && !found; seed++) {
      const { nemesis, network, scheduler } = runNemesis(seed, 10_000, 30_000);
      if (nemesis.events.length % 2 === 0) continue;
      found = true;
      expect(nemesis.active).toBeDefined();
      const received: string[] = [];
      for (const id of ids(5)) network.attach(id, (m) => received.push(m.dest));
      nemesis.stop();
      expect(nemesis.active).toBeUndefined();
      expect(nemesis.events.at(-1)?.f).toBe("stop-partition");
      for (const a of ids(5)) for (const b of ids(5)) if (a !== b) network.send({ src: a, dest: b, body: { type: "x" } });
      scheduler.run();
      expect(received).toHaveLength(20);
      const count = nemesis.events.length;
      nemesis.stop();
      expect(nemesis.events).toHaveLength(count);
    }
    expect(found).toBe(true);
  });
});
