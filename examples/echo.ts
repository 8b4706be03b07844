#!/usr/bin/env node
// Challenge 1: every `echo` is answered with its own value.
import { createNode, echoBody, serve } from "maelstrom-kit";

const node = createNode({ state: () => ({}) }).on(echoBody, (message, ctx) => {
  ctx.reply({ type: "echo_ok", echo: message.body.echo });
});

export default node;
serve(node, import.meta.url);
