// Gap acknowledgements on one link: a lost message is resent about a round trip after the next one arrives, not after ackMax, and once per round trip however many gap acks come.
import { describe, expect, it } from "vitest";
import { profiles } from "../../src/engine/config.ts";
import { PeerLink } from "../../src/engine/peer-link.ts";
import { LOCAL } from "../../src/datatypes/delta-state.ts";
import { GrowOnlySet } from "../../src/datatypes/grow-only-set.ts";
import type { GossipBody } from "../../src/protocol/messages.ts";

const config = profiles.default;
const LATENCY = 50;
const TICK = 10;

interface Sent {
  at: number;
  body: GossipBody;
}

/**
 * Node a pushes to b over one link each way, on a virtual clock of 10 ms ticks; a's client adds
 * a value every 100 ms until `trafficUntil`. `drop` and `copies` decide the fate of each message.
 */
function run(options: { until: number; trafficUntil: number; drop?: (s: Sent, from: "a" | "b") => boolean; copies?: number }) {
  const log = new GrowOnlySet();
  const aToB = new PeerLink(0, "b", true, 0, config);
  const bToA = new PeerLink(0, "a", false, 0, config);
  const empty = new GrowOnlySet();
  const inFlight: { at: number; to: "a" | "b"; body: GossipBody }[] = [];
  const sentByA: Sent[] = [];
  const sentByB: Sent[] = [];
  let complete: number | undefined;
  for (let now = 0; now <= options.until; now += TICK) {
    if (now <= options.trafficUntil && now % 100 === 0) log.add(String(now), LOCAL, now);
    for (const m of inFlight.filter((m) => m.at <= now)) {
      inFlight.splice(inFlight.indexOf(m), 1);
      if (m.to === "b") bToA.receive(m.body, now);
      else aToB.receive(m.body, now);
    }
    const polls: [PeerLink, GrowOnlySet, "a" | "b", Sent[]][] = [
      [aToB, log, "a", sentByA],
      [bToA, empty, "b", sentByB],
    ];
    for (const [link, state, from, sent] of polls) {
      if (link.nextDue(state) > now) continue;
      for (const body of link.poll(state, now)) {
        const s = { at: now, body };
        sent.push(s);
        if (options.drop?.(s, from)) continue;
        for (let c = 0; c < (options.copies ?? 1); c++) inFlight.push({ at: now + LATENCY + c * TICK, to: from === "a" ? "b" : "a", body });
      }
    }
    if (complete === undefined && now > options.trafficUntil && bToA.received === log.version) complete = now;
  }
  return { log, sentByA, sentByB, received: bToA.received, complete };
}

/** Messages a sent that start below the furthest it had already sent: retransmissions. */
function resends(sent: readonly Sent[]): Sent[] {
  let furthest = 0;
  return sent.filter((s) => {
    const resent = s.body.values.length > 0 && s.body.start < furthest;
    furthest = Math.max(furthest, s.body.end);
    return resent;
  });
}

