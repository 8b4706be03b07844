#!/usr/bin/env node
// Reference node that is correct only on a healthy network: it passes each new value once to
// every topology neighbour (a fire-and-forget `gossip` message, never acknowledged, never
// retried). Valid without faults; under --nemesis partition, values sent across a cut are gone
// for good, so the bench must find lost values.
import { serve, valueStore } from "../../reference-nodes/maelstrom.mjs";

const store = valueStore();
function learn(node, value, from) {
  if (store.values.has(value)) return;
  store.values.add(value);
  for (const n of node.neighbours) if (n !== from) node.send(n, { type: "gossip", value });
}

await serve({
  read: store.read,
  broadcast(msg, node) {
    learn(node, msg.body.message, msg.src);
    node.reply(msg, { type: "broadcast_ok" });
  },
  gossip: (msg, node) => learn(node, msg.body.value, msg.src),
});
