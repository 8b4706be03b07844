// Protocol edges through the core: msg_id 0, a second topology, unknown ids, misaddressed malformed requests, value-less gossip, aligned hub rounds.
import { describe, expect, it } from "vitest";
import { profiles } from "../../src/engine/config.ts";
import { Harness } from "./harness.ts";

describe("protocol edges", () => {
  it("answers broadcast_ok to msg_id 0", () => {
    const n = new Harness(profiles.default);
    n.init("n0", ["n0"]);
    expect(n.send("c1", { type: "broadcast", msg_id: 0, message: 3 })).toEqual([expect.objectContaining({ body: { type: "broadcast_ok", in_reply_to: 0 } })]);
  });

  it("replaces its neighbours with a second topology and ignores ids that are not servers", () => {
    const n = new Harness(profiles.mesh);
    n.init("n1", ["n0", "n1", "n2", "n3"]);
    n.send("c1", { type: "topology", msg_id: 1, topology: { n1: ["n0", "n2", "n9"] } });
    n.send("c1", { type: "topology", msg_id: 2, topology: { n1: ["n3", "n1", "c4"] } });
    const out = n.send("c1", { type: "broadcast", msg_id: 3, message: 1 }, 5);
    expect(out.filter((m) => m.body.type === "gossip").map((m) => m.dest)).toEqual(["n3"]);
  });

  it("answers a malformed request addressed to another node from its own id", () => {
    const n = new Harness(profiles.default);
    n.init("n1", ["n0", "n1"]);
    const out = n.line('{"src":"c1","dest":"n0","body":{"type":"broadcast","msg_id":8}}');
    expect(out).toEqual([expect.objectContaining({ src: "n1", dest: "c1", body: expect.objectContaining({ type: "error", code: 12, in_reply_to: 8 }) })]);
    const deep = n.line(`{"src":"c1","dest":"n0","body":{"type":"read","msg_id":9,"x":${"[".repeat(300)}${"]".repeat(300)}}}`);
    expect(deep[0]?.src).toBe("n1");
  });

  it("owes no acknowledgement for gossip that carries no values", () => {
    const hub = new Harness(profiles.default);
    hub.init("n0", ["n0", "n1"]);
    hub.send("n1", { type: "gossip", start: 0, end: 0, values: [], ack: 0 }, 0);
    hub.send("n1", { type: "gossip", start: 0, end: 3, values: [], ack: 0 }, 10);
    for (let t = 20; t < 10_000; t += 10) expect(hub.tick(t)).toEqual([]);
  });

  it("keeps the hub's rounds aligned across leaves, through one leaf's retransmissions and another's own values", () => {
    const hub = new Harness(profiles.default);
    const ids = ["n0", "n1", "n2", "n3"];
    hub.init("n0", ids);
    hub.send("c1", { type: "broadcast", msg_id: 1, message: 1 }, 0);
    const first = hub.tick(120).filter((m) => m.body.type === "gossip");
    expect(first.map((m) => m.dest)).toEqual(["n1", "n2", "n3"]);
    // n2 and n3 acknowledge; n1 stays silent and is retransmitted to later.
    hub.send("n2", { type: "gossip", start: 0, end: 0, values: [], ack: 1 }, 300);
    hub.send("n3", { type: "gossip", start: 0, end: 0, values: [], ack: 1 }, 300);
    const sendTimes = new Map<string, number[]>();
    const ends = new Map<string, number>([["n2", 1], ["n3", 1]]);
    let fromN2 = 0;
    for (let t = 310; t < 5000; t += 10) {
      // n2's own value, then a client's 50 ms later: n2 has only the second to get, due later
      // than the round that the first starts for n1 and n3, and joins that round instead.
      if (t % 500 === 450) {
        hub.send("n2", { type: "gossip", start: fromN2, end: fromN2 + 1, values: [1e6 + t], ack: ends.get("n2") }, t);
        fromN2++;
      }
      if (t % 500 === 0) hub.send("c1", { type: "broadcast", msg_id: t, message: t }, t);
      for (const m of hub.tick(t)) {
        if (m.body.type !== "gossip" || !(m.body.values as unknown[]).length) continue;
        sendTimes.set(m.dest, [...(sendTimes.get(m.dest) ?? []), t]);
        ends.set(m.dest, m.body.end as number);
      }
      if (t % 100 === 0) for (const id of ["n2", "n3"]) hub.send(id, { type: "gossip", start: 0, end: 0, values: [], ack: ends.get(id) }, t);
    }
    // Leaves that acknowledge get the new values in the same rounds, one round per value pair.
    expect(sendTimes.get("n2")).toEqual(sendTimes.get("n3"));
    expect(sendTimes.get("n3")?.every((t) => t % 500 === 70)).toBe(true);
    // n1, silent, was retransmitted to between rounds.
    expect(sendTimes.get("n1")?.some((t) => t % 500 !== 70)).toBe(true);
    expect(sendTimes.get("n2")?.length).toBeGreaterThan(5);
    expect(hub.warnings).toEqual([]);
  });
});
