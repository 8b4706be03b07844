#!/usr/bin/env node
// A broken echo node for the bench's tests: it never answers one echo in a hundred.
import { createNode, echoBody, serve } from "maelstrom-kit";

const node = createNode({ state: () => ({ echoes: 0 }) }).on(echoBody, (message, ctx) => {
  ctx.state.echoes += 1;
  if (ctx.state.echoes % 100 === 0) return;
  ctx.reply({ type: "echo_ok", echo: message.body.echo });
});

export default node;
serve(node, import.meta.url);
