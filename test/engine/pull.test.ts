// The pull profile's core: a read at a leaf pulls the hub's delta, shares a pull in flight, falls back to local state at a bound, never loses a value.
import { describe, expect, it } from "vitest";
import { profiles, type GossipConfig } from "../../src/engine/config.ts";
import { GrowOnlySet } from "../../src/datatypes/grow-only-set.ts";
import { PeerLink } from "../../src/engine/peer-link.ts";
import { MAX_PULL_READERS, Pulls } from "../../src/engine/pull.ts";
import type { GossipBody } from "../../src/protocol/messages.ts";
import { Harness, type Sent } from "./harness.ts";

const ids = ["n0", "n1", "n2"];
const { timeoutMin, timeoutMax } = profiles.pull.pull;

function node(self = "n1", config: GossipConfig = profiles.pull): Harness {
  const h = new Harness(config, "broadcast");
  h.init(self, ids);
  return h;
}

const to = (out: Sent[], dest: string) => out.filter((m) => m.dest === dest).map((m) => m.body);

describe("a read at a leaf", () => {
  it("pulls the hub's delta since the leaf's acknowledged point and is answered when it comes", () => {
    const leaf = node();
    const out = leaf.send("c1", { type: "read", msg_id: 2 }, 100);
    expect(to(out, "c1")).toEqual([]);
    expect(to(out, "n0")).toEqual([{ type: "gossip", start: 0, end: 0, values: [], ack: 0, pull: 0 }]);
    const answer = leaf.send("n0", { type: "gossip", start: 0, end: 2, values: [7, 8], ack: 0, pulled: 0 }, 300);
    expect(to(answer, "c1")).toEqual([{ type: "read_ok", in_reply_to: 2, messages: [7, 8] }]);
    // The next pull acknowledges what the last one brought.
    expect(to(leaf.send("c1", { type: "read", msg_id: 3 }, 400), "n0")).toEqual([{ type: "gossip", start: 0, end: 0, values: [], ack: 2, pull: 1 }]);
  });

  it("shares the pull in flight: one message to the hub, every waiting read answered by its answer", () => {
    const leaf = node();
    expect(to(leaf.send("c1", { type: "read", msg_id: 2 }, 0), "n0")).toHaveLength(1);
    expect(leaf.send("c2", { type: "read", msg_id: 5 }, 10)).toEqual([]);
    expect(leaf.send("c3", { type: "read", msg_id: 9 }, 20)).toEqual([]);
    const answer = leaf.send("n0", { type: "gossip", start: 0, end: 1, values: [4], ack: 0, pulled: 0 }, 200);
    expect(answer.map((m) => [m.dest, m.body])).toEqual([
      ["c1", { type: "read_ok", in_reply_to: 2, messages: [4] }],
      ["c2", { type: "read_ok", in_reply_to: 5, messages: [4] }],
      ["c3", { type: "read_ok", in_reply_to: 9, messages: [4] }],
    ]);
  });

  it("unanswered, is answered from local state at the bound, which the measured round trip then sets", () => {
    const leaf = node();
    leaf.send("c1", { type: "read", msg_id: 2 }, 0);
    expect(leaf.core.nextDue()).toBe(timeoutMax);
    expect(to(leaf.tick(timeoutMax - 1), "c1")).toEqual([]);
    expect(to(leaf.tick(timeoutMax), "c1")).toEqual([{ type: "read_ok", in_reply_to: 2, messages: [] }]);
    // A late answer ends nothing, but its round trip (1200 ms) is measured: 2 × 1200 + 4 × 600 is over the maximum.
    expect(to(leaf.send("n0", { type: "gossip", start: 0, end: 1, values: [3], ack: 0, pulled: 0 }, 1200), "c1")).toEqual([]);
    leaf.send("c1", { type: "read", msg_id: 3 }, 2000);
    leaf.send("n0", { type: "gossip", start: 1, end: 1, values: [], ack: 0, pulled: 1 }, 2020);
    // Samples 1200 then 20: srtt 1052.5, rttvar 745 — still over the maximum; a run of short ones brings it down.
    for (let i = 2; i < 30; i++) {
      leaf.send("c1", { type: "read", msg_id: 2 + i }, 3000 * i);
      leaf.send("n0", { type: "gossip", start: 1, end: 1, values: [], ack: 0, pulled: i }, 3000 * i + 20);
    }
    leaf.send("c1", { type: "read", msg_id: 99 }, 100_000);
    expect(leaf.core.nextDue() - 100_000).toBeLessThan(timeoutMax);
    expect(leaf.core.nextDue() - 100_000).toBeGreaterThanOrEqual(timeoutMin);
    expect(to(leaf.tick(leaf.core.nextDue()), "c1")).toEqual([{ type: "read_ok", in_reply_to: 99, messages: [3] }]);
  });

  it("never loses a value the leaf acknowledged: it goes to the hub at once and is in every read, answered or not", () => {
    const leaf = node();
    const write = leaf.send("c1", { type: "broadcast", msg_id: 2, message: 5 }, 0);
    expect(to(write, "n0")).toEqual([{ type: "gossip", start: 0, end: 1, values: [5], ack: 0 }]);
    leaf.send("c1", { type: "read", msg_id: 3 }, 10);
    expect(to(leaf.tick(10 + timeoutMax), "c1")).toEqual([{ type: "read_ok", in_reply_to: 3, messages: [5] }]);
  });

  it("in the variant whose leaves hold their values, the pull carries what the leaf owes the hub", () => {
    const leaf = node("n1", { ...profiles.pull, forwardDelay: 1000 });
    expect(to(leaf.send("c1", { type: "broadcast", msg_id: 2, message: 5 }, 0), "n0")).toEqual([]);
    expect(to(leaf.send("c1", { type: "read", msg_id: 3 }, 10), "n0")).toEqual([{ type: "gossip", start: 0, end: 1, values: [5], ack: 0, pull: 0 }]);
  });
});

