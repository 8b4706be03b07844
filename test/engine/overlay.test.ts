// The star overlay's failover: a silent hub is replaced, routes return when it answers, no value is lost on the way.
import { describe, expect, it } from "vitest";
import { profiles } from "../../src/engine/config.ts";
import { FLAT_STAR_MAX_NODES, PROBE_BACKOFF_MS } from "../../src/engine/overlay.ts";
import { Harness } from "./harness.ts";
import { LIMIT, answer, overlay, timing } from "./overlay-fixtures.ts";

describe("the star overlay", () => {
  it("is today's star while the first id answers: a leaf pushes to it, it pushes to everyone", () => {
    const leaf = overlay("n3");
    expect(leaf.update(0)).toEqual({ probes: [], changed: true });
    expect([...leaf.targets()]).toEqual(["n0"]);
    expect(leaf.hub()).toBe("n0");
    leaf.asked("n0", 10);
    leaf.heard("n0", answer, 300);
    expect(leaf.update(10_000)).toEqual({ probes: [], changed: false });
    const hub = overlay("n0");
    hub.update(0);
    expect(hub.hub()).toBe("n0");
    expect([...hub.targets()]).toEqual(["n1", "n2", "n3", "n4"]);
  });

  it("moves to the next id once the hub leaves a round and a timeout unanswered, probing every id up to itself", () => {
    const leaf = overlay("n3");
    leaf.update(0);
    leaf.asked("n0", 100);
    expect(leaf.nextDue()).toBe(100 + LIMIT + 1);
    expect(leaf.update(100 + LIMIT)).toEqual({ probes: [], changed: false });
    const moved = leaf.update(100 + LIMIT + 1);
    expect(leaf.hub()).toBe("n1");
    // The new hub is asked at once, and so is n2, so that a dead n1 costs one more timeout, not one per id.
    expect(moved).toEqual({ probes: ["n0", "n1", "n2"], changed: true });
    expect([...leaf.targets()]).toEqual(["n1"]);
  });

  it("acts as hub when no smaller id answers, and returns to the first id when it answers again", () => {
    const n2 = overlay("n2");
    n2.update(0);
    n2.asked("n0", 0);
    n2.update(LIMIT + 1);
    expect(n2.hub()).toBe("n1");
    n2.update(2 * LIMIT + 2);
    expect(n2.hub()).toBe("n2");
    // It pushes to the members above it that have not gone quiet, not to the suspected ones below.
    expect([...n2.targets()]).toEqual(["n3", "n4"]);
    n2.heard("n1", answer, 3000);
    n2.update(3000);
    expect(n2.hub()).toBe("n1");
    n2.heard("n0", answer, 4000);
    expect(n2.update(4000).changed).toBe(true);
    expect(n2.hub()).toBe("n0");
    expect([...n2.targets()]).toEqual(["n0"]);
  });

  it("re-probes a suspected hub with doubling backoff up to rtoMax", () => {
    const leaf = overlay("n1");
    leaf.update(0);
    leaf.asked("n0", 0);
    const probes: number[] = [];
    for (let t = 0; t < 8000; t += 10) if (leaf.update(t).probes.includes("n0")) probes.push(t);
    const gaps = probes.slice(1).map((t, i) => t - (probes[i] as number));
    expect(probes[0]).toBe(730);
    expect(gaps.slice(0, 3)).toEqual([PROBE_BACKOFF_MS, timing.rtoMax, timing.rtoMax]);
    expect(new Set(gaps)).toEqual(new Set([PROBE_BACKOFF_MS, timing.rtoMax]));
  });

  it("asks a suspected peer at once when it talks again", () => {
    const leaf = overlay("n1");
    leaf.update(0);
    leaf.asked("n0", 0);
    leaf.update(730);
    expect(leaf.update(1000).probes).toEqual([]);
    leaf.heard("n0", { answer: false, values: true }, 1400);
    expect(leaf.update(1400).probes).toEqual(["n0"]);
  });

  it("pushes back to a smaller id that pushes values to it, never to a larger one", () => {
    const n3 = overlay("n3");
    n3.update(0);
    n3.heard("n1", { answer: false, values: true }, 100);
    n3.heard("n4", { answer: false, values: true }, 100);
    n3.update(100);
    expect([...n3.targets()].sort()).toEqual(["n0", "n1"]);
    // Once n1 stops pushing for a round and a timeout, so does n3, at its next update.
    n3.asked("n0", 200);
    n3.heard("n0", answer, 100 + LIMIT + 1);
    n3.update(100 + LIMIT + 1);
    expect([...n3.targets()]).toEqual(["n0"]);
  });

  it("past FLAT_STAR_MAX_NODES, groups of about √N, whose hubs push to their members and to each other", () => {
    const many = Array.from({ length: 100 }, (_, i) => `n${i}`);
    expect(many.length).toBeGreaterThan(FLAT_STAR_MAX_NODES);
    const hub = overlay("n20", many);
    hub.update(0);
    const targets = [...hub.targets()];
    expect(targets.filter((id) => Number(id.slice(1)) >= 20 && Number(id.slice(1)) < 30)).toHaveLength(9);
    expect(targets.filter((id) => !(Number(id.slice(1)) >= 20 && Number(id.slice(1)) < 30))).toEqual(["n0", "n10", "n30", "n40", "n50", "n60", "n70", "n80", "n90"]);
    const leaf = overlay("n25", many);
    leaf.update(0);
    expect(leaf.hub()).toBe("n20");
    expect([...leaf.targets()]).toEqual(["n20"]);
  });
});

