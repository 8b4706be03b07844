// The package as a user gets it: npm pack, one install into an empty project, then its bins, its bench and the README's echo node.
import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { root } from "../helpers/simulate.ts";

const run = promisify(execFile);
const project = mkdtempSync(join(tmpdir(), "kit-user-"));
const npx = (args: string[]) => run("npx", ["--no-install", ...args], { cwd: project, maxBuffer: 1 << 26 });

/** The README's echo example, verbatim: the first ts block under "Write your own node". */
function readmeEcho(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Write your own node"));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error("README has no ts block under 'Write your own node'");
  return block;
}

beforeAll(async () => {
  // `make test` has just built dist/; prepack would rebuild it while other test files spawn its bundles.
  const { stdout } = await run("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", project], { cwd: root, maxBuffer: 1 << 26 });
  const tarball = join(project, stdout.trim().split("\n").at(-1) ?? "");
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-node", private: true, type: "module" }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball, "typescript@~5.9", "@types/node@20"], { cwd: project });
}, 600_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("the packed package, installed into an empty project", () => {
  it("runs the node's --version and the bench's --help through npx", async () => {
    expect((await npx(["gossip-node", "--version"])).stdout.trim()).toBe(pkg.version);
    expect((await npx(["maelstrom-simulate", "--help"])).stdout).toMatch(/test/);
  });

  it("passes preset 3b with the installed bench and the installed node", async () => {
    const { stdout } = await npx(["maelstrom-simulate", "test", "--preset", "3b", "--bin", "node_modules/.bin/gossip-node", "--time-limit", "3", "--recovery", "1", "--store", "store"]);
    expect(stdout).toMatch(/PASS valid true/);
  });

  it("type-checks the README's echo node against the installed declarations, then passes preset 1 in real time and in the simulator", async () => {
    expect(readmeEcho()).toBe(readFileSync(join(root, "examples", "echo.ts"), "utf8"));
    writeFileSync(join(project, "echo.ts"), readmeEcho());
    const tsconfig = { compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, types: ["node"], outDir: "." }, files: ["echo.ts"] };
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify(tsconfig));
    await npx(["tsc", "-p", "."]);
    chmodSync(join(project, "echo.js"), 0o755);
    for (const how of [["--bin", "./echo.js", "--time-limit", "3", "--recovery", "1"], ["--in-process", "./echo.js"]]) {
      const { stdout } = await npx(["maelstrom-simulate", "test", "--preset", "1", ...how, "--store", "store"]);
      expect(stdout).toMatch(/PASS valid true/);
    }
  });
});
