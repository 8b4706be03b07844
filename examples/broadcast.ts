#!/usr/bin/env node
// Challenges 3b and 3c: every new value is flooded to the node's neighbours, each hop sent again until the neighbour acknowledges it.
import { broadcastBody, createNode, readBody, serve, topologyBody, type Context, type JsonValue } from "maelstrom-kit";

interface State {
  seen: Map<string, JsonValue>;
  neighbours: string[];
}

/** One hop: a lost message or a partition ends in a timeout, and the hop is tried again. */
function forward(ctx: Context<State>, peer: string, value: JsonValue): void {
  ctx.rpc(peer, { type: "broadcast", message: value }, 1000, (result, later) => {
    if (!result.ok) forward(later, peer, value);
  });
}

const node = createNode<State>({ state: () => ({ seen: new Map(), neighbours: [] }) })
  .on(topologyBody, (message, ctx) => {
    ctx.state.neighbours = message.body.topology[ctx.self] ?? [];
    ctx.reply({ type: "topology_ok" });
  })
  .on(broadcastBody, (message, ctx) => {
    const value = message.body.message;
    const key = JSON.stringify(value);
    if (!ctx.state.seen.has(key)) {
      ctx.state.seen.set(key, value);
      for (const peer of ctx.state.neighbours) if (peer !== message.src) forward(ctx, peer, value);
    }
    ctx.reply({ type: "broadcast_ok" });
  })
  .on(readBody, (_message, ctx) => {
    ctx.reply({ type: "read_ok", messages: [...ctx.state.seen.values()] });
  });

export default node;
serve(node, import.meta.url);