describe("a node whose hub goes silent", () => {
  it("sends its whole log to the next id, and returns to the hub when it answers a probe", () => {
    const nodes = ["n0", "n1", "n2"];
    const leaf = new Harness(profiles.default);
    leaf.init("n2", nodes);
    leaf.send("n0", { type: "gossip", start: 0, end: 1, values: [1], ack: 0 }, 0);
    const first = leaf.send("c1", { type: "broadcast", msg_id: 1, message: 2 }, 10);
    expect(first.filter((m) => m.dest === "n0").map((m) => m.body)).toEqual([{ type: "gossip", start: 0, end: 2, values: [2], ack: 1 }]);
    // n0 never answers: after a round and the first timeout (rtoMax), n1 is the hub and gets everything, n0's value too.
    const failover = leaf.tick(10 + timing.fanoutDelay + timing.rtoMax + 10);
    expect(failover.filter((m) => m.dest === "n1").map((m) => m.body)).toEqual([
      { type: "gossip", start: 0, end: 0, values: [], ack: 0, probe: true },
      { type: "gossip", start: 0, end: 2, values: [1, 2], ack: 0 },
    ]);
    expect(leaf.core.hub()).toBe("n1");
    // n0 answers a probe: back to it, and what n1 has not acknowledged stays with n1's link, harmlessly.
    const t = 3000;
    leaf.tick(t);
    leaf.send("n0", { type: "gossip", start: 0, end: 0, values: [], ack: 2 }, t);
    leaf.tick(t + 10);
    expect(leaf.core.hub()).toBe("n0");
    const next = leaf.send("c1", { type: "broadcast", msg_id: 2, message: 3 }, t + 20);
    expect(next.filter((m) => m.body.type === "gossip").map((m) => [m.dest, m.body.values])).toEqual([["n0", [3]]]);
  });

  it("answers a probe at once with a bare acknowledgement", () => {
    const hub = new Harness(profiles.default);
    hub.init("n0", ["n0", "n1"]);
    hub.send("n1", { type: "gossip", start: 0, end: 1, values: [7], ack: 0 }, 0);
    const reply = hub.send("n1", { type: "gossip", start: 0, end: 0, values: [], ack: 0, probe: true }, 50);
    expect(reply.map((m) => [m.dest, m.body])).toEqual([["n1", { type: "gossip", start: 0, end: 0, values: [], ack: 1 }]]);
  });
});
