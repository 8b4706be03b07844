// The pure core: client requests, delta gossip on the star, gossip along the offered topology.
import { describe, expect, it } from "vitest";
import { profiles, type GossipConfig } from "../../src/engine/config.ts";
import { GossipNode } from "../../src/engine/node.ts";
import { decodeLine } from "../../src/protocol/decode.ts";
import { encodeLine } from "../../src/protocol/encode.ts";
import type { OutboundMessage as CoreMessage, WireOutboundMessage as OutboundMessage } from "../../src/protocol/messages.ts";

/** A body as a client writes it: values as JSON values, not yet texts. */
type InboundBody = { type: string } & Record<string, unknown>;
type GossipBody = { type: "gossip"; start: number; end: number; values: unknown[]; ack: number };

const star: GossipConfig = { ...profiles.default, fanoutDelay: 100, forwardDelay: 0, rtoMin: 300, rtoMax: 1000, ackQuiet: 250, ackMax: 1000 };

function node(config: GossipConfig = star, warnings: string[] = []): GossipNode {
  return new GossipNode({ config, warn: (w) => warnings.push(w) });
}

/** Through the decoder and back out through the encoder, as the real node's lines go. */
function deliver(n: GossipNode, message: { src: string; dest: string; body: InboundBody }, now: number): OutboundMessage[] {
  const decoded = decodeLine(JSON.stringify(message));
  if (decoded.kind !== "message") throw new Error(`test message did not decode: ${decoded.reason}`);
  return wire(n.handle({ kind: "message", message: decoded.message }, now));
}

function wire(out: readonly CoreMessage[]): OutboundMessage[] {
  return out.map((m) => JSON.parse(encodeLine(m)) as OutboundMessage);
}

function msg(n: GossipNode, src: string, body: InboundBody, now = 0): OutboundMessage[] {
  return deliver(n, { src, dest: n.nodeId ?? "n0", body }, now);
}

function init(n: GossipNode, self: string, ids = ["n0", "n1", "n2"]): void {
  const out = msg(n, "c0", { type: "init", msg_id: 1, node_id: self, node_ids: ids });
  expect(out).toEqual([{ src: self, dest: "c0", body: { type: "init_ok", in_reply_to: 1 } }]);
}

const tick = (n: GossipNode, now: number): OutboundMessage[] => wire(n.handle({ kind: "tick" }, now));

const gossip = (out: OutboundMessage[], dest?: string): GossipBody[] =>
  out.filter((m) => m.body.type === "gossip" && (dest === undefined || m.dest === dest)).map((m) => m.body as GossipBody);

describe("client requests", () => {
  it("answers topology, broadcast and read, without duplicates", () => {
    const n = node();
    init(n, "n1");
    expect(msg(n, "c1", { type: "topology", msg_id: 2, topology: { n1: ["n0"] } })).toEqual([
      { src: "n1", dest: "c1", body: { type: "topology_ok", in_reply_to: 2 } },
    ]);
    const ok = msg(n, "c1", { type: "broadcast", msg_id: 3, message: 7 });
    expect(ok.filter((m) => m.dest === "c1")).toEqual([{ src: "n1", dest: "c1", body: { type: "broadcast_ok", in_reply_to: 3 } }]);
    msg(n, "c1", { type: "broadcast", msg_id: 4, message: 7 });
    msg(n, "c1", { type: "broadcast", msg_id: 5, message: "7" });
    msg(n, "c1", { type: "broadcast", msg_id: 6, message: { a: [1] } });
    const read = msg(n, "c1", { type: "read", msg_id: 7 });
    expect(read).toEqual([{ src: "n1", dest: "c1", body: { type: "read_ok", in_reply_to: 7, messages: [7, "7", { a: [1] }] } }]);
  });

  it("refuses requests before init with a temporarily-unavailable error", () => {
    const warnings: string[] = [];
    const n = node(star, warnings);
    expect(msg(n, "c1", { type: "read", msg_id: 9 })).toEqual([
      { src: "n0", dest: "c1", body: { type: "error", in_reply_to: 9, code: 11, text: "not initialised yet: read before init" } },
    ]);
    expect(msg(n, "c1", { type: "broadcast", message: 1 })).toEqual([]);
    expect(warnings).toHaveLength(1);
  });

  it("accepts a repeated identical init and refuses a different one", () => {
    const n = node();
    init(n, "n1");
    init(n, "n1");
    const out = msg(n, "c0", { type: "init", msg_id: 5, node_id: "n2", node_ids: ["n0", "n1", "n2"] });
    expect(out[0]?.body).toMatchObject({ type: "error", in_reply_to: 5, code: 10 });
    const bad = node();
    expect(msg(bad, "c0", { type: "init", msg_id: 1, node_id: "n9", node_ids: ["n0"] })[0]?.body).toMatchObject({ type: "error", code: 12 });
  });

  it("refuses requests addressed to another node, and drops such gossip", () => {
    const warnings: string[] = [];
    const n = node(star, warnings);
    init(n, "n1");
    const misrouted = (body: InboundBody): OutboundMessage[] => deliver(n, { src: "c1", dest: "n2", body }, 0);
    expect(misrouted({ type: "broadcast", msg_id: 4, message: 1 })).toEqual([
      { src: "n1", dest: "c1", body: { type: "error", in_reply_to: 4, code: 1, text: "addressed to n2, but this is n1" } },
    ]);
    expect(misrouted({ type: "gossip", start: 0, end: 1, values: [2], ack: 0 })).toEqual([]);
    expect(n.read()).toEqual([]);
    expect(warnings).toEqual(["gossip from c1 addressed to n2, but this is n1; dropped"]);
  });

  it("keeps read_ok's array unchanged after later broadcasts", () => {
    const n = node();
    init(n, "n0");
    msg(n, "c1", { type: "broadcast", msg_id: 1, message: 1 });
    const first = msg(n, "c1", { type: "read", msg_id: 2 })[0]?.body as unknown as { messages: number[] };
    msg(n, "c1", { type: "broadcast", msg_id: 3, message: 2 });
    expect(first.messages).toEqual([1]);
  });
});

