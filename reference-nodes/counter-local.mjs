#!/usr/bin/env node
// Reference node for g-counter and pn-counter that never gossips: each node reads back only the
// adds it took itself, so with more than one node the final reads miss the others' adds and the
// bench must judge the run invalid.
import { serve } from "./maelstrom.mjs";

let sum = 0;
await serve({
  add(msg, node) {
    sum += msg.body.delta;
    node.reply(msg, { type: "add_ok" });
  },
  read: (msg, node) => node.reply(msg, { type: "read_ok", value: sum }),
});
