// One core for every workload: how it learns which one it serves, reads held until then, writes of the wrong kind refused.
import { describe, expect, it } from "vitest";
import { profiles } from "../../src/engine/config.ts";
import { MAX_HELD_READS, READ_HOLD_MS } from "../../src/engine/held-reads.ts";
import { MAX_VALUE_DEPTH } from "../../src/protocol/limits.ts";
import { Harness, type Sent } from "./harness.ts";

const ids = ["n0", "n1", "n2"];

function node(self = "n1", workload?: "broadcast" | "g-set" | "counter"): Harness {
  const h = new Harness(profiles.default, workload);
  h.init(self, ids);
  return h;
}

const replies = (out: Sent[], to = "c1") => out.filter((m) => m.dest === to).map((m) => m.body);

describe("learning the workload", () => {
  it("from the first write: add with an element is g-set, add with a delta a counter, broadcast broadcast", () => {
    const gset = node();
    expect(replies(gset.send("c1", { type: "add", msg_id: 2, element: 5 }))).toEqual([{ type: "add_ok", in_reply_to: 2 }]);
    expect(replies(gset.send("c1", { type: "read", msg_id: 3 }))).toEqual([{ type: "read_ok", in_reply_to: 3, value: [5] }]);
    const counter = node();
    counter.send("c1", { type: "add", msg_id: 2, delta: 5 });
    counter.send("c1", { type: "add", msg_id: 3, delta: -7 });
    expect(replies(counter.send("c1", { type: "read", msg_id: 4 }))).toEqual([{ type: "read_ok", in_reply_to: 4, value: -2 }]);
    const broadcast = node();
    broadcast.send("c1", { type: "broadcast", msg_id: 2, message: 5 });
    expect(replies(broadcast.send("c1", { type: "read", msg_id: 3 }))).toEqual([{ type: "read_ok", in_reply_to: 3, messages: [5] }]);
  });

  it("from topology, which only broadcast's client sends", () => {
    const n = node();
    n.send("c1", { type: "topology", msg_id: 2, topology: {} });
    expect(n.core.service?.name).toBe("broadcast");
    expect(replies(n.send("c1", { type: "read", msg_id: 3 }))).toEqual([{ type: "read_ok", in_reply_to: 3, messages: [] }]);
  });

  it("from a peer's gossip, which names what it serves (broadcast's says nothing)", () => {
    for (const [serves, read] of [
      ["g-set", { value: [7] }],
      ["counter", { value: 7 }],
      [undefined, { messages: [7] }],
    ] as const) {
      const n = node();
      const held = n.send("c1", { type: "read", msg_id: 2 });
      expect(held).toEqual([]);
      const value = serves === "counter" ? ["n0", 7, 0] : 7;
      const out = n.send("n0", { type: "gossip", start: 0, end: 1, values: [value], ack: 0, ...(serves && { serves }) }, 5);
      expect(replies(out)).toEqual([{ type: "read_ok", in_reply_to: 2, ...(serves === "counter" ? { value: 0 } : serves ? { value: [] } : { messages: [] }) }]);
      expect(replies(n.send("c1", { type: "read", msg_id: 3 }, 6))).toEqual([{ type: "read_ok", in_reply_to: 3, ...read }]);
    }
  });

  it("or from --workload, so a read is answered at once", () => {
    expect(replies(node("n1", "counter").send("c1", { type: "read", msg_id: 2 }))).toEqual([{ type: "read_ok", in_reply_to: 2, value: 0 }]);
  });
});

describe("reads before the workload is known", () => {
  it("wait, and are answered in order with the right shape once a write names it", () => {
    const n = node();
    expect(n.send("c1", { type: "read", msg_id: 2 }, 0)).toEqual([]);
    expect(n.send("c2", { type: "read", msg_id: 3 }, 10)).toEqual([]);
    expect(n.tick(READ_HOLD_MS - 1)).toEqual([]);
    const out = n.send("c3", { type: "add", msg_id: 4, delta: 3 }, 20);
    expect(out.filter((m) => m.dest.startsWith("c")).map((m) => [m.dest, m.body])).toEqual([
      ["c1", { type: "read_ok", in_reply_to: 2, value: 0 }],
      ["c2", { type: "read_ok", in_reply_to: 3, value: 0 }],
      ["c3", { type: "add_ok", in_reply_to: 4 }],
    ]);
  });

  it("are refused with a definite error 11 at the bound, below the client's 5 s timeout", () => {
    expect(READ_HOLD_MS).toBeLessThan(5000);
    const n = node();
    n.send("c1", { type: "read", msg_id: 2 }, 100);
    expect(n.core.nextDue()).toBe(100 + READ_HOLD_MS);
    expect(n.tick(99 + READ_HOLD_MS)).toEqual([]);
    const [refusal] = n.tick(100 + READ_HOLD_MS);
    expect(refusal).toMatchObject({ src: "n1", dest: "c1", body: { type: "error", in_reply_to: 2, code: 11 } });
  });

  it("are held in a bounded queue: past it, refused at once", () => {
    const n = node();
    for (let i = 0; i < MAX_HELD_READS; i++) expect(n.send("c1", { type: "read", msg_id: i })).toEqual([]);
    expect(replies(n.send("c1", { type: "read", msg_id: 1e6 }))).toMatchObject([{ type: "error", in_reply_to: 1e6, code: 11 }]);
  });
});

