// Runs scripts/simulate for integration tests: each run in its own temp dir, with its store and --json results, removed afterwards.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { Results } from "../../src/sim/checking/results.ts";
import { setFullResults, type AnyResults } from "../../src/sim/workloads/index.ts";
import { readResults } from "../../src/store/run-dir.ts";

export const root = resolve(import.meta.dirname, "..", "..");
export const simulate = join(root, "scripts", "simulate");
export const node = (name: string): string => join(root, "test", "nodes", name);
export const reference = (name: string): string => join(root, "reference-nodes", name);

export const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

beforeAll(() => {
  if (!existsSync(join(root, "dist", "simulate.mjs"))) throw new Error("run `node scripts/build.mjs` first");
});

export function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("the run wrote no results");
  return value;
}

export interface SimRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall-clock duration of the whole command. */
  seconds: number;
  /** The --json results, when the run got that far. */
  results: AnyResults | undefined;
  /** The same results when they are a set-full workload's (broadcast, g-set), its figures typed. */
  setFull: Results | undefined;
  /** The run's store directory (store/latest). */
  runDir: string;
}

/** Runs scripts/simulate asynchronously (so that runs overlap), with its store and --json in a temp dir. */
export function sim(args: readonly string[], command = "test"): Promise<SimRun> {
  const dir = mkdtempSync(join(tmpdir(), "bench-test-"));
  dirs.push(dir);
  const json = join(dir, "results.json");
  const store = join(dir, "store");
  const started = performance.now();
  const child = spawn(simulate, command === "test" ? ["test", "--store", store, "--json", json, ...args] : [command, ...args, "--store", store], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolveRun) => {
    child.on("close", (code) => {
      const stored = join(store, "latest", "results.json");
      const results = existsSync(json) ? readResults(json) : existsSync(stored) ? readResults(stored) : undefined;
      const setFull = results && setFullResults(results);
      resolveRun({ code, stdout, stderr, seconds: (performance.now() - started) / 1000, results, setFull, runDir: join(store, "latest") });
    });
  });
}

