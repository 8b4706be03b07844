#!/usr/bin/env node
// Reference node that dies mid-run: a correct flooding node, except that n1 exits with code 3
// on its third client request. The bench must report the crash, naming the node, and fail the run.
import { flooding, serve } from "../../reference-nodes/maelstrom.mjs";

let requests = 0;
await serve(flooding({ skipSender: true }), {
  beforeEach(msg, node) {
    const clientRequest = (msg.body.type === "broadcast" || msg.body.type === "read") && msg.src.startsWith("c");
    if (clientRequest && node.self === "n1" && ++requests === 3) {
      process.stderr.write(`${node.self}: crashing on purpose\n`);
      process.exit(3);
    }
  },
});
