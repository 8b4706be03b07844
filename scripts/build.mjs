// Bundles every executable into one module under dist/, so start-up never compiles TypeScript; then the library and its declarations.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const entries = {
  simulate: "scripts/simulate.ts",
  "maelstrom-run": "maelstrom/run.ts",
  dst: "scripts/dst.ts",
  "bench-runtime": "scripts/bench-runtime.ts",
  "bench-gossip": "scripts/bench-gossip.ts",
  "bench-cut": "scripts/bench-cut.ts",
  "bench-scale": "scripts/bench-scale.ts",
  "bench-counter-memory": "scripts/bench-counter-memory.ts",
  fidelity: "scripts/fidelity.ts",
  // Nodes written on the library, for the bench's --in-process and --bin in tests.
  "examples/echo": "examples/echo.ts",
  "examples/unique-ids": "examples/unique-ids.ts",
  "examples/broadcast": "examples/broadcast.ts",
  "examples/g-counter": "examples/g-counter.ts",
  "test-nodes/kit-echo-drops": "test/nodes/kit-echo-drops.ts",
  "test-nodes/kit-broadcast-no-retransmit": "test/nodes/kit-broadcast-no-retransmit.ts",
};

const common = { bundle: true, platform: "node", target: "node20", format: "esm", logLevel: "warning" };
// pino and commander are CommonJS; a require shim lets the ESM bundle load their built-ins.
const requireShim = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

await build({ ...common, entryPoints: entries, outdir: "dist", outExtension: { ".js": ".mjs" }, sourcemap: "linked", banner: { js: requireShim } });
// The node is CommonJS, so that starting it never starts Node's ES module loader, and its launcher is a shell script
// for the same reason. pino and commander, which it needs only after `init` or with flags, are bundles of their own
// beside it, read when first imported.
const nodeDeps = ["pino", "commander"];
const depsBeside = {
  name: "deps-beside",
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${nodeDeps.join("|")})$`) }, ({ path }) => ({ path: `./gossip-node-deps/${path}.cjs`, external: true }));
  },
};
const node = { ...common, format: "cjs", outExtension: { ".js": ".cjs" }, sourcemap: "linked", supported: { "dynamic-import": false } };
rmSync("dist/gossip-node-deps", { recursive: true, force: true });
await build({ ...node, entryPoints: { "gossip-node": "bin/gossip-node.ts" }, outdir: "dist", banner: { js: "#!/usr/bin/env node" }, plugins: [depsBeside] });
await build({ ...node, entryPoints: Object.fromEntries(nodeDeps.map((d) => [d, d])), outdir: "dist/gossip-node-deps" });
chmodSync("dist/gossip-node.cjs", 0o755);
// The nodes keep their shebang, so the bench can spawn them with --bin as well.
for (const [out, source] of Object.entries(entries)) if (source.startsWith("examples/") || source.startsWith("test/nodes/")) chmodSync(`dist/${out}.mjs`, 0o755);

// The library leaves its dependencies to the user's install, so a user's zod schemas and ours are one zod.
await build({ ...common, entryPoints: { index: "src/toolkit/index.ts" }, outdir: "dist/lib", outExtension: { ".js": ".mjs" }, packages: "external" });

// Declarations: tsc keeps the sources' `.ts` specifiers, which a user's compiler resolves as `.js` to the `.d.ts` beside them.
rmSync("dist/types", { recursive: true, force: true });
execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
for (const entry of readdirSync("dist/types", { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const file = join(entry.parentPath, entry.name);
  writeFileSync(file, readFileSync(file, "utf8").replace(/(from\s+["']\.{1,2}\/[^"']*)\.ts(["'])/g, "$1.js$2"));
}
