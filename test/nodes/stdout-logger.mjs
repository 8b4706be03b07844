#!/usr/bin/env node
// Reference node that must make a run invalid although its broadcast is correct: after init it
// writes a plain log line to stdout, where only protocol messages belong (logs go to stderr).
// Maelstrom treats such a line as an error; the bench must too.
import { createInterface } from "node:readline";

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
      process.stdout.write(`${self} starting up\n`);
      break;
    case "topology":
      neighbours = body.topology[self] ?? [];
      reply(msg, { type: "topology_ok" });
      break;
    case "broadcast":
      if (!values.has(body.message)) {
        values.add(body.message);
        for (const n of neighbours) send(n, { type: "broadcast", message: body.message });
      }
      if (body.msg_id !== undefined) reply(msg, { type: "broadcast_ok" });
      break;
    case "read":
      reply(msg, { type: "read_ok", messages: [...values] });
      break;
  }
}
