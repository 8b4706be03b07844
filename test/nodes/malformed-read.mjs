#!/usr/bin/env node
// Reference node that must be named: a flooding node whose every other read_ok carries `"messages": "oops"`
// (every one with the node argument `all`), a malformed reply the bench must name, valid run or not.
import { flooding, serve } from "../../reference-nodes/maelstrom.mjs";

const all = process.argv.includes("all");
const node = flooding({ skipSender: true });
let reads = 0;
await serve({
  ...node,
  read(msg, n) {
    if (all || reads++ % 2 === 0) n.reply(msg, { type: "read_ok", messages: "oops" });
    else node.read(msg, n);
  },
});
