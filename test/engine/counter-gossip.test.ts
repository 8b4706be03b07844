// Counters over the star: every node reads the exact sum after gossip, messages carry one entry per node, and a converged counter holds nothing per add.
import { describe, expect, it } from "vitest";
import { profiles } from "../../src/engine/config.ts";
import { Harness, type Sent } from "./harness.ts";

const ids = ["n0", "n1", "n2", "n3"];

/** A cluster of harnessed cores with instant delivery between servers; client replies are kept. */
class Cluster {
  readonly nodes = new Map(ids.map((id) => [id, new Harness(profiles.default)]));
  readonly replies: Sent[] = [];
  gossipMessages = 0;
  maxGossipValues = 0;

  constructor() {
    for (const [id, h] of this.nodes) h.init(id, ids);
  }

  client(id: string, body: object, now: number): void {
    this.route(this.at(id).send("c1", body, now, id), now);
  }

  run(until: number): void {
    for (let now = 0; now <= until; now += 10) for (const h of this.nodes.values()) this.route(h.tick(now), now);
  }

  private at(id: string): Harness {
    const h = this.nodes.get(id);
    if (!h) throw new Error(`no node ${id}`);
    return h;
  }

  private route(out: Sent[], now: number): void {
    for (const m of out) {
      if (!this.nodes.has(m.dest)) {
        this.replies.push(m);
        continue;
      }
      this.gossipMessages++;
      this.maxGossipValues = Math.max(this.maxGossipValues, (m.body.values as unknown[]).length);
      this.route(this.at(m.dest).line(m.line, now), now);
    }
  }
}

describe("a counter over the star", () => {
  it("converges to the exact sum everywhere, in messages of at most one entry per node", () => {
    const c = new Cluster();
    let sum = 0;
    for (let i = 0; i < 400; i++) {
      const delta = (i % 10) - 5;
      sum += delta;
      c.client(ids[i % ids.length] as string, { type: "add", msg_id: i, delta }, i * 5);
    }
    c.run(6000);
    for (const id of ids) {
      c.client(id, { type: "read", msg_id: 9999 }, 6000);
      expect(c.replies.at(-1)?.body).toEqual({ type: "read_ok", in_reply_to: 9999, value: sum });
      const h = c.nodes.get(id);
      expect(h?.core.pending()).toEqual({ values: ids.length, maxUnacknowledged: 0 });
      expect(h?.warnings).toEqual([]);
    }
    expect(c.replies.filter((m) => m.body.type === "add_ok")).toHaveLength(400);
    expect(c.maxGossipValues).toBeLessThanOrEqual(ids.length);
    expect(c.gossipMessages).toBeLessThan(2 * 400);
  });

  it("says what it serves in every gossip message", () => {
    const c = new Cluster();
    const leaf = c.nodes.get("n1");
    // A leaf sends a client's write at once (forwardDelay 0).
    const gossip = leaf?.send("c1", { type: "add", msg_id: 1, delta: 2 }, 0, "n1").find((m) => m.dest === "n0");
    expect(gossip?.body).toEqual({ type: "gossip", start: 0, end: 1, values: [["n1", 2, 0]], ack: 0, serves: "counter" });
  });
});
