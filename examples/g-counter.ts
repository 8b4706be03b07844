#!/usr/bin/env node
// Challenge 4: each node counts its own adds; every 200 ms it asks each peer for its count (RPC with a timeout) and keeps the largest seen.
import { counterAddBody, createNode, readBody, serve, z } from "maelstrom-kit";

const countBody = z.object({ type: z.literal("count"), msg_id: z.number() });
const countOkBody = z.object({ type: z.literal("count_ok"), count: z.number() });

const node = createNode({ state: () => ({ counts: new Map<string, number>() }) })
  .on(counterAddBody, (message, ctx) => {
    ctx.state.counts.set(ctx.self, (ctx.state.counts.get(ctx.self) ?? 0) + message.body.delta);
    ctx.reply({ type: "add_ok" });
  })
  .on(readBody, (_message, ctx) => {
    let sum = 0;
    for (const count of ctx.state.counts.values()) sum += count;
    ctx.reply({ type: "read_ok", value: sum });
  })
  .on(countBody, (_message, ctx) => {
    ctx.reply({ type: "count_ok", count: ctx.state.counts.get(ctx.self) ?? 0 });
  })
  .every(200, (ctx) => {
    for (const peer of ctx.nodeIds) {
      if (peer === ctx.self) continue;
      ctx.rpc(peer, { type: "count" }, 1000, (result, later) => {
        // A timeout or an error leaves the last count heard; a partition only delays convergence.
        const reply = result.ok ? countOkBody.safeParse(result.reply.body) : undefined;
        if (reply?.success) later.state.counts.set(peer, Math.max(later.state.counts.get(peer) ?? 0, reply.data.count));
      });
    }
  });

export default node;
serve(node, import.meta.url);
