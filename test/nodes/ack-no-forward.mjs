#!/usr/bin/env node
// Reference node that must fail: it acknowledges every broadcast but keeps the value to itself,
// so a read on any other node misses it. With more than one node the bench must find lost values.
import { createInterface } from "node:readline";

let self = "";
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
      reply(msg, { type: "topology_ok" });
      break;
    case "broadcast":
      values.add(body.message);
      reply(msg, { type: "broadcast_ok" });
      break;
    case "read":
      reply(msg, { type: "read_ok", messages: [...values] });
      break;
  }
}
