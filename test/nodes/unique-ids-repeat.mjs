#!/usr/bin/env node
// A broken unique-ids node: every 25th id it hands out repeats the one before, so the bench must
// find duplicates.
import { serve } from "../../reference-nodes/maelstrom.mjs";

const REPEAT_EVERY = 25;
let next = 0;
let served = 0;
await serve({
  generate(msg, node) {
    const id = ++served % REPEAT_EVERY === 0 ? next - 1 : next++;
    node.reply(msg, { type: "generate_ok", id: `${node.self}-${id}` });
  },
});