describe("delta gossip on the star", () => {
  it("a leaf forwards a client's value to the hub at once", () => {
    const leaf = node();
    init(leaf, "n1");
    const out = msg(leaf, "c1", { type: "broadcast", msg_id: 1, message: 5 }, 10);
    expect(gossip(out, "n0")).toEqual([{ type: "gossip", start: 0, end: 1, values: [5], ack: 0 }]);
    expect(gossip(out).length).toBe(1);
  });

  it("the hub batches for fanoutDelay, skips the value's origin, and sends only deltas", () => {
    const hub = node();
    init(hub, "n0");
    expect(gossip(msg(hub, "n1", { type: "gossip", start: 0, end: 1, values: [5], ack: 0 }, 0))).toEqual([]);
    expect(gossip(tick(hub, 99))).toEqual([]);
    const flush = tick(hub, 100);
    // n2 gets the value; n1, its origin, gets no copy of it but its acknowledgement.
    expect(gossip(flush, "n2")).toEqual([{ type: "gossip", start: 0, end: 1, values: [5], ack: 0 }]);
    expect(gossip(flush, "n1")).toEqual([]);
    // n2 acknowledges; the next value goes out alone.
    msg(hub, "n2", { type: "gossip", start: 0, end: 0, values: [], ack: 1 }, 150);
    msg(hub, "c1", { type: "broadcast", msg_id: 1, message: 6 }, 160);
    const next = tick(hub, 260);
    expect(gossip(next, "n2")).toEqual([{ type: "gossip", start: 1, end: 2, values: [6], ack: 0 }]);
    expect(gossip(next, "n1")).toEqual([{ type: "gossip", start: 0, end: 2, values: [6], ack: 1 }]);
  });

  it("retransmits what stays unacknowledged after the timeout, then backs off to rtoMax", () => {
    // The hub of two nodes: its silent leaf stays its only peer, and a hub waits out a quiet leaf's acknowledgement.
    const hub = node();
    init(hub, "n0", ["n0", "n1"]);
    const data = (out: OutboundMessage[]): GossipBody[] => gossip(out).filter((b) => b.values.length);
    msg(hub, "c1", { type: "broadcast", msg_id: 1, message: 5 }, 0);
    expect(data(tick(hub, 100))).toEqual([{ type: "gossip", start: 0, end: 1, values: [5], ack: 0 }]);
    // The first timeout is rtoMax: no round trip has been measured yet.
    expect(gossip(tick(hub, 1099))).toEqual([]);
    expect(data(tick(hub, 1100))).toEqual([{ type: "gossip", start: 0, end: 1, values: [5], ack: 0 }]);
    expect(data(tick(hub, 2099))).toEqual([]);
    expect(data(tick(hub, 2100))).toHaveLength(1);
    // Once acknowledged, nothing more is sent.
    msg(hub, "n1", { type: "gossip", start: 0, end: 0, values: [], ack: 1 }, 2150);
    expect(gossip(tick(hub, 9000))).toEqual([]);
    expect(hub.pending()).toEqual({ values: 1, maxUnacknowledged: 0 });
  });

  it("measures the round trip and retransmits sooner once it knows it", () => {
    const leaf = node();
    init(leaf, "n1");
    msg(leaf, "c1", { type: "broadcast", msg_id: 1, message: 1 }, 0);
    msg(leaf, "n0", { type: "gossip", start: 0, end: 0, values: [], ack: 1 }, 200);
    msg(leaf, "c1", { type: "broadcast", msg_id: 2, message: 2 }, 1000);
    // srtt 200, rttvar 100: timeout max(rtoMin, 200 + 4·100) = 600.
    expect(gossip(tick(leaf, 1599))).toEqual([]);
    expect(gossip(tick(leaf, 1600))).toEqual([{ type: "gossip", start: 1, end: 2, values: [2], ack: 0 }]);
  });

  it("acknowledges a quiet peer with a bare ack, and a chatty one within ackMax", () => {
    const hub = node();
    init(hub, "n0", ["n0", "n1"]);
    msg(hub, "n1", { type: "gossip", start: 0, end: 1, values: [1], ack: 0 }, 0);
    // The hub has nothing for n1 (the only value is n1's), so the ack waits for n1 to go quiet;
    // it carries no range, since there is nothing but n1's own value to send back.
    expect(gossip(tick(hub, 249))).toEqual([]);
    expect(gossip(tick(hub, 250))).toEqual([{ type: "gossip", start: 0, end: 0, values: [], ack: 1 }]);
    const chatty = node();
    init(chatty, "n0", ["n0", "n1"]);
    for (let t = 0; t <= 1000; t += 200) {
      const out = msg(chatty, "n1", { type: "gossip", start: t / 200, end: t / 200 + 1, values: [1000 + t], ack: 0 }, t);
      if (t < 1000) expect(gossip(out)).toEqual([]);
      else expect(gossip(out)).toEqual([{ type: "gossip", start: 0, end: 0, values: [], ack: 6 }]);
    }
  });

  it("acknowledges again when a peer retransmits what it already holds", () => {
    const hub = node();
    init(hub, "n0", ["n0", "n1"]);
    msg(hub, "n1", { type: "gossip", start: 0, end: 1, values: [1], ack: 0 }, 0);
    expect(gossip(tick(hub, 300))).toHaveLength(1);
    // The ack was lost: n1 retransmits; the hub must answer again.
    msg(hub, "n1", { type: "gossip", start: 0, end: 1, values: [1], ack: 0 }, 1000);
    expect(gossip(tick(hub, 1300))).toEqual([{ type: "gossip", start: 0, end: 0, values: [], ack: 1 }]);
  });

  it("after a gap keeps its offset, so the sender resends from the last acknowledged one", () => {
    const leaf = node();
    init(leaf, "n1");
    // A message from offset 2 arrives while offsets 0..2 are missing: values are kept, the offset is not advanced.
    msg(leaf, "n0", { type: "gossip", start: 2, end: 3, values: [30], ack: 0 }, 0);
    expect(leaf.read()).toEqual(["30"]);
    const ack = gossip(tick(leaf, 2000));
    expect(ack.every((g) => g.ack === 0)).toBe(true);
  });

  it("drops gossip from non-servers and ignores impossible acknowledgements, warning once per peer", () => {
    const warnings: string[] = [];
    const hub = node(star, warnings);
    init(hub, "n0");
    msg(hub, "c4", { type: "gossip", start: 0, end: 1, values: [1], ack: 0 });
    expect(hub.read()).toEqual([]);
    msg(hub, "c1", { type: "broadcast", msg_id: 1, message: 5 }, 0);
    expect(gossip(tick(hub, 100), "n1")).toEqual([{ type: "gossip", start: 0, end: 1, values: [5], ack: 0 }]);
    msg(hub, "n1", { type: "gossip", start: 0, end: 0, values: [], ack: 99 }, 150);
    msg(hub, "n1", { type: "gossip", start: 0, end: 0, values: [], ack: 98 }, 160);
    expect(warnings).toEqual([expect.stringContaining("not another server"), expect.stringContaining("acknowledges offset 99, past the 1 we sent it")]);
    // Not clamped to "everything": the value is still unacknowledged and is sent again.
    expect(hub.pending().maxUnacknowledged).toBe(1);
    expect(gossip(tick(hub, 1100), "n1")).toEqual([{ type: "gossip", start: 0, end: 1, values: [5], ack: 0 }]);
  });
});

describe("gossip along the offered topology", () => {
  it("forwards new values to every neighbour but their origin", () => {
    const n = node(profiles.mesh);
    init(n, "n1", ["n0", "n1", "n2", "n3"]);
    msg(n, "c1", { type: "topology", msg_id: 2, topology: { n1: ["n0", "n2", "n3"] } });
    const out = msg(n, "n0", { type: "gossip", start: 0, end: 1, values: [9], ack: 0 }, 5);
    expect(gossip(out).map((g) => g.values)).toEqual([[9], [9]]);
    expect(out.filter((m) => m.body.type === "gossip").map((m) => m.dest).sort()).toEqual(["n2", "n3"]);
  });

  it("has no neighbours until the topology arrives, then catches them up", () => {
    const n = node(profiles.mesh);
    init(n, "n1");
    expect(gossip(msg(n, "c1", { type: "broadcast", msg_id: 1, message: 4 }))).toEqual([]);
    const caughtUp = msg(n, "c1", { type: "topology", msg_id: 2, topology: { n1: ["n2"] } }, 1);
    expect(gossip(caughtUp, "n2")).toEqual([{ type: "gossip", start: 0, end: 1, values: [4], ack: 0 }]);
  });
});
