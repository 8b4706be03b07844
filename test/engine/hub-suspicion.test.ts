// When a node suspects its hub: from the measured round trip, never sooner than an alive hub may answer, and at once asked when a larger id gives up on it.
import { describe, expect, it } from "vitest";
import { profiles } from "../../src/engine/config.ts";
import { StarOverlay, type RoundTrip } from "../../src/engine/overlay.ts";
import { Harness } from "./harness.ts";
import { LIMIT, TIMEOUT, answer, timing, values } from "./overlay-fixtures.ts";

/** Six ids, so that n5 can give up on every id below n1. */
const ids = ["n0", "n1", "n2", "n3", "n4", "n5"];
const measured: RoundTrip = { srtt: 250, rttvar: 25 };
/** What an alive hub may take on `default`: the round trip, four deviations, and the longer of its round and ackQuiet. */
const HUB_LIMIT = measured.srtt + 4 * measured.rttvar + Math.max(timing.fanoutDelay, timing.ackQuiet);
const overlay = (self: string, rtt: RoundTrip | undefined = measured, config = timing): StarOverlay => new StarOverlay(self, ids, config, () => TIMEOUT, () => rtt);

describe("suspecting the hub from the measured round trip", () => {
  it("moves on once values go unanswered past the round trip, four deviations and ackQuiet: sooner than a round and a timeout", () => {
    expect(HUB_LIMIT).toBe(600);
    expect(HUB_LIMIT).toBeLessThan(LIMIT);
    const leaf = overlay("n3");
    leaf.update(0);
    leaf.asked("n0", 100);
    expect(leaf.nextDue()).toBe(100 + HUB_LIMIT + 1);
    expect(leaf.update(100 + HUB_LIMIT).changed).toBe(false);
    expect(leaf.hub()).toBe("n0");
    leaf.update(100 + HUB_LIMIT + 1);
    expect(leaf.hub()).toBe("n1");
  });

  it("does not suspect a slow but alive hub that answers each time within that bound", () => {
    const leaf = overlay("n3");
    leaf.update(0);
    const probes: string[] = [];
    // Values every 100 ms for 200 ms, every second; the hub's answer comes just inside the bound after the first.
    for (let t = 0; t < 20_000; t += 10) {
      if (t % 1000 <= 200 && t % 100 === 0) leaf.asked("n0", t);
      if (t % 1000 === HUB_LIMIT - 10) leaf.heard("n0", answer, t);
      probes.push(...leaf.update(t).probes);
      expect(leaf.hub()).toBe("n0");
    }
    expect(probes).toEqual([]);
  });

  it("keeps a round and a timeout before any round trip is measured, and never waits longer than that", () => {
    for (const rtt of [undefined, { srtt: 900, rttvar: 200 }]) {
      const leaf = new StarOverlay("n3", ids, timing, () => TIMEOUT, () => rtt);
      leaf.update(0);
      leaf.asked("n0", 0);
      expect(leaf.nextDue()).toBe(LIMIT + 1);
      leaf.update(LIMIT);
      expect(leaf.hub()).toBe("n0");
      leaf.update(LIMIT + 1);
      expect(leaf.hub()).toBe("n1");
    }
  });

  it("past FLAT_STAR_MAX_NODES, uses it for the own group's hub only: another group's hub, pushed to every round, may hold its answer for ackMax", () => {
    const many = Array.from({ length: 100 }, (_, i) => `n${i}`);
    const member = new StarOverlay("n25", many, timing, () => TIMEOUT, () => measured);
    member.update(0);
    member.asked("n20", 0);
    expect(member.nextDue()).toBe(HUB_LIMIT + 1);
    const hub = new StarOverlay("n20", many, timing, () => TIMEOUT, () => measured);
    hub.update(0);
    hub.asked("n0", 0);
    expect(hub.nextDue()).toBe(LIMIT + 1);
  });

  it("counts a round longer than ackQuiet in full: pull's hub, which answers in 3 s rounds, keeps its old bound", () => {
    const pull = profiles.pull;
    const leaf = new StarOverlay("n3", ids, pull, () => pull.rtoMin, () => measured);
    leaf.update(0);
    leaf.asked("n0", 0);
    expect(leaf.nextDue()).toBe(Math.min(pull.fanoutDelay + pull.rtoMin, measured.srtt + 4 * measured.rttvar + pull.fanoutDelay) + 1);
    expect(leaf.nextDue()).toBeGreaterThan(pull.fanoutDelay);
  });
});

