// One link by hand on a virtual clock: the round-trip estimator and Karn's rule, the window's bounds, probing and its end, owed acknowledgements, pulls' answers.
import { describe, expect, it } from "vitest";
import { profiles, type GossipConfig } from "../../src/engine/config.ts";
import { bareBody, MAX_INFLIGHT, PeerLink, WINDOW_BYTES } from "../../src/engine/peer-link.ts";
import { LOCAL } from "../../src/datatypes/delta-state.ts";
import { GrowOnlySet } from "../../src/datatypes/grow-only-set.ts";
import { MAX_GOSSIP_VALUE_BYTES } from "../../src/protocol/limits.ts";
import type { GossipBody } from "../../src/protocol/messages.ts";

const config = profiles.default;
/** Timeouts far from both bounds, so the estimator's own value shows. */
const wide: GossipConfig = { ...config, rtoMin: 1, rtoMax: 10_000 };

const ackOf = (ack: number, extra: Partial<GossipBody> = {}): GossipBody => ({ type: "gossip", start: 0, end: 0, values: [], ack, ...extra });
const ranges = (out: GossipBody[]): [number, number][] => out.map((b) => [b.start, b.end]);

/** RFC 6298's timeout after these round-trip samples, unclamped. */
function rfc6298(samples: readonly number[]): number {
  let srtt: number | undefined;
  let rttvar = 0;
  for (const r of samples) {
    if (srtt === undefined) {
      srtt = r;
      rttvar = r / 2;
    } else {
      rttvar = (3 / 4) * rttvar + (1 / 4) * Math.abs(srtt - r);
      srtt = (7 / 8) * srtt + (1 / 8) * r;
    }
  }
  return (srtt ?? Number.NaN) + 4 * rttvar;
}

/** A pushing link to "b" with no batching delay, and a log that gets one value per `add`. */
function pusher(cfg: GossipConfig = config, batchDelay = 0) {
  const link = new PeerLink(0, "b", true, batchDelay, cfg);
  const log = new GrowOnlySet();
  let n = 0;
  const add = (t: number, bytes?: number): void => {
    log.add(String(n++), LOCAL, t, bytes);
  };
  return { link, log, add };
}