describe("writes of another workload", () => {
  it("are refused with a definite error 10 naming both, or logged when no reply is asked for", () => {
    const n = node();
    n.send("c1", { type: "broadcast", msg_id: 2, message: 1 });
    expect(replies(n.send("c1", { type: "add", msg_id: 3, element: 1 }))).toEqual([
      { type: "error", in_reply_to: 3, code: 10, text: "add with an element is a g-set write, but this node serves broadcast" },
    ]);
    expect(replies(n.send("c1", { type: "add", msg_id: 4, delta: 1 }))[0]).toMatchObject({ code: 10 });
    expect(n.send("c1", { type: "add", delta: 1 })).toEqual([]);
    expect(n.warnings).toEqual(["add from c1 refused: add with a delta is a counter write, but this node serves broadcast"]);
    const counter = node();
    counter.send("c1", { type: "add", msg_id: 2, delta: 1 });
    expect(replies(counter.send("c1", { type: "broadcast", msg_id: 3, message: 1 }))[0]).toMatchObject({ code: 10 });
    expect(replies(counter.send("c1", { type: "read", msg_id: 4 }))).toEqual([{ type: "read_ok", in_reply_to: 4, value: 1 }]);
  });

  it("and a peer's gossip for another workload is dropped with a warning", () => {
    const n = node();
    n.send("c1", { type: "add", msg_id: 2, delta: 1 });
    n.send("n0", { type: "gossip", start: 0, end: 1, values: [9], ack: 0, serves: "g-set" });
    expect(n.warnings).toEqual(["gossip from n0 is for g-set, but this node serves counter; dropped"]);
    expect(replies(n.send("c1", { type: "read", msg_id: 3 }))).toEqual([{ type: "read_ok", in_reply_to: 3, value: 1 }]);
  });

  it("a counter add that would take the total past 2^53 - 1 is refused with error 10, and the total stays", () => {
    const n = node("n1", "counter");
    expect(replies(n.send("c1", { type: "add", msg_id: 2, delta: Number.MAX_SAFE_INTEGER }))).toEqual([{ type: "add_ok", in_reply_to: 2 }]);
    expect(replies(n.send("c1", { type: "add", msg_id: 3, delta: 1 }))[0]).toMatchObject({ type: "error", in_reply_to: 3, code: 10 });
    expect(replies(n.send("c1", { type: "read", msg_id: 4 }))).toEqual([{ type: "read_ok", in_reply_to: 4, value: Number.MAX_SAFE_INTEGER }]);
  });

  it("a malformed add (both fields, or neither, or a fractional delta) is error 12; an over-deep element error 10", () => {
    const n = node();
    for (const body of [{ element: 1, delta: 1 }, {}, { delta: 1.5 }, { delta: 2 ** 53 }]) {
      expect(replies(n.send("c1", { type: "add", msg_id: 2, ...body }))[0]).toMatchObject({ type: "error", code: 12 });
    }
    const deep = "[".repeat(MAX_VALUE_DEPTH + 1) + "]".repeat(MAX_VALUE_DEPTH + 1);
    const out = n.line(JSON.stringify({ src: "c1", dest: "n1", body: { type: "add", msg_id: 3, element: 0 } }).replace("0}}", `${deep}}}`));
    expect(replies(out)[0]).toMatchObject({ type: "error", in_reply_to: 3, code: 10 });
  });
});

describe("the offered-topology overlay without a topology", () => {
  it("falls back to the star for the workloads whose clients offer none", () => {
    const leaf = new Harness(profiles.mesh);
    leaf.init("n1", ids);
    const out = leaf.send("c1", { type: "add", msg_id: 2, element: 4 });
    expect(out.filter((m) => m.body.type === "gossip").map((m) => [m.dest, m.body])).toEqual([
      ["n0", { type: "gossip", start: 0, end: 1, values: [4], ack: 0, serves: "g-set" }],
    ]);
  });
});
