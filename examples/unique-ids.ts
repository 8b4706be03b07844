#!/usr/bin/env node
// Challenge 2: ids unique across the cluster without coordination — this node's id and a counter of its own.
import { createNode, generateBody, serve } from "maelstrom-kit";

const node = createNode({ state: () => ({ issued: 0 }) }).on(generateBody, (_message, ctx) => {
  ctx.state.issued += 1;
  ctx.reply({ type: "generate_ok", id: `${ctx.self}-${ctx.state.issued}` });
});

export default node;
serve(node, import.meta.url);