describe("a link's round-trip estimate", () => {
  it("follows RFC 6298 over samples, takes none from a timeout's resend, and one from each acknowledged send", () => {
    const { link, log, add } = pusher(wide);
    expect(link.timeout).toBe(wide.rtoMax);
    add(0);
    expect(ranges(link.poll(log, 0))).toEqual([[0, 1]]);
    link.receive(ackOf(1), 300);
    expect(link.timeout).toBe(rfc6298([300]));
    add(400);
    link.poll(log, 400);
    link.receive(ackOf(2), 500);
    expect(link.timeout).toBe(rfc6298([300, 100]));
    // Lost: the timeout resends it, doubling the timeout, and its acknowledgement measures nothing (Karn).
    add(600);
    link.poll(log, 600);
    const due = 600 + rfc6298([300, 100]);
    expect(link.nextDue(log)).toBe(due);
    expect(ranges(link.poll(log, due))).toEqual([[2, 3]]);
    expect(link.timeout).toBe(2 * rfc6298([300, 100]));
    link.receive(ackOf(3), due + 50);
    expect(link.timeout).toBe(rfc6298([300, 100]));
    // The next send measures again.
    add(3000);
    link.poll(log, 3000);
    link.receive(ackOf(4), 3050);
    expect(link.timeout).toBe(rfc6298([300, 100, 50]));
    // Two in flight: an acknowledgement of the first measures the first only, the second's measures the second.
    add(4000);
    link.poll(log, 4000);
    add(4100);
    link.poll(log, 4100);
    link.receive(ackOf(5), 4200);
    expect(link.timeout).toBe(rfc6298([300, 100, 50, 200]));
    link.receive(ackOf(6), 4250);
    expect(link.timeout).toBe(rfc6298([300, 100, 50, 200, 150]));
    // An older acknowledgement arriving late changes nothing.
    link.receive(ackOf(4), 4300);
    expect(link.acked).toBe(6);
    expect(link.timeout).toBe(rfc6298([300, 100, 50, 200, 150]));
    expect(link.nextDue(log)).toBe(Number.POSITIVE_INFINITY);
  });

  it(`keeps at most ${MAX_INFLIGHT} records for a silent peer, the last stretched and giving no sample`, () => {
    const { link, log, add } = pusher(wide);
    // A send a millisecond apart, each refreshing the timer, so none times out.
    for (let t = 0; t < 1100; t++) {
      add(t);
      expect(link.poll(log, t)).toHaveLength(1);
    }
    // The first MAX_INFLIGHT - 1 records are the sends' own: acknowledging up to the 1,024th send measures the 1,023rd.
    link.receive(ackOf(MAX_INFLIGHT), 1100);
    const sample = 1100 - (MAX_INFLIGHT - 2);
    expect(link.timeout).toBe(rfc6298([sample]));
    // The last record covers every later send and gives no sample.
    link.receive(ackOf(1100), 1101);
    expect(link.acked).toBe(1100);
    expect(link.timeout).toBe(rfc6298([sample]));
  });

  it("a pull's answer resends what was in flight, so its acknowledgements measure nothing until a new send", () => {
    const { link, log, add } = pusher(wide);
    add(0);
    link.poll(log, 0);
    add(10);
    link.poll(log, 10);
    expect(ranges(link.answerPull(log, 20))).toEqual([[0, 2]]);
    link.receive(ackOf(1), 500);
    link.receive(ackOf(2), 600);
    expect(link.timeout).toBe(wide.rtoMax);
    add(700);
    link.poll(log, 700);
    link.receive(ackOf(3), 800);
    expect(link.timeout).toBe(rfc6298([100]));
  });

  it("with the off-by-one defect set, takes an acknowledgement as one more than it says, within what was sent", () => {
    const { link, log, add } = pusher({ ...config, defects: { ackOffByOne: true } });
    for (let t = 0; t < 3; t++) add(t);
    link.poll(log, 3);
    link.receive(ackOf(1), 100);
    expect(link.acked).toBe(2);
    link.receive(ackOf(3), 200);
    expect(link.acked).toBe(3);
  });
});

describe("a link's window", () => {
  it(`sends at most ${WINDOW_BYTES} bytes unacknowledged, and is not due while full`, () => {
    const { link, log, add } = pusher();
    // Entries of exactly 1 MiB with their commas: one per message, four fill the window.
    for (let i = 0; i < 5; i++) add(0, MAX_GOSSIP_VALUE_BYTES - 1);
    expect(ranges(link.poll(log, 0))).toEqual([[0, 1], [1, 2], [2, 3], [3, 4]]);
    expect(link.nextDue(log)).toBe(config.rtoMax);
    expect(link.poll(log, 10)).toEqual([]);
    expect(ranges(link.answerPull(log, 20))).toEqual([[0, 1], [1, 2], [2, 3], [3, 4]]);
    link.receive(ackOf(1), 100);
    expect(link.unacknowledged(log)).toBe(4);
    expect(ranges(link.poll(log, 100))).toEqual([[4, 5]]);
  });

  it("bounds a resend by the window too, where its messages end apart from the first sends'", () => {
    const { link, log, add } = pusher();
    // 274,304 bytes, then entries of 280,000: a message holds three of them, or the first and two.
    add(0, 274_304 - 1);
    expect(ranges(link.poll(log, 0))).toEqual([[0, 1]]);
    for (let i = 0; i < 15; i++) add(10, 280_000 - 1);
    // Three entries a message from 1 on, until the window is full: 4.47 MB sent.
    expect(ranges(link.poll(log, 10))).toEqual([[1, 4], [4, 7], [7, 10], [10, 13], [13, 16]]);
    // A gap acknowledgement sends it all again from 0, in messages that end elsewhere: the window stops it at exactly 4 MiB.
    link.receive(ackOf(0, { gap: true }), 100);
    expect(log.bytesBetween(0, 15)).toBe(WINDOW_BYTES);
    expect(ranges(link.poll(log, 100))).toEqual([[0, 3], [3, 6], [6, 9], [9, 12], [12, 15]]);
  });
});

