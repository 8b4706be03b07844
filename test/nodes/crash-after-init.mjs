#!/usr/bin/env node
// Reference node that dies mid-run: a correct flooding node, except that n1 exits with code 3
// on its third client request. The bench must report the crash, naming the node, and fail the run.
import { createInterface } from "node:readline";

let self = "";
let neighbours = [];
let requests = 0;
const values = new Set();

const send = (dest, body) => process.stdout.write(`${JSON.stringify({ src: self, dest, body })}\n`);
const reply = (msg, body) => send(msg.src, { ...body, in_reply_to: msg.body.msg_id });

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "") continue;
  const msg = JSON.parse(line);
  const body = msg.body;
  if ((body.type === "broadcast" || body.type === "read") && msg.src.startsWith("c") && self === "n1" && ++requests === 3) {
    process.stderr.write(`${self}: crashing on purpose\n`);
    process.exit(3);
  }
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
        for (const n of neighbours) if (n !== msg.src) send(n, { type: "broadcast", message: body.message });
      }
      if (body.msg_id !== undefined) reply(msg, { type: "broadcast_ok" });
      break;
    case "read":
      reply(msg, { type: "read_ok", messages: [...values] });
      break;
  }
}
