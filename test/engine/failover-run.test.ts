// A whole 3d-shaped run in virtual time with one node cut off from 5 s to 15 s: values keep flowing, routes return.
import { describe, expect, it } from "vitest";
import { DEFAULT_GOSSIP_INTERVAL_MS, profiles } from "../../src/engine/config.ts";
import { runVirtual } from "../../src/sim/running/run-virtual.ts";
import { broadcastWorkload } from "../../src/sim/workloads/broadcast/workload.ts";
import { defaultTestOptions } from "../../src/sim/workloads/options.ts";
import { completeGrudge } from "../../src/sim/world/partitions.ts";

/** The whole run's server messages: deterministic on virtual time, fixed by the seed. */
// The leaf's count includes the gap acknowledgements its first messages after the heal draw.
const SERVER_MESSAGES = { hub: 6297, leaf: 4283 };
const CUT_FROM = 5000;
const CUT_TO = 15_000;

/** Per value acknowledged by a node that is not cut off, the delay until each other such node holds it; and those not held by the heal. */
function cutRun(cut: string, seed: number) {
  const test = { ...defaultTestOptions, nodeCount: 25, timeLimit: 20, rate: 100, latency: 100, concurrency: 25, seed };
  let healAt = 0;
  let arrivals = new Map<string, Map<string, number>>();
  let hubs: (string | undefined)[] = [];
  const out = runVirtual({
    workload: broadcastWorkload,
    test,
    config: profiles.default,
    tickInterval: DEFAULT_GOSSIP_INTERVAL_MS,
    onPhase: (phase, run) => {
      if (phase === "workload") {
        const start = run.scheduler.now();
        const others = run.test.nodeIds.filter((id) => id !== cut);
        run.scheduler.at(start + CUT_FROM, () => run.test.network.partition(completeGrudge([[cut], others])));
        healAt = start + CUT_TO;
        run.scheduler.at(healAt, () => run.test.network.heal());
      }
      if (phase === "final reads") {
        arrivals = new Map([...run.nodes].map(([id, n]) => [id, n.core.arrivals()]));
        hubs = [...run.nodes.values()].map((n) => n.core.hub());
      }
    },
  });
  const delays: number[] = [];
  let unseen = 0;
  const values = new Set([...arrivals.values()].flatMap((a) => [...a.keys()]));
  for (const value of values) {
    const times = [...arrivals].map(([id, a]) => [id, a.get(value) ?? Infinity] as const);
    const [origin, at] = times.reduce((a, b) => (b[1] < a[1] ? b : a));
    // Only values written at least 2 s before the heal: later ones cannot have reached everyone by then.
    if (origin === cut || at >= healAt - 2000) continue;
    for (const [id, t] of times) {
      if (id === origin || id === cut) continue;
      if (t >= healAt) unseen++;
      else delays.push(t - at);
    }
  }
  delays.sort((a, b) => a - b);
  const q = (p: number): number => delays[Math.floor(p * (delays.length - 1))] as number;
  return { results: out.results, unseen, pairs: delays.length, median: q(0.5), p99: q(0.99), hubs };
}

describe("one node cut off for 10 s of a 25-node, 100 ops/s run", () => {
  it("the hub: the others route around it at once, lose nothing, and return to it after the heal", () => {
    const r = cutRun("n0", 1);
    expect(r.results.valid).toBe(true);
    expect(r.unseen).toBe(0);
    expect(r.pairs).toBeGreaterThan(10_000);
    expect(r.median).toBeLessThanOrEqual(800);
    // The first leaf to move off n0 makes n1 check n0 at once (a probe), instead of waiting out a timeout of its own: 1,437 ms before.
    expect(r.p99).toBeLessThanOrEqual(1100);
    expect(new Set(r.hubs)).toEqual(new Set(["n0"]));
    expect(r.results.net.servers["msg-count"]).toBe(SERVER_MESSAGES.hub);
  });

  it("a leaf: nothing changes for the others", () => {
    const r = cutRun("n7", 1);
    expect(r.results.valid).toBe(true);
    expect(r.unseen).toBe(0);
    expect(r.p99).toBeLessThanOrEqual(400);
    expect(new Set(r.hubs)).toEqual(new Set(["n0"]));
    expect(r.results.net.servers["msg-count"]).toBe(SERVER_MESSAGES.leaf);
  });
});

describe("two levels past FLAT_STAR_MAX_NODES", () => {
  /** 64 nodes, groups of 8: the busiest node's sends over the workload, and every node's hub at the end. */
  function scaled(flatStarMaxNodes?: number) {
    const test = { ...defaultTestOptions, nodeCount: 64, timeLimit: 5, rate: 100, latency: 100, concurrency: 64, seed: 3, recovery: 2 };
    const config = { ...profiles.default, ...(flatStarMaxNodes !== undefined && { flatStarMaxNodes }) };
    const sends = new Map<string, number>();
    let hubs: (string | undefined)[] = [];
    const out = runVirtual({
      workload: broadcastWorkload,
      test,
      config,
      tickInterval: DEFAULT_GOSSIP_INTERVAL_MS,
      onSend: (m) => void (m.src.startsWith("n") && m.dest.startsWith("n") && sends.set(m.src, (sends.get(m.src) ?? 0) + 1)),
      onPhase: (phase, run) => {
        if (phase === "final reads") hubs = [...run.nodes.values()].map((n) => n.core.hub());
      },
    });
    return { results: out.results, busiest: Math.max(...sends.values()), hubs };
  }

  it("bounds the busiest node's sends well below the flat star's, and every value still arrives", () => {
    const two = scaled();
    const flat = scaled(Infinity);
    expect(two.results.valid).toBe(true);
    expect(flat.results.valid).toBe(true);
    expect(two.results.workload["lost-count"]).toBe(0);
    expect(new Set(two.hubs)).toEqual(new Set(Array.from({ length: 8 }, (_, g) => `n${8 * g}`)));
    expect(new Set(flat.hubs)).toEqual(new Set(["n0"]));
    expect(two.busiest).toBeLessThan(flat.busiest / 2);
    expect([two.busiest, flat.busiest, two.results.net.servers["msg-count"]]).toEqual([441, 2079, 3685]);
  });
});
