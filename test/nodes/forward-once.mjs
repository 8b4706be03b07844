#!/usr/bin/env node
// Reference node that is correct only on a healthy network: it passes each new value once to
// every topology neighbour (a fire-and-forget `gossip` message, never acknowledged, never
// retried). Valid without faults; under --nemesis partition, values sent across a cut are gone
// for good, so the bench must find lost values.
import { createInterface } from "node:readline";

let self = "";
let neighbours = [];
const values = new Set();

const send = (dest, body) => process.stdout.write(`${JSON.stringify({ src: self, dest, body })}\n`);
const reply = (msg, body) => send(msg.src, { ...body, in_reply_to: msg.body.msg_id });

function learn(value, from) {
  if (values.has(value)) return;
  values.add(value);
  for (const n of neighbours) if (n !== from) send(n, { type: "gossip", value });
}

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
      learn(body.message, msg.src);
      reply(msg, { type: "broadcast_ok" });
      break;
    case "gossip":
      learn(body.value, msg.src);
      break;
    case "read":
      reply(msg, { type: "read_ok", messages: [...values] });
      break;
  }
}
