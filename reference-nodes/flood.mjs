#!/usr/bin/env node
// Reference node: the "simple" gossip server of Maelstrom's broadcast tutorial
// (doc/03-broadcast/01-broadcast.md, measured in 02-performance.md), so the bench's message
// counts can be checked against the published figures. On a value it has not seen, it sends a
// `broadcast` to every topology neighbour, including the one it came from. Server-to-server
// broadcasts carry no msg_id and get no broadcast_ok: only requests with a msg_id (the clients')
// are acknowledged, so each new value costs exactly one message per neighbour.
// Published :servers :msgs-per-op: 5.01 with 5 nodes (grid). With --skip-sender (never send a
// value back to the node it came from): 2.94 with 5 nodes, 27.8 with 25 (grid), 12.0 with 25 (line).
import { flooding, serve } from "./maelstrom.mjs";

await serve(flooding({ skipSender: process.argv.includes("--skip-sender") }));
