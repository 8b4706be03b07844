// The simulated network: per-receiver queues, head-of-line blocking, partitions at dequeue time, counts.
import { describe, expect, it } from "vitest";
import { latencySampler } from "../../../src/sim/world/latency.ts";
import { Network } from "../../../src/sim/world/network.ts";
import { type Grudge } from "../../../src/sim/world/partitions.ts";
import { Rng } from "../../../src/sim/world/rng.ts";
import { VirtualScheduler } from "../../../src/sim/world/scheduler.ts";

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
