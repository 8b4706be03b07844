// Bundles every executable into one ES module under dist/, so start-up never compiles TypeScript.
import { build } from "esbuild";

const entries = {
  "gossip-node": "bin/gossip-node.ts",
  simulate: "scripts/simulate.ts",
  "maelstrom-run": "maelstrom/run.ts",
  dst: "scripts/dst.ts",
  "bench-runtime": "scripts/bench-runtime.ts",
  "bench-gossip": "scripts/bench-gossip.ts",
  "bench-cut": "scripts/bench-cut.ts",
  "bench-counter-memory": "scripts/bench-counter-memory.ts",
  fidelity: "scripts/fidelity.ts",
};

await build({
  entryPoints: entries,
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: "linked",
  logLevel: "warning",
  // pino and commander are CommonJS; a require shim lets the ESM bundle load their built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
