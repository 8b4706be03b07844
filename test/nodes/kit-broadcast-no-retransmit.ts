#!/usr/bin/env node
// A broken broadcast node for the DST's tests: it floods each new value to its neighbours once and never sends a lost hop again.
import { broadcastBody, createNode, readBody, serve, topologyBody, type JsonValue } from "maelstrom-kit";

interface State {
  seen: Map<string, JsonValue>;
  neighbours: string[];
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
      for (const peer of ctx.state.neighbours) if (peer !== message.src) ctx.send(peer, { type: "broadcast", message: value });
    }
    ctx.reply({ type: "broadcast_ok" });
  })
  .on(readBody, (_message, ctx) => {
    ctx.reply({ type: "read_ok", messages: [...ctx.state.seen.values()] });
  });

export default node;
serve(node, import.meta.url);
