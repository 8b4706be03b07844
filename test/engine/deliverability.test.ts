// Whatever the node acknowledges, every peer can receive: the limits, at and past each one.
import { describe, expect, it } from "vitest";
import { profiles } from "../../src/engine/config.ts";
import { gossipNode } from "../../src/engine/spec.ts";
import { MAX_GOSSIP_VALUE_BYTES, MAX_JSON_DEPTH, MAX_VALUE_BYTES, MAX_VALUE_DEPTH } from "../../src/protocol/limits.ts";
import { CoreNode } from "../../src/sim/running/core-node.ts";
import { VirtualScheduler } from "../../src/sim/world/scheduler.ts";
import { broadcastLine, hubAndLeaf, toLeaf, type Sent } from "./harness.ts";

const nested = (depth: number): string => "[".repeat(depth) + "]".repeat(depth);

describe("deliverability", () => {
  it("acknowledges a value exactly as deep as its gossip line allows, and the peer reads that line", () => {
    expect(MAX_VALUE_DEPTH).toBe(MAX_JSON_DEPTH - 3);
    const { hub, leaf } = hubAndLeaf();
    expect(hub.line(broadcastLine(1, nested(MAX_VALUE_DEPTH)))[0]?.body.type).toBe("broadcast_ok");
    const gossip = toLeaf(hub.tick(1000));
    expect(gossip).toHaveLength(1);
    leaf.line((gossip[0] as Sent).line, 1050);
    expect(leaf.core.read()).toEqual([nested(MAX_VALUE_DEPTH)]);
    expect(leaf.warnings).toEqual([]);
  });

  it("refuses one level deeper with a definite error naming the limit, and keeps the link moving", () => {
    const { hub, leaf } = hubAndLeaf();
    // The request line is 256 deep, within the reader's limit; its gossip line would be 257.
    const refused = hub.line(broadcastLine(1, nested(MAX_VALUE_DEPTH + 1)));
    expect(refused).toEqual([
      expect.objectContaining({ src: "n0", dest: "c1", body: { type: "error", in_reply_to: 1, code: 10, text: expect.stringContaining("MAX_VALUE_DEPTH") } }),
    ]);
    hub.line(broadcastLine(2, "7"));
    for (const m of toLeaf(hub.tick(1000))) leaf.line(m.line, 1050);
    expect(leaf.core.read()).toEqual(["7"]);
  });

  it("acknowledges a value of exactly MAX_VALUE_BYTES and refuses one byte more", () => {
    const { hub, leaf } = hubAndLeaf();
    const fits = JSON.stringify("é".repeat((MAX_VALUE_BYTES - 2) / 2));
    expect(hub.line(broadcastLine(1, fits))[0]?.body.type).toBe("broadcast_ok");
    const over = JSON.stringify("x".repeat(MAX_VALUE_BYTES - 1));
    expect(hub.line(broadcastLine(2, over))[0]?.body).toMatchObject({ type: "error", code: 10, text: expect.stringContaining("MAX_VALUE_BYTES") });
    const gossip = toLeaf(hub.tick(1000));
    expect(gossip).toHaveLength(1);
    expect(Buffer.byteLength((gossip[0] as Sent).line)).toBeLessThan(MAX_GOSSIP_VALUE_BYTES + 200);
    leaf.line((gossip[0] as Sent).line, 1050);
    expect(leaf.core.read()).toEqual([fits]);
  });

  it("refuses an undeliverable broadcast without msg_id with a warning, never storing it", () => {
    const { hub } = hubAndLeaf();
    expect(hub.send("c1", { type: "broadcast", message: JSON.parse(nested(MAX_VALUE_DEPTH + 1)) })).toEqual([]);
    expect(hub.core.read()).toEqual([]);
    expect(hub.warnings).toEqual([expect.stringContaining("refused")]);
  });

  it("in the simulator, drops a line over the reader's cap, as the real reader would, and says so", () => {
    const failures: string[] = [];
    const received: unknown[] = [];
    const scheduler = new VirtualScheduler();
    const node = new CoreNode(
      "n0",
      { send: (m) => received.push(m), fail: (r) => failures.push(r) },
      { spec: gossipNode(profiles.default, 10), scheduler, phase: 0, maxLineBytes: 200 },
    );
    node.deliver({ src: "c0", dest: "n0", body: { type: "init", msg_id: 1, node_id: "n0", node_ids: ["n0"] } });
    node.deliver({ src: "c1", dest: "n0", body: { type: "broadcast", msg_id: 2, message: "x".repeat(300) } });
    expect(received).toHaveLength(1);
    expect(failures).toEqual([expect.stringMatching(/dropped a line of \d+ bytes from c1, over the reader's cap of 200/)]);
  });
});