describe("a larger id that gives up on the hub", () => {
  it("makes the node probe its own hub at once, and suspect it when the probe goes unanswered for a round trip and four deviations", () => {
    const n1 = overlay("n1");
    n1.update(0);
    n1.heard("n5", values, 1000);
    expect(n1.update(1000).probes).toEqual(["n0"]);
    const probeLimit = measured.srtt + 4 * measured.rttvar;
    expect(n1.nextDue()).toBe(1000 + probeLimit + 1);
    n1.update(1000 + probeLimit);
    expect(n1.hub()).toBe("n0");
    const moved = n1.update(1000 + probeLimit + 1);
    expect(n1.hub()).toBe("n1");
    expect(moved.changed).toBe(true);
    expect([...n1.targets()]).toEqual(["n2", "n3", "n4", "n5"]);
  });

  it("stays with a hub that answers the probe, and probes it again only after a timeout", () => {
    const n1 = overlay("n1");
    n1.update(0);
    n1.heard("n5", values, 1000);
    expect(n1.update(1000).probes).toEqual(["n0"]);
    n1.heard("n0", answer, 1200);
    n1.heard("n5", values, 1300);
    expect(n1.update(1300).probes).toEqual([]);
    n1.update(5000);
    expect(n1.hub()).toBe("n0");
    n1.heard("n5", values, 1000 + TIMEOUT);
    expect(n1.update(1000 + TIMEOUT).probes).toEqual(["n0"]);
  });

  it("is not read into a push that answers the node's own: a larger id it pushed to lately", () => {
    const n1 = overlay("n1");
    n1.update(0);
    n1.asked("n5", 900);
    n1.heard("n5", values, 1000);
    expect(n1.update(1000).probes).toEqual([]);
    // Nor into values under its own id, nor into a push from a smaller id, which the node follows instead.
    n1.heard("n1", values, 1000 + TIMEOUT);
    expect(n1.update(1000 + TIMEOUT).probes).toEqual([]);
    const n3 = overlay("n3");
    n3.update(0);
    n3.heard("n1", values, 1000);
    expect(n3.update(1000).probes).toEqual([]);
    expect([...n3.targets()].sort()).toEqual(["n0", "n1"]);
  });
});

describe("the doubting probe's deadline and its ends", () => {
  const probeLimit = measured.srtt + 4 * measured.rttvar;

  it("keeps the probe's deadline through later updates, and suspects the hub only past it", () => {
    const n1 = overlay("n1");
    n1.update(0);
    n1.heard("n5", values, 1000);
    expect(n1.update(1000).probes).toEqual(["n0"]);
    // Another push from n5 makes the overlay recompute its schedule: the deadline must survive that, and not move the hub early.
    n1.heard("n5", values, 1100);
    expect(n1.update(1100).probes).toEqual([]);
    expect(n1.hub()).toBe("n0");
    expect(n1.nextDue()).toBe(1000 + probeLimit + 1);
    n1.heard("n5", values, 1000 + probeLimit);
    n1.update(1000 + probeLimit);
    expect(n1.hub()).toBe("n0");
    n1.update(1000 + probeLimit + 1);
    expect(n1.hub()).toBe("n1");
  });

  it("probes once per doubt: a hub that answered is not probed again by later updates without a new unasked push", () => {
    const n1 = overlay("n1");
    n1.update(0);
    n1.heard("n5", values, 1000);
    expect(n1.update(1000).probes).toEqual(["n0"]);
    n1.heard("n0", answer, 1200);
    n1.update(1200);
    // Values to the hub and their answer make the overlay update again, well past a timeout since the probe.
    n1.asked("n0", 2000);
    n1.heard("n0", answer, 2200);
    expect(n1.update(2200).probes).toEqual([]);
    expect(n1.hub()).toBe("n0");
  });

  it("does not probe a hub again while its doubting probe is unanswered, even past a timeout (no round trip measured yet)", () => {
    const n1 = new StarOverlay("n1", ids, timing, () => TIMEOUT, () => undefined);
    n1.update(0);
    n1.heard("n5", values, 1000);
    expect(n1.update(1000).probes).toEqual(["n0"]);
    // Unmeasured, the probe's bound is a round and a timeout (720 ms): past the 600 ms timeout, within that bound.
    n1.heard("n5", values, 1000 + TIMEOUT + 50);
    expect(n1.update(1000 + TIMEOUT + 50).probes).toEqual([]);
    expect(n1.hub()).toBe("n0");
  });

  it("reads a push as unasked only more than twice a round and a timeout after the node last asked that id", () => {
    for (const [at, probes] of [
      [2 * LIMIT, []],
      [2 * LIMIT + 1, ["n0"]],
    ] as const) {
      const n1 = overlay("n1");
      n1.update(0);
      n1.asked("n5", 0);
      n1.heard("n5", values, at);
      expect(n1.update(at).probes).toEqual(probes);
    }
  });
});