describe("gap acknowledgements", () => {
  const lost = (s: Sent, from: "a" | "b") => from === "a" && s.body.start === 10 && s.body.values.length > 0 && s.at < 1100;

  it("resend a lost message about one round trip after the next one, while traffic continues, not after ackMax", () => {
    const { sentByA, sentByB, received, log } = run({ until: 6000, trafficUntil: 5000, drop: lost });
    const dropped = sentByA.find((s) => lost(s, "a"));
    expect(dropped).toBeDefined();
    const droppedAt = dropped?.at ?? 0;
    // b hears of the gap with the next value, 100 ms later, and says so at once.
    const gapAck = sentByB.find((s) => s.body.gap === true);
    expect(gapAck?.at).toBe(droppedAt + 100 + LATENCY);
    expect(gapAck?.body.ack).toBe(10);
    const [first, ...others] = resends(sentByA);
    expect(first?.body.start).toBe(10);
    expect(first?.at).toBe(droppedAt + 100 + 2 * LATENCY);
    expect(first?.at ?? Infinity).toBeLessThan(droppedAt + config.ackMax);
    expect(others).toEqual([]);
    expect(received).toBe(log.version);
  });

  it("end probing: a peer healed after a long cut catches up within a round trip of the next message", () => {
    const cut = (s: Sent, from: "a" | "b") => from === "a" && s.at >= 1000 && s.at < 8000;
    const { sentByA, received, log, complete } = run({ until: 12_000, trafficUntil: 8000, drop: cut });
    // The cut lasted long enough for timeouts, so a was probing when it healed.
    expect(resends(sentByA).filter((s) => s.at >= 1000 && s.at < 8000).length).toBeGreaterThan(0);
    expect(received).toBe(log.version);
    // The value sent at the heal (8000) starts past the gap; the backlog follows a round trip later.
    expect(complete).toBeDefined();
    expect(complete ?? Infinity).toBeLessThanOrEqual(8000 + 3 * LATENCY + 2 * TICK);
  });

  it("without traffic after the loss, the timeout still resends it", () => {
    const { sentByA, received, log } = run({ until: 4000, trafficUntil: 1000, drop: lost });
    expect(resends(sentByA).length).toBeGreaterThan(0);
    expect(received).toBe(log.version);
  });

  it("resend once, however often messages past the gap and gap acks are duplicated", () => {
    const { sentByA, sentByB, received, log } = run({ until: 6000, trafficUntil: 5000, drop: lost, copies: 3 });
    // b's messages past the gap arrive three times each, and b tells of the gap once.
    expect(sentByB.filter((s) => s.body.gap === true)).toHaveLength(1);
    expect(resends(sentByA)).toHaveLength(1);
    expect(received).toBe(log.version);
  });

  it("on the sender: a second gap ack within a round trip resends nothing, one after it resends again", () => {
    const log = new GrowOnlySet();
    const link = new PeerLink(0, "b", true, 0, config);
    const gapAck = (ack: number): GossipBody => ({ type: "gossip", start: 0, end: 0, values: [], ack, gap: true });
    log.add("1", LOCAL, 0);
    expect(link.poll(log, 0)).toHaveLength(1);
    // The peer acknowledges after 300 ms: the round trip is 300 ms.
    link.receive({ type: "gossip", start: 0, end: 0, values: [], ack: 1 }, 300);
    for (const t of [400, 500, 600]) {
      log.add(String(t), LOCAL, t);
      expect(link.poll(log, t)).toHaveLength(1);
    }
    link.receive(gapAck(1), 700);
    expect(link.poll(log, 700).map((b) => [b.start, b.end])).toEqual([[1, 4]]);
    link.receive(gapAck(1), 710);
    link.receive(gapAck(1), 990);
    expect(link.nextDue(log)).toBeGreaterThan(990);
    expect(link.poll(log, 990)).toEqual([]);
    link.receive(gapAck(1), 1000);
    expect(link.poll(log, 1000).map((b) => [b.start, b.end])).toEqual([[1, 4]]);
    // Nothing outstanding: a gap ack has nothing to resend.
    link.receive(gapAck(4), 1400);
    expect(link.poll(log, 1400)).toEqual([]);
  });

  it("on the receiver: values past what it holds owe an immediate gap ack, once per gap and timeout", () => {
    const link = new PeerLink(0, "a", false, 0, config);
    const state = new GrowOnlySet();
    const values = (start: number, end: number, at: number): void => {
      link.receive({ type: "gossip", start, end, values: ["x"], ack: 0 }, at);
    };
    values(0, 1, 0);
    values(2, 3, 100);
    expect(link.nextDue(state)).toBe(100);
    expect(link.poll(state, 100)).toEqual([{ type: "gossip", start: 0, end: 0, values: [], ack: 1, gap: true }]);
    values(3, 4, 200);
    expect(link.nextDue(state)).toBe(Infinity);
    // Past the timeout (rtoMax before any round-trip sample), the same gap is told again.
    values(4, 5, 100 + config.rtoMax);
    expect(link.poll(state, 100 + config.rtoMax)[0]?.gap).toBe(true);
    // A new gap (the hole filled, another one further on) is told at once.
    values(1, 5, 1200);
    values(6, 7, 1210);
    expect(link.poll(state, 1210)).toEqual([{ type: "gossip", start: 0, end: 0, values: [], ack: 5, gap: true }]);
  });
});
