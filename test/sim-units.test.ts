/**
 * Unit tests of the bench's pieces against the facts of Maelstrom's and Jepsen's source
 * (topologies, latency, network, partitions, nemesis, workload, flags), on virtual time with
 * fixed seeds.
 */
import { describe, expect, it } from "vitest";
import { UsageError, integer, parseConcurrency, parseLatencyDist, parseNemesis, parseTopology, positiveNumber } from "../src/cli/flags.ts";
import type { Op } from "../src/sim/checking/history.ts";
import { latencySampler } from "../src/sim/world/latency.ts";
import { Nemesis } from "../src/sim/world/nemesis.ts";
import { Network, type Envelope } from "../src/sim/world/network.ts";
import type { NodeSink, SimNode } from "../src/sim/world/sim-node.ts";
import { makePartition, type Grudge } from "../src/sim/world/partitions.ts";
import { Rng } from "../src/sim/world/rng.ts";
import { VirtualScheduler, type Scheduler } from "../src/sim/world/scheduler.ts";
import { BroadcastTest, defaultTestOptions, type RunOutput, type TestOptions } from "../src/sim/workloads/phases.ts";
import { makeTopology } from "../src/sim/world/topology.ts";
import { Workload } from "../src/sim/workloads/clients.ts";

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i}`);
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const n = (...xs: number[]): string[] => xs.map((x) => `n${x}`);

describe("topologies (maelstrom-facts §1)", () => {
  it("grid, 5 nodes: down, up, right, left", () => {
    expect(makeTopology("grid", ids(5))).toEqual({ n0: n(3, 1), n1: n(4, 2, 0), n2: n(1), n3: n(0, 4), n4: n(1, 3) });
  });

  it("line, tree2 and tree3 with 5 nodes", () => {
    expect(makeTopology("line", ids(5))).toEqual({ n0: n(1), n1: n(0, 2), n2: n(1, 3), n3: n(2, 4), n4: n(3) });
    expect(makeTopology("tree2", ids(5))).toEqual({ n0: n(1, 2), n1: n(0, 3, 4), n2: n(0), n3: n(1), n4: n(1) });
    expect(makeTopology("tree", ids(5))).toEqual(makeTopology("tree2", ids(5)));
    expect(makeTopology("tree3", ids(5))).toEqual({ n0: n(1, 2, 3), n1: n(0, 4), n2: n(0), n3: n(0), n4: n(1) });
  });

  it("grid, 25 nodes", () => {
    expect(makeTopology("grid", ids(25))).toEqual({
      n0: n(5, 1), n1: n(6, 2, 0), n2: n(7, 3, 1), n3: n(8, 4, 2), n4: n(9, 3),
      n5: n(10, 0, 6), n6: n(11, 1, 7, 5), n7: n(12, 2, 8, 6), n8: n(13, 3, 9, 7), n9: n(14, 4, 8),
      n10: n(15, 5, 11), n11: n(16, 6, 12, 10), n12: n(17, 7, 13, 11), n13: n(18, 8, 14, 12), n14: n(19, 9, 13),
      n15: n(20, 10, 16), n16: n(21, 11, 17, 15), n17: n(22, 12, 18, 16), n18: n(23, 13, 19, 17), n19: n(24, 14, 18),
      n20: n(15, 21), n21: n(16, 22, 20), n22: n(17, 23, 21), n23: n(18, 24, 22), n24: n(19, 23),
    });
  });

  it("tree4, 25 nodes: parent first, then children", () => {
    const expected: Record<string, string[]> = {
      n0: n(1, 2, 3, 4),
      n1: n(0, 5, 6, 7, 8),
      n2: n(0, 9, 10, 11, 12),
      n3: n(0, 13, 14, 15, 16),
      n4: n(0, 17, 18, 19, 20),
      n5: n(1, 21, 22, 23, 24),
    };
    for (let i = 6; i <= 8; i++) expected[`n${i}`] = n(1);
    for (let i = 9; i <= 12; i++) expected[`n${i}`] = n(2);
    for (let i = 13; i <= 16; i++) expected[`n${i}`] = n(3);
    for (let i = 17; i <= 20; i++) expected[`n${i}`] = n(4);
    for (let i = 21; i <= 24; i++) expected[`n${i}`] = n(5);
    expect(makeTopology("tree4", ids(25))).toEqual(expected);
  });

  it("edge counts and the one-node cases", () => {
    const edges = (t: Record<string, string[]>): number => Object.values(t).reduce((a, l) => a + l.length, 0) / 2;
    expect(edges(makeTopology("grid", ids(5)))).toBe(5);
    expect(edges(makeTopology("grid", ids(25)))).toBe(40);
    expect(edges(makeTopology("total", ids(25)))).toBe(300);
    expect(makeTopology("grid", ids(1))).toEqual({ n0: [] });
    // Maelstrom's line topology has no key at all for a lone node.
    expect(makeTopology("line", ids(1))).toEqual({});
  });
});

describe("latency distributions", () => {
  it("constant is exactly M", () => {
    const draw = latencySampler("constant", 7, new Rng(1));
    expect(Array.from({ length: 100 }, draw).every((x) => x === 7)).toBe(true);
  });

  it("uniform draws integers in [0, 2M), mean M - 0.5", () => {
    const draw = latencySampler("uniform", 10, new Rng(42));
    const xs = Array.from({ length: 100_000 }, draw);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 20)).toBe(true);
    expect(new Set(xs).size).toBe(20);
    expect(mean(xs)).toBeCloseTo(9.5, 1);
  });

  it("exponential is truncated to integers, mean about M - 0.5", () => {
    const draw = latencySampler("exponential", 100, new Rng(7));
    const xs = Array.from({ length: 200_000 }, draw);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    expect(Math.abs(mean(xs) - 99.5)).toBeLessThan(1);
    // The median of an exponential is M·ln 2.
    const sorted = [...xs].sort((a, b) => a - b);
    expect(Math.abs((sorted[100_000] as number) - 69)).toBeLessThanOrEqual(1);
  });
});

interface Delivery {
  tag: string;
  at: number;
  dest: string;
}

/** A network over n0..n2 and client c0 that records every delivery. */
function testNetwork(latency: () => number): { scheduler: VirtualScheduler; network: Network; got: Delivery[]; send: (src: string, dest: string, tag: string) => void } {
  const scheduler = new VirtualScheduler();
  const network = new Network({ scheduler, isServer: (id) => id.startsWith("n"), latency, rng: new Rng(1) });
  const got: Delivery[] = [];
  for (const id of ["n0", "n1", "n2", "c0"]) network.attach(id, (m) => got.push({ tag: String(m.body.tag), at: scheduler.now(), dest: m.dest }));
  const send = (src: string, dest: string, tag: string): void => {
    network.send({ src, dest, body: { type: "test", tag } });
  };
  return { scheduler, network, got, send };
}

const scripted = (...latencies: number[]): (() => number) => () => latencies.shift() ?? 0;

describe("network", () => {
  it("delivers what queued up behind a sleeping receiver by deadline, not by send order", () => {
    const { scheduler, got, send } = testNetwork(scripted(100, 30, 10, 20));
    send("n0", "n1", "A");
    send("n2", "n1", "B");
    send("n2", "n1", "C");
    send("n0", "n1", "D");
    scheduler.run();
    // A was taken at once and held the receiver for 100 ms (head-of-line blocking).
    expect(got.map((d) => `${d.tag}@${d.at}`)).toEqual(["A@100", "C@100", "D@100", "B@100"]);
  });

  it("reorders under uniform latency, never delivering before a message's deadline", () => {
    const scheduler = new VirtualScheduler();
    const network = new Network({ scheduler, isServer: () => true, latency: latencySampler("uniform", 50, new Rng(3)), rng: new Rng(1) });
    const deadlines = new Map<number, number>();
    network.onSend = (m, deadline) => deadlines.set(m.id as number, deadline as number);
    const order: number[] = [];
    const times: number[] = [];
    network.attach("n0", () => {});
    network.attach("n1", (m) => {
      order.push(m.id as number);
      times.push(scheduler.now());
      expect(scheduler.now()).toBeGreaterThanOrEqual(deadlines.get(m.id as number) as number);
    });
    for (let i = 0; i < 200; i++) scheduler.at(i * 5, () => network.send({ src: "n0", dest: "n1", body: { type: "x" } }));
    scheduler.run();
    expect(order).toHaveLength(200);
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(network.totals.servers).toEqual({ send: 200, recv: 200 });
  });

  it("gives client traffic no latency, but a client request waits behind a server message", () => {
    const { scheduler, got, send } = testNetwork(() => 100);
    send("n0", "n1", "slow");
    scheduler.at(5, () => {
      send("c0", "n1", "blocked-read");
      send("c0", "n2", "free-read");
      send("n2", "c0", "reply");
    });
    scheduler.run();
    expect(got.map((d) => `${d.tag}@${d.at}`)).toEqual(["free-read@5", "reply@5", "slow@100", "blocked-read@100"]);
  });

  it("one receiver's latency does not hold up another receiver", () => {
    const { scheduler, got, send } = testNetwork(scripted(100, 10));
    send("n0", "n1", "far");
    send("n0", "n2", "near");
    scheduler.run();
    expect(got.map((d) => `${d.tag}@${d.at}`)).toEqual(["near@10", "far@100"]);
  });

  it("drops at the receiver at dequeue time; dropped messages count as sent, not received", () => {
    const { scheduler, network, got, send } = testNetwork(scripted(100, 150, 50, 100, 10));
    // Dequeued by an idle receiver before the partition: delivered although the cut starts before its deadline.
    send("n0", "n1", "before");
    scheduler.at(10, () => network.partition(new Map([["n1", new Set(["n0"])], ["n2", new Set(["n0"])]])));
    // Dequeued during the partition: dropped, although the partition heals before its deadline.
    scheduler.at(20, () => send("n0", "n2", "during"));
    // Queued behind "before" at 30, dequeued at 100 while the partition holds: dropped.
    scheduler.at(30, () => send("n0", "n1", "queued"));
    // n0 still hears n1: a partition only makes the named receivers drop.
    scheduler.at(40, () => send("n1", "n0", "other-way"));
    scheduler.at(120, () => network.heal());
    scheduler.at(200, () => send("n0", "n1", "healed"));
    scheduler.run();
    expect(got.map((d) => `${d.tag}@${d.at}`)).toEqual(["before@100", "other-way@140", "healed@210"]);
    expect(network.totals.servers).toEqual({ send: 5, recv: 3 });
    expect(network.totals.all).toEqual({ send: 5, recv: 3 });
  });

  it("a message queued behind another is checked against the partition only when its turn comes", () => {
    // n1's handler sends to n1 itself from inside a delivery: the re-entrant pump must not take
    // the second message early, or the partition at t=10 would not see it.
    const { scheduler, network, got } = testNetwork(scripted(50, 60));
    network.attach("n1", (m) => {
      got.push({ tag: String(m.body.tag), at: scheduler.now(), dest: "n1" });
      if (m.body.tag === "trigger") {
        network.send({ src: "n0", dest: "n1", body: { type: "test", tag: "P" } });
        network.send({ src: "n2", dest: "n1", body: { type: "test", tag: "Q" } });
      }
    });
    network.send({ src: "c0", dest: "n1", body: { type: "test", tag: "trigger" } });
    scheduler.at(10, () => network.partition(new Map([["n1", new Set(["n2"])]])));
    scheduler.run();
    expect(got.map((d) => `${d.tag}@${d.at}`)).toEqual(["trigger@0", "P@50"]);
  });

  it("does not count a message to a closed client", () => {
    const { scheduler, network, got, send } = testNetwork(() => 0);
    network.detach("c0");
    expect(network.send({ src: "n1", dest: "c0", body: { type: "read_ok" } })).toBe("lost");
    send("n1", "n2", "ok");
    scheduler.run();
    expect(got).toHaveLength(1);
    expect(network.totals.all).toEqual({ send: 1, recv: 1 });
  });
});

/** What each node hears: everyone except those it drops. */
function hearing(grudge: Grudge, nodes: readonly string[]): Map<string, string[]> {
  return new Map(nodes.map((x) => [x, nodes.filter((m) => !grudge.get(x)?.has(m))]));
}

/** For a complete grudge: the sizes of its components, smallest first. */
function componentSizes(grudge: Grudge, nodes: readonly string[]): number[] {
  const sides = new Set([...hearing(grudge, nodes).values()].map((h) => h.join(" ")));
  return [...sides].map((s) => s.split(" ").length).sort((a, b) => a - b);
}

function symmetric(grudge: Grudge): boolean {
  for (const [a, dropped] of grudge) for (const b of dropped) if (!grudge.get(b)?.has(a)) return false;
  return true;
}

describe("partition shapes", () => {
  const seeds = Array.from({ length: 30 }, (_, i) => i + 1);

  it("one: a single node isolated both ways, a different one across seeds", () => {
    const loners = new Set<string>();
    for (const seed of seeds) {
      const g = makePartition("one", ids(5), new Rng(seed));
      expect(componentSizes(g, ids(5))).toEqual([1, 4]);
      expect(symmetric(g)).toBe(true);
      const loner = [...g].find(([, d]) => d.size === 4)?.[0];
      expect(loner).toBeDefined();
      loners.add(loner as string);
    }
    expect(loners.size).toBe(5);
  });

  it("minority-third cuts off floor((n-1)/3) nodes", () => {
    for (const seed of seeds) {
      expect(componentSizes(makePartition("minority-third", ids(5), new Rng(seed)), ids(5))).toEqual([1, 4]);
      expect(componentSizes(makePartition("minority-third", ids(25), new Rng(seed)), ids(25))).toEqual([8, 17]);
      expect(componentSizes(makePartition("minority-third", ids(7), new Rng(seed)), ids(7))).toEqual([2, 5]);
    }
    // Three nodes: floor(2/3) = 0, so nobody is cut off.
    const g = makePartition("minority-third", ids(3), new Rng(1));
    expect([...g.values()].every((d) => d.size === 0)).toBe(true);
  });

  it("majority splits into the smaller half and the rest", () => {
    for (const seed of seeds) {
      const g5 = makePartition("majority", ids(5), new Rng(seed));
      expect(componentSizes(g5, ids(5))).toEqual([2, 3]);
      expect(symmetric(g5)).toBe(true);
      expect(componentSizes(makePartition("majority", ids(25), new Rng(seed)), ids(25))).toEqual([12, 13]);
      expect(componentSizes(makePartition("majority", ids(6), new Rng(seed)), ids(6))).toEqual([3, 3]);
    }
  });

  for (const size of [5, 25]) {
    it(`majorities-ring, ${size} nodes: every node hears a majority and no two hear the same set`, () => {
      const nodes = ids(size);
      const majority = Math.floor(size / 2) + 1;
      for (const seed of seeds) {
        const heard = hearing(makePartition("majorities-ring", nodes, new Rng(seed)), nodes);
        for (const [x, h] of heard) {
          expect(h).toContain(x);
          expect(h.length).toBeGreaterThanOrEqual(majority);
          // Not a partition at all would be a useless fault.
          expect(h.length).toBeLessThan(size);
        }
        expect(new Set([...heard.values()].map((h) => h.join(" "))).size).toBe(size);
        if (size === 5) {
          // The perfect ring: each node hears itself and its two ring neighbours, symmetrically.
          expect([...heard.values()].every((h) => h.length === 3)).toBe(true);
          expect(symmetric(makePartition("majorities-ring", nodes, new Rng(seed)))).toBe(true);
        }
      }
    });
  }
});

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

type Responder = (m: Envelope) => Envelope["body"] | undefined;

interface Harness {
  scheduler: VirtualScheduler;
  workload: Workload;
  sent: Envelope[];
  opened: string[];
  closed: string[];
}

/** The workload alone, against a stand-in cluster whose answers `respond` decides (undefined: no answer). */
function workloadHarness(opts: { nodes: number; concurrency: number; rate: number; seed: number; respond: Responder; replyDelay?: number | ((m: Envelope) => number) }): Harness {
  const scheduler = new VirtualScheduler();
  const handlers = new Map<string, (m: Envelope) => void>();
  const sent: Envelope[] = [];
  const opened: string[] = [];
  const closed: string[] = [];
  const workload = new Workload({
    scheduler,
    rng: new Rng(opts.seed),
    nodes: ids(opts.nodes),
    concurrency: opts.concurrency,
    rate: opts.rate,
    send: (m) => {
      sent.push(m);
      const body = opts.respond(m);
      if (body === undefined) return;
      const delay = typeof opts.replyDelay === "function" ? opts.replyDelay(m) : (opts.replyDelay ?? 0);
      scheduler.at(scheduler.now() + delay, () =>
        handlers.get(m.src)?.({ src: m.dest, dest: m.src, body: { ...body, in_reply_to: m.body.msg_id } }),
      );
    },
    openClient: (handler) => {
      const id = `c${opened.length}`;
      opened.push(id);
      handlers.set(id, handler);
      return id;
    },
    closeClient: (id) => {
      closed.push(id);
      handlers.delete(id);
    },
  });
  return { scheduler, workload, sent, opened, closed };
}

const okResponder: Responder = (m) => (m.body.type === "broadcast" ? { type: "broadcast_ok" } : { type: "read_ok", messages: [] });
const invocations = (h: Harness): Op[] => h.workload.history.filter((op) => op.type === "invoke");

describe("workload", () => {
  it("issues a 50/50 mix, values 0, 1, 2, ... and a global stagger with mean gap 1/rate", () => {
    const h = workloadHarness({ nodes: 5, concurrency: 5, rate: 100, seed: 11, respond: okResponder });
    h.workload.start(100_000);
    h.scheduler.run();
    const inv = invocations(h);
    expect(inv.length).toBeGreaterThan(9_700);
    expect(inv.length).toBeLessThan(10_300);
    const broadcasts = inv.filter((op) => op.f === "broadcast");
    expect(Math.abs(broadcasts.length / inv.length - 0.5)).toBeLessThan(0.02);
    expect(broadcasts.map((op) => op.value)).toEqual(broadcasts.map((_, i) => i));
    expect(inv[0]?.time).toBe(0);
    const gaps = inv.slice(1).map((op, i) => op.time - (inv[i] as Op).time);
    expect(Math.abs(mean(gaps) - 10)).toBeLessThan(0.3);
    expect(Math.max(...gaps)).toBeLessThan(20);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(0);
    expect(inv.every((op) => op.time < 100_000)).toBe(true);
    // Every op completed ok, on the node its worker is bound to.
    expect(h.workload.history.filter((op) => op.type === "ok")).toHaveLength(inv.length);
    h.sent.forEach((m, i) => expect(m.dest).toBe((inv[i] as Op).node));
  });

  it("timers firing late (as Node's do) do not slow the stagger down", () => {
    const count = (lateBy: number): number => {
      const base = new VirtualScheduler();
      const late: Scheduler = { now: () => base.now(), at: (time, fn) => base.at(time + lateBy, fn) };
      const handlers: ((m: Envelope) => void)[] = [];
      const workload = new Workload({
        scheduler: late,
        rng: new Rng(11),
        nodes: ids(5),
        concurrency: 5,
        rate: 100,
        send: (m) => handlers[Number(m.src.slice(1))]?.({ src: m.dest, dest: m.src, body: { ...(okResponder(m) as Envelope["body"]), in_reply_to: m.body.msg_id } }),
        openClient: (handler) => `c${handlers.push(handler) - 1}`,
        closeClient: () => {},
      });
      workload.start(20_000);
      base.run(() => base.now() >= 20_000);
      return workload.history.filter((op) => op.type === "invoke").length;
    };
    expect(count(1.5)).toBe(count(0));
    // A stall longer than timer jitter moves the schedule, as a late wake-up does in Jepsen.
    expect(count(30)).toBeLessThan(count(0) * 0.5);
  });

  it("hands ops round-robin over the threads, the nemesis slot wrapping to thread 0", () => {
    const h = workloadHarness({ nodes: 5, concurrency: 5, rate: 100, seed: 2, respond: okResponder });
    h.workload.start(2_000);
    h.scheduler.run();
    const processes = invocations(h).slice(0, 18).map((op) => op.process);
    expect(processes).toEqual([0, 1, 2, 3, 4, 0, 0, 1, 2, 3, 4, 0, 0, 1, 2, 3, 4, 0]);
    // Thread t talks to node t mod N, under client ids opened lazily in first-op order.
    expect(invocations(h).slice(0, 5).map((op) => op.node)).toEqual(ids(5));
    expect(h.opened).toEqual(["c0", "c1", "c2", "c3", "c4"]);
  });

  it("a nemesis operation takes a turn in the rotation", () => {
    const h = workloadHarness({ nodes: 3, concurrency: 3, rate: 10, seed: 2, respond: okResponder });
    h.workload.advance();
    h.workload.start(1_000);
    h.scheduler.run();
    expect(invocations(h).slice(0, 6).map((op) => op.process)).toEqual([1, 2, 0, 0, 1, 2]);
  });

  it("when every worker is busy, the next op goes out the moment one frees", () => {
    const h = workloadHarness({ nodes: 1, concurrency: 1, rate: 100, seed: 4, respond: okResponder, replyDelay: 50 });
    h.workload.start(5_000);
    h.scheduler.run();
    const history = h.workload.history;
    expect(invocations(h).length).toBe(100);
    for (let i = 1; i < history.length - 1; i += 2) {
      expect(history[i]?.type).toBe("ok");
      expect(history[i + 1]?.time).toBe(history[i]?.time);
    }
  });

  it("times out after 5 s: a broadcast is info (new process, new client), a read fails (same process)", () => {
    const h = workloadHarness({ nodes: 2, concurrency: 2, rate: 10, seed: 5, respond: (m) => (m.dest === "n1" ? undefined : okResponder(m)) });
    h.workload.start(60_000);
    h.scheduler.run();
    const history = h.workload.history;
    const onN1 = history.filter((op) => op.node === "n1");
    expect(onN1.filter((op) => op.type === "ok")).toHaveLength(0);
    const infos = onN1.filter((op) => op.type === "info");
    const fails = onN1.filter((op) => op.type === "fail");
    expect(infos.length).toBeGreaterThan(1);
    expect(fails.length).toBeGreaterThan(1);
    expect(infos.every((op) => op.f === "broadcast" && op.error === "net-timeout")).toBe(true);
    expect(fails.every((op) => op.f === "read" && op.error === "net-timeout")).toBe(true);
    // Each completion comes 5 s after its invocation, and the process moves on by C only after an info.
    let process = 1;
    let client = h.sent.find((m) => m.dest === "n1")?.src;
    const toN1 = h.sent.filter((m) => m.dest === "n1");
    let msgIndex = 0;
    for (let i = 0; i < onN1.length - 1; i += 2) {
      const [inv, done] = [onN1[i] as Op, onN1[i + 1] as Op];
      expect(inv.type).toBe("invoke");
      expect(inv.process).toBe(process);
      expect(done.time - inv.time).toBe(5_000);
      const m = toN1[msgIndex++] as Envelope;
      expect(m.src).toBe(client);
      if (done.type === "info") {
        expect(h.closed).toContain(client);
        process += 2;
        const next = toN1[msgIndex];
        if (next) {
          expect(next.src).not.toBe(client);
          expect(next.body.msg_id).toBe(1);
          client = next.src;
        }
      }
    }
    // n0's worker was never disturbed: one client, one process.
    expect(new Set(history.filter((op) => op.node === "n0").map((op) => op.process))).toEqual(new Set([0]));
  });

  it("definite error codes fail, indeterminate ones are info; any read error fails", () => {
    const definite = new Set([1, 10, 11, 12, 14, 20, 21, 22, 30]);
    const codes = [...definite, 0, 13, 1000];
    const h = workloadHarness({
      nodes: 1,
      concurrency: 1,
      rate: 50,
      seed: 6,
      respond: (m) => ({ type: "error", code: m.body.type === "broadcast" ? (codes[Number(m.body.message) % codes.length] as number) : 0, text: "no" }),
    });
    h.workload.start(10_000);
    h.scheduler.run();
    const completions = h.workload.history.filter((op) => op.type !== "invoke");
    const broadcasts = completions.filter((op) => op.f === "broadcast");
    expect(broadcasts.length).toBeGreaterThanOrEqual(codes.length);
    for (const op of broadcasts) {
      const code = codes[Number(op.value) % codes.length] as number;
      expect(op.type).toBe(definite.has(code) ? "fail" : "info");
      expect(op.error).toBe(`error ${code}: no`);
    }
    expect(completions.filter((op) => op.f === "read").every((op) => op.type === "fail")).toBe(true);
  });

  it("an unexpected reply is indeterminate, even for a read; a late reply to an older request is ignored", () => {
    const h = workloadHarness({ nodes: 1, concurrency: 1, rate: 20, seed: 8, respond: () => ({ type: "echo_ok" }) });
    h.workload.start(2_000);
    h.scheduler.run();
    const completions = h.workload.history.filter((op) => op.type !== "invoke");
    expect(completions.length).toBeGreaterThan(5);
    expect(completions.every((op) => op.type === "info" && op.error?.startsWith("indeterminate"))).toBe(true);

    // Reads are answered 6 s late, after they failed: a late reply arriving while the same client
    // waits on its next op must not complete that op.
    const slow = workloadHarness({ nodes: 1, concurrency: 1, rate: 2, seed: 3, respond: okResponder, replyDelay: (m) => (m.body.type === "read" ? 6_000 : 0) });
    slow.workload.start(60_000);
    slow.scheduler.run();
    const done = slow.workload.history.filter((op) => op.type !== "invoke");
    const reads = done.filter((op) => op.f === "read");
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(reads.every((op) => op.type === "fail" && op.error === "net-timeout")).toBe(true);
    expect(done.filter((op) => op.f === "broadcast").every((op) => op.type === "ok")).toBe(true);
    expect(new Set(slow.sent.map((m) => m.src))).toEqual(new Set(["c0"]));
  });

  it("final reads: one per worker, all at once, each on its own node", () => {
    const h = workloadHarness({ nodes: 3, concurrency: 6, rate: 10, seed: 1, respond: okResponder });
    h.workload.start(1_000);
    h.scheduler.run();
    const before = h.workload.history.length;
    let done = false;
    h.scheduler.at(20_000, () => h.workload.finalReads(() => (done = true)));
    h.scheduler.run();
    expect(done).toBe(true);
    const finals = h.workload.history.slice(before).filter((op) => op.type === "invoke");
    expect(finals.map((op) => op.f)).toEqual(Array(6).fill("read"));
    expect(finals.every((op) => op.time === 20_000)).toBe(true);
    expect(finals.map((op) => op.node)).toEqual(n(0, 1, 2, 0, 1, 2));
  });
});

/** A server written against the SimNode interface, answering synchronously as the reference nodes do. */
function gossipNode(mode: "flood" | "skip-sender" | "no-forward"): (id: string, sink: NodeSink) => SimNode {
  return (id, sink) => {
    let neighbours: string[] = [];
    const values = new Set<unknown>();
    const reply = (m: Envelope, body: Envelope["body"]): void => sink.send({ src: id, dest: m.src, body: { ...body, in_reply_to: m.body.msg_id } });
    return {
      id,
      deliver: (m) => {
        switch (m.body.type) {
          case "init":
            reply(m, { type: "init_ok" });
            break;
          case "topology":
            neighbours = (m.body.topology as Record<string, string[]>)[id] ?? [];
            reply(m, { type: "topology_ok" });
            break;
          case "broadcast":
            if (!values.has(m.body.message)) {
              values.add(m.body.message);
              if (mode !== "no-forward") {
                for (const x of neighbours) if (!(mode === "skip-sender" && x === m.src)) sink.send({ src: id, dest: x, body: { type: "broadcast", message: m.body.message } });
              }
            }
            if (m.body.msg_id !== undefined) reply(m, { type: "broadcast_ok" });
            break;
          case "read":
            reply(m, { type: "read_ok", messages: [...values] });
            break;
        }
      },
      stop: async () => {},
    };
  };
}

function runTest(options: Partial<TestOptions>, makeNode: (id: string, sink: NodeSink) => SimNode): RunOutput {
  const scheduler = new VirtualScheduler();
  let output: RunOutput | undefined;
  const nodes = options.nodeCount ?? 5;
  const test = new BroadcastTest(
    { ...defaultTestOptions, concurrency: nodes, ...options },
    { scheduler, makeNode, onDone: (o) => (output = o) },
  );
  test.start();
  scheduler.run(() => output !== undefined);
  if (!output) throw new Error("the test never finished");
  return output;
}

describe("BroadcastTest on virtual time", () => {
  it("flooding to every neighbour costs 2E server messages per broadcast; clients 2 per op plus 4N", () => {
    const out = runTest({ timeLimit: 20, rate: 20, seed: 3 }, gossipNode("flood"));
    const r = out.results;
    const ops = out.history.filter((op) => op.type === "invoke").length;
    const broadcasts = out.history.filter((op) => op.type === "invoke" && op.f === "broadcast").length;
    expect(r.valid).toBe(true);
    expect(r.net.servers["msg-count"]).toBe(10 * broadcasts);
    expect(r.net.clients["msg-count"]).toBe(2 * ops + 4 * 5);
    expect(r.net.servers["msgs-per-op"]).toBeCloseTo((10 * broadcasts) / ops, 10);
    expect(r.stats.count).toBe(ops);
    expect(r.workload["attempt-count"]).toBe(broadcasts);
    // Default nodes n1..n5, one final read each after the recovery wait.
    const finals = out.history.slice(-10).filter((op) => op.type === "invoke");
    expect(finals.map((op) => op.node).sort()).toEqual(["n1", "n2", "n3", "n4", "n5"]);
    expect(finals[0]?.time).toBeGreaterThanOrEqual(out.startedAt + 20_000 + 10_000);
  });

  for (const [topology, nodeCount, perBroadcast] of [
    ["grid", 5, 6],
    ["grid", 25, 56],
    ["line", 25, 24],
    ["tree4", 25, 24],
  ] as const) {
    it(`skipping the sender costs 2E - (N-1) = ${perBroadcast} per broadcast on a ${nodeCount}-node ${topology}`, () => {
      const out = runTest({ nodeCount, topology, timeLimit: 5, rate: 100, latency: 10, seed: 1 }, gossipNode("skip-sender"));
      const broadcasts = out.history.filter((op) => op.type === "invoke" && op.f === "broadcast").length;
      expect(out.results.valid).toBe(true);
      expect(out.results.net.servers["msg-count"]).toBe(perBroadcast * broadcasts);
    });
  }

  it("finds lost values when nodes do not forward", () => {
    const out = runTest({ nodeCount: 3, timeLimit: 5, rate: 10, seed: 1 }, gossipNode("no-forward"));
    expect(out.results.valid).toBe(false);
    expect(out.results.workload["lost-count"]).toBeGreaterThan(0);
    expect(out.results.net.servers["msg-count"]).toBe(0);
  });

  it("partitions make a fire-and-forget node lose values, and the run ends healed", () => {
    const out = runTest({ timeLimit: 30, rate: 10, nemesis: true, nemesisInterval: 5, seed: 4 }, gossipNode("skip-sender"));
    expect(out.partitions[0]).toMatchObject({ f: "start-partition" });
    expect(out.partitions.at(-1)?.f).toBe("stop-partition");
    expect(out.results.workload["lost-count"]).toBeGreaterThan(0);
    expect(out.results.valid).toBe(false);
    // Dropped messages were sent but never received.
    expect(out.results.net.servers["recv-count"]).toBeLessThan(out.results.net.servers["send-count"]);
  });

  it("a node that never answers init ends the run at the init timeout, invalid with a reason", () => {
    const silentN2 = (id: string, sink: NodeSink): SimNode => (id === "n2" ? { id, deliver: () => {}, stop: async () => {} } : gossipNode("flood")(id, sink));
    const scheduler = new VirtualScheduler();
    let output: RunOutput | undefined;
    const test = new BroadcastTest({ ...defaultTestOptions, timeLimit: 60 }, { scheduler, makeNode: silentN2, onDone: (o) => (output = o) });
    test.start();
    scheduler.run(() => output !== undefined);
    expect(scheduler.now()).toBe(10_000);
    expect(output?.results.valid).toBe(false);
    expect(output?.results["node-errors"]).toEqual(["n2: no init_ok within 10 s"]);
    expect(output?.history).toEqual([]);
  });
});

describe("flags", () => {
  it("concurrency: a count or K times the node count", () => {
    expect(parseConcurrency("2n", 5)).toBe(10);
    expect(parseConcurrency("1n", 25)).toBe(25);
    expect(parseConcurrency("3", 5)).toBe(3);
    for (const bad of ["0", "0n", "n", "2x", "-1", ""]) expect(() => parseConcurrency(bad, 5)).toThrow(UsageError);
  });

  it("nemesis: a comma list in which only partition exists", () => {
    expect(parseNemesis("partition")).toBe(true);
    expect(parseNemesis("partition,")).toBe(true);
    expect(parseNemesis("")).toBe(false);
    expect(() => parseNemesis("partition,kill")).toThrow(UsageError);
    expect(() => parseNemesis("clock")).toThrow(/only "partition"/);
  });

  it("numbers, distributions and topologies", () => {
    expect(integer("--latency", 0)("100")).toBe(100);
    expect(integer("--latency", 0)("0")).toBe(0);
    for (const bad of ["-1", "1.5", "x", ""]) expect(() => integer("--latency", 0)(bad)).toThrow(UsageError);
    expect(positiveNumber("--rate", true)("0")).toBe(0);
    expect(positiveNumber("--nemesis-interval")("0.5")).toBe(0.5);
    for (const bad of ["0", "-2", "abc", ""]) expect(() => positiveNumber("--time-limit")(bad)).toThrow(UsageError);
    expect(parseLatencyDist("exponential")).toBe("exponential");
    expect(() => parseLatencyDist("normal")).toThrow(/--latency-dist must be one of constant, uniform, exponential/);
    expect(parseTopology("tree4")).toBe("tree4");
    expect(() => parseTopology("ring")).toThrow(UsageError);
  });
});
