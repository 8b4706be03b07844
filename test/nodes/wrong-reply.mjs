#!/usr/bin/env node
// Reference node that must be named: a flooding node that first answers each broadcast with an in_reply_to
// no request carried, then with the right one, so the run stays valid and the stray reply is named.
import { flooding, serve } from "../../reference-nodes/maelstrom.mjs";

const node = flooding({ skipSender: true });
await serve({
  ...node,
  broadcast(msg, n) {
    if (msg.body.msg_id !== undefined) n.send(msg.src, { type: "broadcast_ok", in_reply_to: msg.body.msg_id + 1000 });
    node.broadcast(msg, n);
  },
});
