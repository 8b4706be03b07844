// A backlog past the reader's line cap (80 MiB of values) goes out as a window of bounded messages; slow by its bytes, so not in the mutation tests.
import { describe, expect, it } from "vitest";
import { MAX_GOSSIP_VALUE_BYTES, MAX_LINE_BYTES, MAX_VALUE_BYTES } from "../../src/protocol/limits.ts";
import { broadcastLine, hubAndLeaf, toLeaf, type Sent } from "./harness.ts";

describe("deliverability of a backlog", () => {
  it("carries a backlog past the line cap as a window of bounded messages, acknowledged cumulatively", () => {
    const { hub, leaf } = hubAndLeaf();
    // 80 values of 1 MiB: 80 MiB, past the 64 MiB line cap, which one message used to carry.
    const count = 80;
    for (let i = 0; i < count; i++) hub.line(broadcastLine(i, JSON.stringify(`${i}`.padEnd(MAX_VALUE_BYTES - 2, "v"))));
    let now = 1000;
    let largest = 0;
    let messages = 0;
    let fromHub = hub.tick(now);
    for (let round = 0; round < 100 && leaf.core.read().length < count; round++) {
      now += 50;
      const back: Sent[] = [];
      for (const m of toLeaf(fromHub)) {
        largest = Math.max(largest, Buffer.byteLength(m.line));
        messages++;
        back.push(...leaf.line(m.line, now));
      }
      // Each side also ticks, so acknowledgements that wait for quiet go out.
      now += 300;
      back.push(...leaf.tick(now));
      fromHub = [];
      for (const m of back.filter((b) => b.dest === "n0")) fromHub.push(...hub.line(m.line, now + 50));
      fromHub.push(...hub.tick(now + 50));
    }
    expect(leaf.core.read()).toHaveLength(count);
    expect(largest).toBeLessThan(MAX_GOSSIP_VALUE_BYTES + 200);
    expect(largest).toBeLessThan(MAX_LINE_BYTES / 32);
    // Each value went once: no backlog was sent again while acknowledgements kept coming.
    expect(messages).toBe(count);
  });
});
