#!/usr/bin/env node
// Reference node that must fail: it acknowledges every broadcast but keeps the value to itself,
// so a read on any other node misses it. With more than one node the bench must find lost values.
import { serve, valueStore } from "../../reference-nodes/maelstrom.mjs";

const store = valueStore();
await serve({
  read: store.read,
  broadcast(msg, node) {
    store.values.add(msg.body.message);
    node.reply(msg, { type: "broadcast_ok" });
  },
});
