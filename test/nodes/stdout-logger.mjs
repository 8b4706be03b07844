#!/usr/bin/env node
// Reference node that must make a run invalid although its broadcast is correct: after init it
// writes a plain log line to stdout, where only protocol messages belong (logs go to stderr).
// Maelstrom treats such a line as an error; the bench must too.
import { flooding, serve } from "../../reference-nodes/maelstrom.mjs";

await serve(flooding({ skipSender: false }), {
  afterInit: (node) => process.stdout.write(`${node.self} starting up\n`),
});
