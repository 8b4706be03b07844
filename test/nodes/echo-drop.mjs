#!/usr/bin/env node
// A broken echo node: it answers every echo but the 100th, 200th, … which it silently drops, so
// those time out and the bench must judge the run invalid, naming the timeout.
import { serve } from "../../reference-nodes/maelstrom.mjs";

const DROP_EVERY = 100;
let seen = 0;
await serve({
  echo(msg, node) {
    if (++seen % DROP_EVERY === 0) return;
    node.reply(msg, { type: "echo_ok", echo: msg.body.echo });
  },
});