describe("a link after a timeout", () => {
  /** Two entries of 400 bytes sent at 0 and lost; the timeout's probe carries only the first. */
  function lost() {
    const p = pusher();
    p.add(0, 399);
    p.add(0, 399);
    expect(ranges(p.link.poll(p.log, 0))).toEqual([[0, 2]]);
    expect(p.link.nextDue(p.log)).toBe(config.rtoMax);
    expect(ranges(p.link.poll(p.log, config.rtoMax))).toEqual([[0, 1]]);
    return p;
  }

  it("probes until an acknowledgement advances, then resends the rest at once, with what went out meanwhile", () => {
    const { link, log, add } = lost();
    add(1100, 399);
    expect(ranges(link.poll(log, 1100))).toEqual([[2, 3]]);
    // An acknowledgement of nothing new (the peer's own traffic) ends no probing.
    link.receive(ackOf(0), 1150);
    expect(link.poll(log, 1150)).toEqual([]);
    link.receive(ackOf(1), 1200);
    expect(link.unacknowledged(log)).toBe(2);
    expect(ranges(link.poll(log, 1200))).toEqual([[1, 3]]);
    link.receive(ackOf(3), 1300);
    expect(link.unacknowledged(log)).toBe(0);
    expect(link.nextDue(log)).toBe(Number.POSITIVE_INFINITY);
  });

  it("resends nothing the peer acknowledges past the probe", () => {
    const { link, log } = lost();
    link.receive(ackOf(2), 1050);
    expect(link.poll(log, 1050)).toEqual([]);
    expect(link.nextDue(log)).toBe(Number.POSITIVE_INFINITY);
  });

  it("a gap acknowledgement with nothing outstanding uses up no resend", () => {
    const { link, log, add } = pusher();
    add(0);
    link.poll(log, 0);
    link.receive(ackOf(1), 300);
    link.receive(ackOf(1, { gap: true }), 400);
    add(410);
    expect(ranges(link.poll(log, 410))).toEqual([[1, 2]]);
    // Within a round trip of the first gap acknowledgement, but that one resent nothing.
    link.receive(ackOf(1, { gap: true }), 500);
    expect(ranges(link.poll(log, 500))).toEqual([[1, 2]]);
    // The resend measures nothing; the next new send does.
    link.receive(ackOf(2), 600);
    expect(link.timeout).toBe(rfc6298([300]));
    add(700);
    link.poll(log, 700);
    link.receive(ackOf(3), 750);
    expect(link.timeout).toBe(Math.min(rfc6298([300, 50]), config.rtoMax));
    expect(link.timeout).not.toBe(rfc6298([300]));
  });
});

