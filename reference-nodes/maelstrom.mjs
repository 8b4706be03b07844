// The protocol plumbing the reference nodes share, so each node file shows only its algorithm:
// one JSON message per stdin line, init and topology answered here, every other message type
// handed to `handlers[type](msg, node)`.
import { createInterface } from "node:readline";

export async function serve(handlers, hooks = {}) {
  const node = {
    self: "",
    /** Every node of the cluster, this one included, from init. */
    nodeIds: [],
    neighbours: [],
    send(dest, body) {
      process.stdout.write(`${JSON.stringify({ src: node.self, dest, body })}\n`);
    },
    reply(msg, body) {
      node.send(msg.src, { ...body, in_reply_to: msg.body.msg_id });
    },
  };
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === "") continue;
    const msg = JSON.parse(line);
    hooks.beforeEach?.(msg, node);
    switch (msg.body.type) {
      case "init":
        node.self = msg.body.node_id;
        node.nodeIds = msg.body.node_ids;
        node.reply(msg, { type: "init_ok" });
        hooks.afterInit?.(node);
        break;
      case "topology":
        node.neighbours = msg.body.topology[node.self] ?? [];
        node.reply(msg, { type: "topology_ok" });
        break;
      default:
        handlers[msg.body.type]?.(msg, node);
    }
  }
}

/** Runs `fn` every `ms` without keeping the process alive once stdin has closed. */
export function every(ms, fn) {
  setInterval(fn, ms).unref();
}

/** The other nodes of the cluster. */
export function peers(node) {
  return node.nodeIds.filter((id) => id !== node.self);
}

/** A set of values read back in full: what every reference node keeps. */
export function valueStore() {
  const values = new Set();
  return {
    values,
    read: (msg, node) => node.reply(msg, { type: "read_ok", messages: [...values] }),
  };
}

/**
 * Maelstrom's tutorial server: on a value it has not seen, send a fire-and-forget `broadcast` to
 * every neighbour (but the sender, with `skipSender`); acknowledge only requests with a msg_id.
 */
export function flooding({ skipSender }) {
  const store = valueStore();
  return {
    read: store.read,
    broadcast(msg, node) {
      const value = msg.body.message;
      if (!store.values.has(value)) {
        store.values.add(value);
        for (const n of node.neighbours) if (!(skipSender && n === msg.src)) node.send(n, { type: "broadcast", message: value });
      }
      if (msg.body.msg_id !== undefined) node.reply(msg, { type: "broadcast_ok" });
    },
  };
}
