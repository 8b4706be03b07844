// The core at its edges: inspection before any state, refusal texts, topologies the overlay must not follow, what counts as an answer from a hub, whom a leaf pushes to and when.
import { describe, expect, it } from "vitest";
import { profiles } from "../../src/engine/config.ts";
import { MAX_HELD_READS, READ_HOLD_MS } from "../../src/engine/held-reads.ts";
import { Harness, type Sent } from "./harness.ts";

const replies = (out: Sent[]): Sent["body"][] => out.filter((m) => m.dest.startsWith("c")).map((m) => m.body);
const gossipTo = (out: Sent[], dest: string): Sent["body"][] => out.filter((m) => m.dest === dest && m.body.type === "gossip").map((m) => m.body);
/** Every message sent by ticks from `from` to `to`, 10 ms apart. */
function ticks(n: Harness, from: number, to: number): Sent[] {
  const out: Sent[] = [];
  for (let t = from; t <= to; t += 10) out.push(...n.tick(t));
  return out;
}

describe("a node's inspection before it has state", () => {
  it("has no hub, no arrivals, nothing pending and nothing to read", () => {
    const n = new Harness(profiles.default);
    expect(n.core.hub()).toBeUndefined();
    expect(n.core.arrivals()).toEqual(new Map());
    expect(n.core.pending()).toEqual({ values: 0, maxUnacknowledged: 0 });
    expect(n.core.read()).toEqual([]);
  });

  it("has no arrivals for a counter", () => {
    const n = new Harness(profiles.default, "counter");
    n.init("n0", ["n0"]);
    n.send("c1", { type: "add", msg_id: 2, delta: 3 });
    expect(n.core.pending().values).toBe(1);
    expect(n.core.arrivals()).toEqual(new Map());
  });
});

describe("a node's refusals", () => {
  it("name the write's kind and the workload served", () => {
    const n = new Harness(profiles.default, "counter");
    n.init("n0", ["n0"]);
    expect(replies(n.send("c1", { type: "broadcast", msg_id: 2, message: 1 }))).toEqual([
      { type: "error", in_reply_to: 2, code: 10, text: "broadcast is a broadcast write, but this node serves counter" },
    ]);
    const set = new Harness(profiles.default, "g-set");
    set.init("n0", ["n0"]);
    expect(replies(set.send("c1", { type: "add", msg_id: 3, delta: 1 }))).toEqual([
      { type: "error", in_reply_to: 3, code: 10, text: "add with a delta is a counter write, but this node serves g-set" },
    ]);
  });

  it("answer nothing to a write that asks for no reply", () => {
    const n = new Harness(profiles.default);
    n.init("n0", ["n0"]);
    expect(n.send("c1", { type: "broadcast", message: 1 })).toEqual([]);
    expect(n.core.read()).toEqual(["1"]);
  });

  it("say why a read waiting for the workload is refused, at the bound or past the queue's length", () => {
    const n = new Harness(profiles.default);
    n.init("n1", ["n0", "n1"]);
    n.send("c1", { type: "read", msg_id: 1 }, 0);
    expect(replies(n.tick(READ_HOLD_MS))).toEqual([
      { type: "error", in_reply_to: 1, code: 11, text: `the workload is not known yet: no write, topology or gossip named it within ${READ_HOLD_MS} ms` },
    ]);
    for (let i = 0; i < MAX_HELD_READS; i++) n.send("c1", { type: "read", msg_id: i }, READ_HOLD_MS);
    expect(replies(n.send("c1", { type: "read", msg_id: 1e6 }, READ_HOLD_MS))).toEqual([
      { type: "error", in_reply_to: 1e6, code: 11, text: "too many reads waiting for the workload to be known" },
    ]);
  });

  it("drop gossip that claims to come from the node itself, and warn of entries its data type cannot read", () => {
    const n = new Harness(profiles.default);
    n.init("n0", ["n0", "n1"]);
    expect(n.send("n0", { type: "gossip", start: 0, end: 1, values: [5], ack: 0 }, 0)).toEqual([]);
    expect(n.core.read()).toEqual([]);
    expect(n.warnings).toEqual(["gossip from n0, which is not another server; dropped"]);
    const counter = new Harness(profiles.default);
    counter.init("n0", ["n0", "n1"]);
    counter.send("n1", { type: "gossip", start: 0, end: 1, values: ["x"], ack: 0, serves: "counter" }, 0);
    expect(counter.warnings).toEqual(['gossip from n1: unreadable counter entry "x"; ignored']);
  });
});

describe("topologies", () => {
  it("change nothing on the star, even once it has routed", () => {
    const leaf = new Harness(profiles.default);
    leaf.init("n2", ["n0", "n1", "n2"]);
    expect(gossipTo(leaf.send("c1", { type: "broadcast", msg_id: 1, message: 1 }, 0), "n0")).toHaveLength(1);
    leaf.send("c1", { type: "topology", msg_id: 2, topology: { n2: ["n1"], n1: ["n2"] } }, 10);
    // Up to just before n0, silent here, would be suspected (a round and rtoMax after the first push).
    const out = [...leaf.send("c1", { type: "broadcast", msg_id: 3, message: 2 }, 20), ...ticks(leaf, 30, 1100)];
    expect(gossipTo(out, "n1")).toEqual([]);
    expect(gossipTo(out, "n0").length).toBeGreaterThan(0);
  });

  it("on the mesh, a broadcast before the topology does not make the node a star", () => {
    const n = new Harness(profiles.mesh);
    n.init("n1", ["n0", "n1", "n2"]);
    n.send("c1", { type: "broadcast", msg_id: 1, message: 1 }, 0);
    expect(n.core.hub()).toBeUndefined();
    n.send("c1", { type: "topology", msg_id: 2, topology: { n1: ["n2"] } }, 10);
    const out = [...n.send("c1", { type: "broadcast", msg_id: 3, message: 2 }, 20), ...ticks(n, 30, 500)];
    expect(gossipTo(out, "n0")).toEqual([]);
    expect(gossipTo(out, "n2").length).toBeGreaterThan(0);
  });
});

