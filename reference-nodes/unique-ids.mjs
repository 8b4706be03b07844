#!/usr/bin/env node
// Reference node for unique-ids (fly.io challenge 2): an id is the node's own id and a counter, so
// ids are unique without talking to any other node, and every request is answered even when the
// node is cut off — what `--availability total` under partitions needs.
import { serve } from "./maelstrom.mjs";

let next = 0;
await serve({ generate: (msg, node) => node.reply(msg, { type: "generate_ok", id: `${node.self}-${next++}` }) });
