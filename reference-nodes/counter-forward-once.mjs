#!/usr/bin/env node
// Reference node for g-counter and pn-counter that is correct only on a healthy network: each add
// is applied locally and sent once to every other node (fire-and-forget, never acknowledged, never
// retried). Valid without faults; under --nemesis partition an add sent across a cut is gone for
// good, so some final reads fall outside the acceptable sums.
import { peers, serve } from "./maelstrom.mjs";

let sum = 0;
await serve({
  add(msg, node) {
    sum += msg.body.delta;
    for (const peer of peers(node)) node.send(peer, { type: "counter_add", delta: msg.body.delta });
    node.reply(msg, { type: "add_ok" });
  },
  counter_add(msg) {
    sum += msg.body.delta;
  },
  read: (msg, node) => node.reply(msg, { type: "read_ok", value: sum }),
});