describe("what the overlay hears as a hub's answer", () => {
  /** Leaf n2's hub is n0: a round and the link's first timeout (rtoMax). */
  const limit = profiles.default.fanoutDelay + profiles.default.rtoMax;

  it("values from the hub that acknowledge nothing of ours are no answer: it is suspected all the same", () => {
    const leaf = new Harness(profiles.default);
    leaf.init("n2", ["n0", "n1", "n2"]);
    leaf.send("c1", { type: "broadcast", msg_id: 1, message: 1 }, 0);
    leaf.send("n0", { type: "gossip", start: 0, end: 1, values: [9], ack: 0 }, 100);
    ticks(leaf, 110, limit);
    expect(leaf.core.hub()).toBe("n0");
    leaf.tick(limit + 10);
    expect(leaf.core.hub()).toBe("n1");
  });

  it("an acknowledgement that advances is an answer", () => {
    const leaf = new Harness(profiles.default);
    leaf.init("n2", ["n0", "n1", "n2"]);
    leaf.send("c1", { type: "broadcast", msg_id: 1, message: 1 }, 0);
    leaf.send("n0", { type: "gossip", start: 0, end: 1, values: [9], ack: 1 }, 100);
    ticks(leaf, 110, limit + 500);
    expect(leaf.core.hub()).toBe("n0");
  });

  it("on the pull profile, a pull is asked and its answer is an answer, even one that acknowledges nothing", () => {
    const { fanoutDelay, rtoMax } = profiles.pull;
    const silent = new Harness(profiles.pull);
    silent.init("n2", ["n0", "n1", "n2"]);
    silent.send("c1", { type: "topology", msg_id: 9, topology: {} }, 0);
    expect(gossipTo(silent.send("c1", { type: "read", msg_id: 1 }, 0), "n0")).toEqual([{ type: "gossip", start: 0, end: 0, values: [], ack: 0, pull: 0 }]);
    silent.tick(fanoutDelay + rtoMax + 10);
    expect(silent.core.hub()).toBe("n1");
    const answered = new Harness(profiles.pull);
    answered.init("n2", ["n0", "n1", "n2"]);
    answered.send("c1", { type: "topology", msg_id: 9, topology: {} }, 0);
    answered.send("c1", { type: "read", msg_id: 1 }, 0);
    answered.send("n0", { type: "gossip", start: 0, end: 1, values: [4], ack: 0, pulled: 0 }, 50);
    answered.tick(fanoutDelay + rtoMax + 10);
    expect(answered.core.hub()).toBe("n0");
  });

  it("on the pull profile, the hub answers its own clients' reads at once", () => {
    const hub = new Harness(profiles.pull);
    hub.init("n0", ["n0", "n1"]);
    hub.send("c1", { type: "broadcast", msg_id: 1, message: 1 }, 0);
    expect(hub.send("c1", { type: "read", msg_id: 2 }, 10)).toEqual([expect.objectContaining({ dest: "c1", body: { type: "read_ok", in_reply_to: 2, messages: [1] } })]);
  });
});

describe("whom a leaf pushes to", () => {
  it("a smaller id that pushes values to it, at the hub's pace, not its own batch's", () => {
    const leaf = new Harness(profiles.default);
    leaf.init("n2", ["n0", "n1", "n2"]);
    leaf.send("n1", { type: "gossip", start: 0, end: 1, values: [1], ack: 0 }, 0);
    // A value from the hub goes on to n1 after the hub's round (fanoutDelay), though the leaf's own batch to the hub waits nothing.
    expect(gossipTo(leaf.send("n0", { type: "gossip", start: 0, end: 1, values: [7], ack: 0 }, 10), "n1")).toEqual([]);
    expect(gossipTo(ticks(leaf, 20, 120), "n1")).toEqual([]);
    expect(gossipTo(leaf.tick(130), "n1")).toEqual([{ type: "gossip", start: 0, end: 2, values: [7], ack: 1 }]);
  });

  it("only the new hub after a failover: the ids it probes on the way get probes, not values", () => {
    const leaf = new Harness(profiles.default);
    leaf.init("n3", ["n0", "n1", "n2", "n3"]);
    leaf.send("c1", { type: "broadcast", msg_id: 1, message: 1 }, 10);
    const failover = leaf.tick(10 + profiles.default.fanoutDelay + profiles.default.rtoMax + 10);
    expect(leaf.core.hub()).toBe("n1");
    expect(failover.filter((m) => m.dest === "n2").map((m) => m.body)).toEqual([{ type: "gossip", start: 0, end: 0, values: [], ack: 0, probe: true }]);
    expect(gossipTo(failover, "n1").filter((b) => (b.values as unknown[]).length)).toHaveLength(1);
  });
});
