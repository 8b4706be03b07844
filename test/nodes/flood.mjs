#!/usr/bin/env node
// Reference node: the "simple" gossip server of Maelstrom's broadcast tutorial
// (doc/03-broadcast/01-broadcast.md, measured in 02-performance.md), so the bench's message
// counts can be checked against the published figures. On a value it has not seen, it sends a
// `broadcast` to every topology neighbour, including the one it came from. Server-to-server
// broadcasts carry no msg_id and get no broadcast_ok: only requests with a msg_id (the clients')
// are acknowledged, so each new value costs exactly one message per neighbour.
// Published :servers :msgs-per-op: 5.01 with 5 nodes (grid). With --skip-sender (never send a
// value back to the node it came from): 2.94 with 5 nodes, 27.8 with 25 (grid), 12.0 with 25 (line).
import { createInterface } from "node:readline";

const skipSender = process.argv.includes("--skip-sender");
let self = "";
let neighbours = [];
const values = new Set();

const send = (dest, body) => process.stdout.write(`${JSON.stringify({ src: self, dest, body })}\n`);
const reply = (msg, body) => send(msg.src, { ...body, in_reply_to: msg.body.msg_id });

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "") continue;
  const msg = JSON.parse(line);
  const body = msg.body;
  switch (body.type) {
    case "init":
      self = body.node_id;
      reply(msg, { type: "init_ok" });
      break;
    case "topology":
      neighbours = body.topology[self] ?? [];
      reply(msg, { type: "topology_ok" });
      break;
    case "broadcast":
      if (!values.has(body.message)) {
        values.add(body.message);
        for (const n of neighbours) {
          if (!(skipSender && n === msg.src)) send(n, { type: "broadcast", message: body.message });
        }
      }
      if (body.msg_id !== undefined) reply(msg, { type: "broadcast_ok" });
      break;
    case "read":
      reply(msg, { type: "read_ok", messages: [...values] });
      break;
  }
}
