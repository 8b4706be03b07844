// The phases of a test on virtual time, with stand-in nodes: message counts, lost values, partitions, setup timeouts.
import { describe, expect, it } from "vitest";
import { type Envelope } from "../../../src/sim/world/network.ts";
import type { NodeSink, SimNode } from "../../../src/sim/world/sim-node.ts";
import { VirtualScheduler } from "../../../src/sim/world/scheduler.ts";
import { TestPhases, type RunOutput } from "../../../src/sim/workloads/phases.ts";
import { defaultTestOptions, type TestOptions } from "../../../src/sim/workloads/options.ts";
import { broadcastWorkload } from "../../../src/sim/workloads/broadcast/workload.ts";
import type { SetFullResult } from "../../../src/sim/checking/results.ts";

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

function runTest(options: Partial<TestOptions>, makeNode: (id: string, sink: NodeSink) => SimNode): RunOutput<SetFullResult> {
  const scheduler = new VirtualScheduler();
  let output: RunOutput<SetFullResult> | undefined;
  const nodes = options.nodeCount ?? 5;
  const test = new TestPhases(
    { ...defaultTestOptions, concurrency: nodes, ...options },
    broadcastWorkload,
    { scheduler, makeNode, onDone: (o) => (output = o) },
  );
  test.start();
  scheduler.run(() => output !== undefined);
  if (!output) throw new Error("the test never finished");
  return output;
}

describe("the phases of a broadcast test on virtual time", () => {
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
    expect(finals[0]?.time).toBeGreaterThanOrEqual((out.history[0]?.time ?? 0) + 20_000 + 10_000);
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
    let output: RunOutput<SetFullResult> | undefined;
    const test = new TestPhases({ ...defaultTestOptions, timeLimit: 60 }, broadcastWorkload, { scheduler, makeNode: silentN2, onDone: (o) => (output = o) });
    test.start();
    scheduler.run(() => output !== undefined);
    expect(scheduler.now()).toBe(10_000);
    expect(output?.results.valid).toBe(false);
    expect(output?.results["node-errors"]).toEqual(["n2: no init_ok within 10 s"]);
    expect(output?.history).toEqual([]);
  });
});
