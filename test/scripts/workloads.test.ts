// scripts/simulate on every workload besides broadcast, with real reference-node processes: each judged as Maelstrom would.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AnyResults } from "../../src/sim/workloads/index.ts";
import { readResults } from "../../src/store/run-dir.ts";

const root = resolve(import.meta.dirname, "..", "..");
const simulate = join(root, "scripts", "simulate");
const reference = (name: string): string => join(root, "reference-nodes", name);
const broken = (name: string): string => join(root, "test", "nodes", name);

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  results: AnyResults;
}

/** One short run: 3 nodes, 3 s at 20 ops/s, 1 s of recovery, a fixed seed; `extra` overrides. */
function sim(workload: string, bin: string, extra: readonly string[] = []): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "workload-test-"));
  dirs.push(dir);
  const json = join(dir, "results.json");
  const args = ["test", "-w", workload, "--bin", bin, "--node-count", "3", "--time-limit", "3", "--rate", "20", "--recovery", "1", "--seed", "1"];
  const child = spawn(simulate, [...args, ...extra, "--store", join(dir, "store"), "--json", json, "--no-report"], { cwd: dir, stdio: ["ignore", "pipe", "ignore"] });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((done, fail) => {
    child.on("close", (code) => (existsSync(json) ? done({ code, stdout, results: readResults(json) }) : fail(new Error(`no results: ${stdout}`))));
  });
}

const partitions = ["--nemesis", "partition", "--nemesis-interval", "1", "--time-limit", "4"];

describe.concurrent("scripts/simulate on the other workloads", () => {
  it("g-counter: a node gossiping its whole state is valid under partitions, every final read exact", async () => {
    const r = await sim("g-counter", reference("counter-gossip.mjs"), partitions);
    expect(r.code).toBe(0);
    if (r.results["workload-name"] !== "g-counter") throw new Error("wrong workload");
    const w = r.results.workload;
    expect(w["final-reads"]).toHaveLength(3);
    expect(w.acceptable).toHaveLength(1);
    expect(new Set(w["final-reads"])).toEqual(new Set([w.acceptable[0]?.[0]]));
    expect(r.stdout).toContain("Everything looks good!");
  });

  it("g-counter: a node that never gossips is invalid, its final reads outside the acceptable sums", async () => {
    const r = await sim("g-counter", reference("counter-local.mjs"));
    expect(r.code).toBe(1);
    if (r.results["workload-name"] !== "g-counter") throw new Error("wrong workload");
    expect(r.results.workload.errors?.length).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/^outside {5}n\d read/m);
    expect(r.results.reasons?.[0]).toMatchObject({ kind: "unacceptable-read", field: "value", node: expect.stringMatching(/^n\d$/) });
    expect(r.stdout).toMatch(/^ {2}- final read on n\d gave -?\d+, outside the sums the adds allow/m);
  });

  it("g-counter: forwarding each add once is valid on a healthy network and invalid under partitions", async () => {
    const [healthy, cut] = await Promise.all([sim("g-counter", reference("counter-forward-once.mjs")), sim("g-counter", reference("counter-forward-once.mjs"), partitions)]);
    expect(healthy.code).toBe(0);
    expect(cut.code).toBe(1);
    expect(cut.results.workload.valid).toBe(false);
  });

  it("pn-counter and g-set: the gossiping reference nodes are valid", async () => {
    const [pn, set] = await Promise.all([sim("pn-counter", reference("counter-gossip.mjs")), sim("g-set", reference("g-set.mjs"))]);
    expect([pn.code, set.code]).toEqual([0, 0]);
    if (set.results["workload-name"] !== "g-set") throw new Error("wrong workload");
    expect(set.results.workload["stable-count"]).toBe(set.results.workload["attempt-count"]);
  });

  it("echo: the reference node is valid; one that drops one echo in a hundred is invalid, naming the timeout", async () => {
    const [good, bad] = await Promise.all([sim("echo", reference("echo.mjs")), sim("echo", broken("echo-drop.mjs"), ["--node-count", "1", "--rate", "50"])]);
    expect(good.code).toBe(0);
    expect(bad.code).toBe(1);
    if (bad.results["workload-name"] !== "echo") throw new Error("wrong workload");
    expect(bad.results.workload.errors[0]).toMatchObject({ type: "info", error: "net-timeout" });
    expect(bad.results.reasons?.[0]).toMatchObject({ kind: "not-echoed", node: "n0", actual: "info (net-timeout)" });
    expect(bad.stdout).toMatch(/^echoes {6}1 not echoed; first: "Please echo \d+" ended info \(net-timeout\)/m);
  });

  it("unique-ids: the reference node stays totally available under partitions; a repeating one is invalid", async () => {
    const [good, bad] = await Promise.all([
      sim("unique-ids", reference("unique-ids.mjs"), [...partitions, "--availability", "total", "--rate", "100"]),
      sim("unique-ids", broken("unique-ids-repeat.mjs")),
    ]);
    expect(good.code).toBe(0);
    expect(good.results.availability).toEqual({ valid: true, "ok-fraction": 1 });
    expect(bad.code).toBe(1);
    if (bad.results["workload-name"] !== "unique-ids") throw new Error("wrong workload");
    expect(bad.results.workload["duplicated-count"]).toBeGreaterThan(0);
    expect(bad.stdout).toMatch(/^duplicates {2}"n\d-\d+" ×2/m);
    expect(bad.results.reasons?.find((x) => x.kind === "duplicate-id")).toMatchObject({ field: "id", actual: "returned 2 times" });
  });
});
