#!/usr/bin/env node
// Reference node for g-set: a grow-only set that sends its whole contents to every other node
// every 100 ms; a union repairs any lost message, so it is valid with and without partitions.
import { every, peers, serve } from "./maelstrom.mjs";

const elements = new Set();
const GOSSIP_MS = 100;

await serve(
  {
    add(msg, node) {
      elements.add(msg.body.element);
      node.reply(msg, { type: "add_ok" });
    },
    read: (msg, node) => node.reply(msg, { type: "read_ok", value: [...elements] }),
    set_state(msg) {
      for (const e of msg.body.elements) elements.add(e);
    },
  },
  {
    afterInit: (node) =>
      every(GOSSIP_MS, () => {
        for (const peer of peers(node)) node.send(peer, { type: "set_state", elements: [...elements] });
      }),
  },
);
