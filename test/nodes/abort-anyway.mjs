#!/usr/bin/env node
// Reference node that must be named: it floods every broadcast but answers every third client broadcast
// with error 14 (abort), a definite error that promises the value was not added, which reads then show.
import { flooding, serve } from "../../reference-nodes/maelstrom.mjs";

const node = flooding({ skipSender: true });
let broadcasts = 0;
await serve({
  ...node,
  broadcast(msg, n) {
    const fromClient = msg.src.startsWith("c");
    if (!fromClient || broadcasts++ % 3 !== 0) return node.broadcast(msg, n);
    node.broadcast({ ...msg, body: { ...msg.body, msg_id: undefined } }, n);
    n.reply(msg, { type: "error", code: 14, text: "aborted" });
  },
});
