#!/usr/bin/env node
// Reference node for g-counter and pn-counter: a state-based PN-counter. Each node counts its own
// increments and decrements; every 100 ms it sends its whole state (every node's two totals) to
// every other node, which keeps the larger of each. Totals only grow, so a lost or late message is
// repaired by the next one: valid with and without partitions.
import { every, peers, serve } from "./maelstrom.mjs";

/** node id → [sum of positive deltas, sum of negative deltas' magnitudes] */
const state = new Map();
const GOSSIP_MS = 100;

function merge(entries) {
  for (const [id, [inc, dec]] of entries) {
    const [i, d] = state.get(id) ?? [0, 0];
    state.set(id, [Math.max(i, inc), Math.max(d, dec)]);
  }
}

await serve(
  {
    add(msg, node) {
      const delta = msg.body.delta;
      const [inc, dec] = state.get(node.self) ?? [0, 0];
      state.set(node.self, delta >= 0 ? [inc + delta, dec] : [inc, dec - delta]);
      node.reply(msg, { type: "add_ok" });
    },
    read(msg, node) {
      let sum = 0;
      for (const [inc, dec] of state.values()) sum += inc - dec;
      node.reply(msg, { type: "read_ok", value: sum });
    },
    counter_state: (msg) => merge(msg.body.state),
  },
  {
    afterInit: (node) =>
      every(GOSSIP_MS, () => {
        for (const peer of peers(node)) node.send(peer, { type: "counter_state", state: [...state] });
      }),
  },
);