describe("a leaf's core whose hub goes silent", () => {
  it("moves off it within the measured round trip, four deviations and ackQuiet: sooner than a round and the retransmission timeout", () => {
    const leaf = new Harness(profiles.default);
    leaf.init("n3", ["n0", "n1", "n2", "n3"]);
    // Five values, each acknowledged by the hub 200 ms after it left: a steady round trip of 200 ms.
    for (let i = 1; i <= 5; i++) {
      const t = i * 1000;
      leaf.send("c1", { type: "broadcast", msg_id: i, message: i }, t);
      leaf.send("n0", { type: "gossip", start: 0, end: 0, values: [], ack: i }, t + 200);
    }
    const silentFrom = 6000;
    leaf.send("c1", { type: "broadcast", msg_id: 6, message: 6 }, silentFrom);
    let movedAt: number | undefined;
    for (let t = silentFrom + 10; movedAt === undefined && t < silentFrom + 2000; t += 10) {
      if (leaf.tick(t).some((m) => m.dest !== "n0")) movedAt = t;
    }
    expect(movedAt).toBeDefined();
    expect(leaf.core.hub()).toBe("n1");
    // The round trip alone and the hub's round or ackQuiet: never before 450 ms; the old bound was 720 ms at least.
    expect((movedAt ?? 0) - silentFrom).toBeGreaterThan(200 + Math.max(timing.fanoutDelay, timing.ackQuiet));
    expect((movedAt ?? 0) - silentFrom).toBeLessThan(timing.fanoutDelay + timing.rtoMin);
  });
});

describe("a leaf's core whose hub answers slowly", () => {
  it("measures the round trip on its link and keeps a hub that acknowledges each burst only ackQuiet after its last value", () => {
    const leaf = new Harness(profiles.default);
    leaf.init("n3", ["n0", "n1", "n2", "n3"]);
    const sent: { dest: string; probe: boolean }[] = [];
    const record = (out: { dest: string; body: { type: string; probe?: unknown } }[]): void => {
      for (const m of out) if (m.body.type === "gossip") sent.push({ dest: m.dest, probe: m.body.probe === true });
    };
    let value = 0;
    for (let burst = 0; burst < 20; burst++) {
      const t = burst * 1000;
      // Three values 100 ms apart; the hub holds its acknowledgement until the leaf has been quiet for ackQuiet, 100 ms each way.
      for (const dt of [0, 100, 200]) record(leaf.send("c1", { type: "broadcast", msg_id: ++value, message: value }, t + dt));
      const at = t + 200 + 100 + timing.ackQuiet + 100;
      for (let tick = t + 210; tick < at; tick += 10) record(leaf.tick(tick));
      leaf.send("n0", { type: "gossip", start: 0, end: 0, values: [], ack: 3 * (burst + 1) }, at);
    }
    expect(leaf.core.hub()).toBe("n0");
    expect(sent.every((m) => m.dest === "n0" && !m.probe)).toBe(true);
    expect(sent).toHaveLength(60);
  });
});