describe("the hub", () => {
  it("answers its own reads locally", () => {
    const hub = node("n0");
    hub.send("n2", { type: "gossip", start: 0, end: 1, values: [6], ack: 0 }, 0);
    expect(to(hub.send("c1", { type: "read", msg_id: 2 }, 1), "c1")).toEqual([{ type: "read_ok", in_reply_to: 2, messages: [6] }]);
  });

  it("answers a pull with its delta since the puller's acknowledged point, in flight or not, and acknowledges what the pull carried", () => {
    const hub = node("n0");
    hub.send("n2", { type: "gossip", start: 0, end: 1, values: [6], ack: 0 }, 0);
    hub.send("n1", { type: "gossip", start: 0, end: 1, values: [1], ack: 0 }, 0);
    const answer = hub.send("n1", { type: "gossip", start: 1, end: 2, values: [2], ack: 0, pull: 4 }, 10);
    expect(to(answer, "n1")).toEqual([{ type: "gossip", start: 0, end: 3, values: [6], ack: 2, pulled: 4 }]);
    // Nothing new since: an empty answer, which still ends the pull.
    expect(to(hub.send("n1", { type: "gossip", start: 2, end: 2, values: [], ack: 3, pull: 5 }, 20), "n1")).toEqual([
      { type: "gossip", start: 3, end: 3, values: [], ack: 2, pulled: 5 },
    ]);
  });
});

describe("the pull's bound", () => {
  const config = { timeoutMin: 10, timeoutMax: 10_000 };
  const log = new GrowOnlySet();
  const hub = (): PeerLink => new PeerLink(0, "n0", true, 0, profiles.pull);
  const reader = (msgId: number) => ({ src: "c1", msgId });
  const answer = (pulled: number): GossipBody => ({ type: "gossip", start: 0, end: 0, values: [], ack: 0, pulled });

  it("is twice the smoothed round trip plus four deviations (RFC 6298's estimator), within its limits", () => {
    const pulls = new Pulls(config);
    const link = hub();
    expect(pulls.timeout()).toBe(10_000);
    pulls.read(reader(1), link, log, 0);
    expect(pulls.answered(answer(0), 100)).toEqual([reader(1)]);
    // One sample of 100: srtt 100, rttvar 50.
    expect(pulls.timeout()).toBe(400);
    pulls.read(reader(2), link, log, 1000);
    pulls.answered(answer(1), 1020);
    // Then 20: rttvar 0.75 × 50 + 0.25 × 80 = 57.5, srtt 0.875 × 100 + 0.125 × 20 = 90.
    expect(pulls.timeout()).toBe(410);
    expect(pulls.nextDue()).toBe(Number.POSITIVE_INFINITY);
    pulls.read(reader(3), link, log, 2000);
    expect(pulls.nextDue()).toBe(2410);
    const tight = new Pulls({ timeoutMin: 500, timeoutMax: 600 });
    tight.read(reader(1), link, log, 0);
    tight.answered(answer(0), 1);
    expect(tight.timeout()).toBe(500);
    tight.read(reader(2), link, log, 10);
    tight.answered(answer(1), 5000);
    expect(tight.timeout()).toBe(600);
  });

  it("measures no round trip from an answer to an older pull, and that answer ends nothing", () => {
    const pulls = new Pulls(config);
    const link = hub();
    pulls.read(reader(1), link, log, 0);
    expect(pulls.expired(10_000)).toEqual([reader(1)]);
    pulls.read(reader(2), link, log, 20_000);
    // Pull 0's answer, late: pull 1 is in flight, and 20,050 - 20,000 is no round trip of anything.
    expect(pulls.answered(answer(0), 20_050)).toEqual([]);
    expect(pulls.timeout()).toBe(10_000);
    expect(pulls.answered(answer(1), 20_100)).toEqual([reader(2)]);
  });

  it("holds at most MAX_PULL_READERS readers on one pull; the next is answered from local state", () => {
    const pulls = new Pulls(config);
    const link = hub();
    expect(pulls.read(reader(0), link, log, 0)?.at(-1)?.pull).toBe(0);
    const joined = Array.from({ length: MAX_PULL_READERS - 1 }, (_, i) => pulls.read(reader(i + 1), link, log, 0));
    expect(joined.every((out) => out?.length === 0)).toBe(true);
    expect(pulls.read(reader(MAX_PULL_READERS), link, log, 0)).toBeUndefined();
    expect(pulls.answered(answer(0), 5)).toHaveLength(MAX_PULL_READERS);
  });
});
