// scripts/simulate against real node processes: verdicts, node failures, Ctrl-C and usage errors.
/**
 * scripts/simulate end to end: real node processes on the wall clock, short runs with fixed
 * seeds, all at once (they spend most of their time waiting).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { USAGE_EXIT } from "../../src/cli/kit.ts";
import { readRun } from "../../src/store/run-dir.ts";
import { dirs, node, reference, required, root, sim, simulate } from "../helpers/simulate.ts";

const fast = ["-w", "broadcast", "--time-limit", "3", "--rate", "10", "--recovery", "1", "--seed", "7"];

describe.concurrent("scripts/simulate with real processes", () => {
  it("a flooding node is valid: exit 0, no lost value, every op ok", async () => {
    const r = await sim([...fast, "--bin", reference("flood.mjs")]);
    expect(r.code).toBe(0);
    const res = required(r.setFull);
    expect(res.valid).toBe(true);
    expect(res.workload["lost-count"]).toBe(0);
    expect(res.workload["attempt-count"]).toBeGreaterThan(5);
    expect(res.workload["stable-count"]).toBe(res.workload["attempt-count"]);
    expect(res.stats["ok-count"]).toBe(res.stats.count);
    // Flooding on the 5-node grid costs exactly 2E = 10 server messages per broadcast.
    expect(res.net.servers["msg-count"]).toBe(10 * res.workload["attempt-count"]);
    expect(r.stdout).toContain("Everything looks good!");
    expect(existsSync(join(r.runDir, "history.json"))).toBe(true);
    expect(existsSync(join(r.runDir, "node-logs", "n1.log"))).toBe(true);
  });

  it("a node that acknowledges but never forwards loses values: exit 1", async () => {
    const r = await sim([...fast, "--node-count", "3", "--bin", node("ack-no-forward.mjs")]);
    expect(r.code).toBe(1);
    expect(r.results?.valid).toBe(false);
    expect(r.setFull?.workload["lost-count"]).toBeGreaterThan(0);
    expect(r.results?.net.servers["msg-count"]).toBe(0);
    expect(r.stdout).toMatch(/lost {8}\d/);
  });

  it("forwarding once is valid on a healthy network", async () => {
    const r = await sim([...fast, "--bin", node("forward-once.mjs")]);
    expect(r.code).toBe(0);
    expect(r.results?.valid).toBe(true);
    expect(r.setFull?.workload["lost-count"]).toBe(0);
  });

  it("forwarding once loses values under --nemesis partition", async () => {
    // Seed 4: the nemesis isolates n3 at t=0 and heals only after ~20 s, i.e. at the final heal,
    // so every value broadcast during the 4 s workload misses one side: no timing can save it.
    const r = await sim(["-w", "broadcast", "--time-limit", "4", "--rate", "10", "--recovery", "1", "--seed", "4", "--nemesis", "partition", "--bin", node("forward-once.mjs")]);
    expect(r.code).toBe(1);
    const res = required(r.setFull);
    expect(res.valid).toBe(false);
    // Values broadcast on n3 are missing from the other four final reads, the last of which is
    // invoked after n3's: lost. Values from elsewhere miss only n3's read, which is followed by
    // reads that show them: stable, as Jepsen's set-full judges it.
    const history = readRun(r.runDir).files.history;
    const onN3 = history.filter((op) => op.f === "broadcast" && op.type === "ok" && op.node === "n3").map((op) => op.value);
    expect(onN3.length).toBeGreaterThan(0);
    expect(res.workload.lost).toEqual(onN3);
    expect(res.net.servers["recv-count"]).toBeLessThan(res.net.servers["send-count"]);
    const partitions = readRun(r.runDir).files.partitions;
    expect(partitions.map((p) => [p.f, p.description])).toEqual([
      ["start-partition", "one [n3] cut off"],
      ["stop-partition", undefined],
    ]);
    // The first cut comes with the workload's first op, however long setup took on a busy machine;
    // the two timers are due together, so they lie apart by no more than the bench's own measured lateness.
    const lateness = res.load?.["event-loop-delay-ms"].max ?? 0;
    expect((partitions[0]?.time ?? NaN) - (history[0]?.time ?? NaN)).toBeLessThan(50 + lateness);
  });

  it("the project's node passes presets 3a and 3b (shortened) and stays valid under partitions", async () => {
    const gossipNode = join(root, "bin", "gossip-node");
    const short = ["-w", "broadcast", "--time-limit", "4", "--recovery", "2", "--bin", gossipNode];
    const [a, b, c] = await Promise.all([
      sim([...short, "--preset", "3a", "--seed", "3"]),
      sim([...short, "--preset", "3b", "--seed", "3"]),
      // Partitions from t≈0, re-cut every ~0.5 s, against the real binary and its retransmission.
      sim([...short, "--preset", "3c", "--nemesis-interval", "0.5", "--seed", "3"]),
    ]);
    for (const r of [a, b, c]) {
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("PASS valid true");
      expect(r.setFull?.workload["lost-count"]).toBe(0);
    }
    expect(b.results?.net.servers["msg-count"]).toBeGreaterThan(0);
    const cuts = readRun(c.runDir).files.partitions;
    expect(cuts.filter((e) => e.f === "start-partition").length).toBeGreaterThan(1);
  });

  it("a log line on stdout makes the run invalid, naming the node and the line", async () => {
    const r = await sim([...fast, "--node-count", "3", "--bin", node("stdout-logger.mjs")]);
    expect(r.code).toBe(1);
    expect(r.results?.valid).toBe(false);
    const errors = r.results?.["node-errors"] ?? [];
    expect(errors.length).toBeGreaterThan(0);
    // The run ends as soon as init is answered, so which nodes' lines were read by then varies;
    // every error names the node that wrote the line.
    for (const e of errors) expect(e).toMatch(/^(n\d): wrote a non-JSON line to stdout: \1 starting up$/);
    expect(r.stdout).toMatch(/node error {2}n\d: wrote a non-JSON line to stdout: n\d starting up/);
    expect(r.stdout).toContain("Analysis invalid!");
  });

  it("a node that crashes mid-run makes it invalid with a reason", async () => {
    const r = await sim([...fast, "--node-count", "3", "--bin", node("crash-after-init.mjs")]);
    expect(r.code).toBe(1);
    expect(r.results?.valid).toBe(false);
    expect(r.results?.["node-errors"]?.[0]).toMatch(/^n1: exited unexpectedly \(code 3\); see .*node-logs\/n1\.log$/);
    // The other nodes kept serving: their ops succeeded.
    expect(r.results?.stats["ok-count"]).toBeGreaterThan(10);
    expect(readFileSync(join(r.runDir, "node-logs", "n1.log"), "utf8")).toContain("crashing on purpose");
  });

  it("a node that never answers cannot hold the run up, and is killed", async () => {
    const timeLimit = 2;
    const recovery = 1;
    const r = await sim(["-w", "broadcast", "--time-limit", String(timeLimit), "--recovery", String(recovery), "--seed", "1", "--bin", node("hang.mjs")]);
    expect(r.code).toBe(1);
    expect(r.seconds).toBeLessThan(timeLimit + recovery + 15);
    expect(r.results?.["node-errors"]).toEqual(["n1", "n2", "n3", "n4", "n5"].map((id) => `${id}: no init_ok within 10 s`));
    const ps = spawnSync("ps", ["-eo", "args"], { encoding: "utf8" });
    expect(ps.stdout).not.toContain(node("hang.mjs"));
  });

  it("Ctrl-C stops the run and every node it started", async () => {
    // A uniquely named link to a node that ignores both the end of its input and SIGTERM, so only
    // the bench's own kill can stop it; the name keeps the process check to this run's nodes.
    const dir = mkdtempSync(join(tmpdir(), "bench-interrupt-"));
    dirs.push(dir);
    const bin = join(dir, "interrupted-hang.mjs");
    symlinkSync(node("hang.mjs"), bin);
    const child = spawn(simulate, ["test", "-w", "broadcast", "--bin", bin, "--time-limit", "60", "--store", join(dir, "store")], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // The bench's own command line names the node too (`--bin …`): only a node process counts,
    // or a loaded machine could deliver the signal before the bench has installed its handler.
    const running = (): boolean =>
      spawnSync("ps", ["-eo", "args"], { encoding: "utf8" })
        .stdout.split("\n")
        .some((line) => line.includes(bin) && !line.includes("--bin"));
    for (let waited = 0; !running() && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(running()).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    const code = await new Promise<number | null>((resolveExit) => {
      child.on("close", resolveExit);
      child.kill("SIGINT");
    });
    expect(code).toBe(130);
    expect(stderr).toContain("interrupted: every node stopped");
    expect(running()).toBe(false);
  });

  const usage: [string, string[], RegExp][] = [
    ["a missing --bin", ["-w", "broadcast"], /--bin is required/],
    ["an unknown --latency-dist", ["-w", "broadcast", "--bin", reference("flood.mjs"), "--latency-dist", "normal"], /--latency-dist <d>' argument 'normal' is invalid\. Allowed choices are constant, uniform, exponential/],
    ["uniform latency with --latency 0", ["-w", "broadcast", "--bin", reference("flood.mjs"), "--latency-dist", "uniform"], /--latency-dist uniform needs --latency > 0/],
    ["an unknown flag", ["-w", "broadcast", "--bin", reference("flood.mjs"), "--frobnicate"], /unknown option '--frobnicate'/],
    ["an unknown preset", ["-w", "broadcast", "--bin", reference("flood.mjs"), "--preset", "9z"], /argument '9z' is invalid\. Allowed choices are 1, 2, 3a, 3b, 3c, 3d, 3e, 4/],
    ["a bad --concurrency", ["-w", "broadcast", "--bin", reference("flood.mjs"), "--concurrency", "two"], /--concurrency <n>' argument 'two' is invalid\. expected a count of at least 1, or Kn/],
  ];
  for (const [what, args, message] of usage) {
    it(`exits ${USAGE_EXIT} with a message on ${what}`, async () => {
      const r = await sim(args);
      expect(r.code).toBe(USAGE_EXIT);
      expect(r.stderr).toMatch(message);
      expect(r.results).toBeUndefined();
    });
  }
});