describe("a link's batching", () => {
  it("lets new values wait their batching delay unless another link's round is due, and is never due when idle", () => {
    const { link, log, add } = pusher(config, 120);
    expect(link.nextDue(log)).toBe(Number.POSITIVE_INFINITY);
    add(0);
    expect(link.nextDue(log)).toBe(120);
    expect(link.poll(log, 10)).toEqual([]);
    expect(ranges(link.poll(log, 20, true))).toEqual([[0, 1]]);
    add(30);
    expect(ranges(link.poll(log, 150))).toEqual([[1, 2]]);
    link.receive(ackOf(2), 200);
    expect(link.nextDue(log)).toBe(Number.POSITIVE_INFINITY);
  });

  it("names the service in every message only when asked to", () => {
    const { link, log, add } = pusher();
    add(0);
    add(0);
    expect(link.poll(log, 0)).toStrictEqual([{ type: "gossip", start: 0, end: 2, values: ["0", "1"], ack: 0 }]);
    add(10);
    expect(link.poll(log, 10, false, "g-set")).toStrictEqual([{ type: "gossip", start: 2, end: 3, values: ["2"], ack: 0, serves: "g-set" }]);
    expect(link.answerPull(log, 20)).toStrictEqual([{ type: "gossip", start: 0, end: 3, values: ["0", "1", "2"], ack: 0 }]);
    expect(link.answerPull(log, 30, "g-set")).toStrictEqual([{ type: "gossip", start: 0, end: 3, values: ["0", "1", "2"], ack: 0, serves: "g-set" }]);
    link.receive(ackOf(3), 40);
    expect(link.answerPull(log, 50)).toStrictEqual([{ type: "gossip", start: 3, end: 3, values: [], ack: 0 }]);
    expect(bareBody(3, 0)).toStrictEqual({ type: "gossip", start: 3, end: 3, values: [], ack: 0 });
  });

  it("answers a pull with a bare message past the peer's own values, which it never echoes", () => {
    const link = new PeerLink(0, "b", true, 0, config);
    const log = new GrowOnlySet();
    log.add("7", 0, 0);
    expect(link.answerPull(log, 10)).toStrictEqual([bareBody(1, 0)]);
    expect(link.poll(log, 20)).toEqual([]);
  });
});

describe("a link's owed acknowledgements", () => {
  it("owes none before anything arrives, none for a message of no values, and none while a known gap is told", () => {
    const link = new PeerLink(0, "a", false, 0, config);
    const state = new GrowOnlySet();
    expect(link.nextDue(state)).toBe(Number.POSITIVE_INFINITY);
    // The peer's range holds only our own values: nothing to acknowledge.
    link.receive({ type: "gossip", start: 0, end: 2, values: [], ack: 0 }, 0);
    expect(link.received).toBe(2);
    expect(link.nextDue(state)).toBe(Number.POSITIVE_INFINITY);
    link.receive({ type: "gossip", start: 2, end: 3, values: ["x"], ack: 0 }, 100);
    expect(link.nextDue(state)).toBe(100 + config.ackQuiet);
    expect(link.poll(state, 350)).toStrictEqual([bareBody(0, 3)]);
    // A gap: told at once, once; a second message past the same gap owes nothing new.
    link.receive({ type: "gossip", start: 4, end: 5, values: ["y"], ack: 0 }, 400);
    expect(link.poll(state, 400)).toStrictEqual([{ ...bareBody(0, 3), gap: true }]);
    link.receive({ type: "gossip", start: 5, end: 6, values: ["z"], ack: 0 }, 500);
    expect(link.nextDue(state)).toBe(Number.POSITIVE_INFINITY);
    // Past the gap, a range of only our own values, and a malformed one of values in an empty range at what we hold: no gap to tell.
    // (At 1400 the gap's timeout has passed: values past it would tell it again.)
    link.receive({ type: "gossip", start: 6, end: 7, values: [], ack: 0 }, 400 + config.rtoMax);
    link.receive({ type: "gossip", start: 3, end: 3, values: ["v"], ack: 0 }, 400 + config.rtoMax);
    expect(link.received).toBe(3);
    expect(link.nextDue(state)).toBe(Number.POSITIVE_INFINITY);
    // The hole filled: owed from then, at most ackMax later, however chatty the peer.
    link.receive({ type: "gossip", start: 3, end: 6, values: ["w", "y", "z"], ack: 0 }, 1500);
    for (let t = 1600; t <= 4400; t += 100) link.receive({ type: "gossip", start: 6, end: 6, values: [], ack: 0 }, t);
    expect(link.nextDue(state)).toBe(1500 + config.ackMax);
  });
});
