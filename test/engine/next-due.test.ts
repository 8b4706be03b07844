// The core's own schedule: a tick sends something exactly when nextDue says so, through traffic, a cut and its heal.
import { describe, expect, it } from "vitest";
import { profiles, type GossipConfig } from "../../src/engine/config.ts";
import { Harness, type Sent } from "./harness.ts";

const LATENCY = 20;

/** Three nodes (a hub and two leaves on the star, a line on the mesh) on a 20 ms network, a millisecond at a time; n2 cut off for a while. */
function run(config: GossipConfig, check: (id: string, t: number, due: number, out: Sent[]) => void): { nodes: Map<string, Harness>; sends: number } {
  const ids = ["n0", "n1", "n2"];
  const nodes = new Map(ids.map((id) => [id, new Harness(config)] as const));
  for (const [id, n] of nodes) {
    n.init(id, ids);
    n.send("c0", { type: "topology", msg_id: 2, topology: { n0: ["n1"], n1: ["n0", "n2"], n2: ["n1"] } }, 0, id);
  }
  const inFlight = new Map<number, Sent[]>();
  let sends = 0;
  const cut = (m: Sent, t: number): boolean => (m.src === "n2" || m.dest === "n2") && t >= 800 && t < 2000;
  const post = (out: Sent[], t: number): void => {
    sends += out.filter((m) => m.body.type === "gossip" && (m.body.values as unknown[]).length).length;
    for (const m of out) if (m.dest.startsWith("n") && !cut(m, t)) inFlight.set(t + LATENCY, [...(inFlight.get(t + LATENCY) ?? []), m]);
  };
  for (let t = 1; t < 6500; t++) {
    for (const m of inFlight.get(t) ?? []) post((nodes.get(m.dest) as Harness).line(m.line, t), t);
    if (t % 97 === 0 && t < 2000) {
      const leaf = t % 2 ? "n1" : "n2";
      post((nodes.get(leaf) as Harness).send("c1", { type: "broadcast", msg_id: t, message: t }, t, leaf), t);
    }
    // Reads too, through the cut: on the pull profile each waits on a pull, answered or timed out.
    if (t % 89 === 0 && t < 2000) post((nodes.get("n2") as Harness).send("c2", { type: "read", msg_id: t }, t, "n2"), t);
    for (const [id, n] of nodes) {
      const due = n.core.nextDue();
      const out = n.tick(t);
      check(id, t, due, out);
      post(out, t);
    }
  }
  return { nodes, sends };
}

describe("nextDue", () => {
  it.each(["default", "frugal", "mesh", "pull"] as const)("%s: a tick sends exactly when it is due, and every node ends with every value", (name) => {
    const { nodes, sends } = run(profiles[name], (id, t, due, out) => {
      expect(out.length > 0, `${id} at ${t}: due ${due}`).toBe(due <= t);
    });
    // The run did gossip (batched, so fewer messages than values on frugal).
    expect(sends).toBeGreaterThan(15);
    const values = [...nodes.values()].map((n) => [...n.core.read()].sort());
    expect(values[0]).toHaveLength(20);
    expect(values[1]).toEqual(values[0]);
    expect(values[2]).toEqual(values[0]);
    for (const n of nodes.values()) {
      expect(n.core.pending().maxUnacknowledged).toBe(0);
      expect(n.core.nextDue()).toBe(Number.POSITIVE_INFINITY);
      expect(n.warnings).toEqual([]);
    }
  });

  it("is never while a node has nothing to send, before init or after", () => {
    const n = new Harness(profiles.default);
    expect(n.core.nextDue()).toBe(Number.POSITIVE_INFINITY);
    n.init("n1", ["n0", "n1"]);
    expect(n.core.nextDue()).toBe(Number.POSITIVE_INFINITY);
    expect(n.tick(10_000)).toEqual([]);
  });
});

describe("arrivals", () => {
  it("records when each value first reached the node, from a client or from a peer", () => {
    const hub = new Harness(profiles.default);
    hub.init("n0", ["n0", "n1"]);
    hub.send("c1", { type: "broadcast", msg_id: 1, message: 1 }, 5);
    hub.send("n1", { type: "gossip", start: 0, end: 2, values: [2, { a: 1 }], ack: 0 }, 7);
    hub.send("c1", { type: "broadcast", msg_id: 2, message: 2 }, 9);
    expect(hub.core.arrivals()).toEqual(new Map([["1", 5], ["2", 7], ['{"a":1}', 7]]));
  });
});
