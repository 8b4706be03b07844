// Every verdict explained, every run recorded: reasons and anomalies in terminal, results.json and report; Jepsen's exit codes; replay; the load warning.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/kit.ts";
import { LOAD_WARN_MAX_MS, LOAD_WARN_P99_MS } from "../../src/sim/running/load.ts";
import { readRun } from "../../src/store/run-dir.ts";
import { node, reference, required, sim } from "../helpers/simulate.ts";

const fast = ["-w", "broadcast", "--time-limit", "2", "--rate", "10", "--recovery", "1", "--seed", "7"];
const report = (dir: string): string => readFileSync(join(dir, "report.html"), "utf8");

describe.concurrent("verdicts explained", () => {
  it("a malformed read_ok is named even when the run stays valid", async () => {
    const r = await sim([...fast, "--bin", node("malformed-read.mjs")]);
    expect(r.code).toBe(EXIT.valid);
    const a = required(required(r.results).anomalies);
    expect(a["by-kind"]).toEqual({ "malformed-reply": a.count });
    expect(a.first[0]).toMatchObject({ kind: "malformed-reply", f: "read", field: "messages", expected: "a JSON array" });
    expect(r.stdout).toMatch(/anomalies {3}\d+ replies not taken as they stood \(\d+ malformed-reply\)/);
    expect(r.stdout).toMatch(/n\d read at [\d.]+ s: malformed reply: messages should be a JSON array; got .*"oops"/);
    expect(report(r.runDir)).toMatch(/data-anomaly="malformed-reply"/);
  });

  it("every read malformed: invalid, with the reason first and the closing words last", async () => {
    const r = await sim([...fast, "--bin", node("malformed-read.mjs"), "--", "all"]);
    expect(r.code).toBe(EXIT.invalid);
    const reasons = required(r.results?.reasons);
    expect(reasons.map((x) => x.kind)).toEqual(expect.arrayContaining(["no-ok", "malformed-reply"]));
    expect(reasons.find((x) => x.kind === "malformed-reply")).toMatchObject({ f: "read", field: "messages", expected: "a JSON array" });
    expect(r.stdout).toMatch(/why invalid:\n {2}- /);
    expect(r.stdout.trim().split("\n").at(-1)).toContain("Analysis invalid!");
    expect(r.stdout).not.toContain("Everything looks good!");
    expect(report(r.runDir)).toMatch(/id="why".*data-reason="no-ok"/s);
  });

  it("a reply with the wrong in_reply_to is named", async () => {
    const r = await sim([...fast, "--bin", node("wrong-reply.mjs")]);
    expect(r.code).toBe(EXIT.valid);
    const first = required(r.results?.anomalies?.first[0]);
    expect(first).toMatchObject({ kind: "wrong-reply", f: "broadcast", field: "in_reply_to" });
    expect(first.got).toMatch(/"in_reply_to":10\d\d/);
    expect(r.stdout).toMatch(/reply to the wrong request: in_reply_to should be \d+, the msg_id of the broadcast outstanding/);
    expect(report(r.runDir)).toMatch(/data-anomaly="wrong-reply"/);
  });

  it("a definite error on a broadcast that happened is named", async () => {
    const r = await sim([...fast, "--bin", node("abort-anyway.mjs")]);
    const first = required(r.results?.anomalies?.first[0]);
    expect(first).toMatchObject({ kind: "misplaced-error", f: "broadcast", field: "code", got: "error 14: aborted" });
    expect(r.stdout).toMatch(/error code where none fits: code should be no error: a read showed \d+/);
    expect(report(r.runDir)).toMatch(/data-anomaly="misplaced-error"/);
  });

  it("lost values are named with the reads that missed them", async () => {
    const r = await sim([...fast, "--node-count", "3", "--bin", node("ack-no-forward.mjs")]);
    expect(r.code).toBe(EXIT.invalid);
    const lost = required(r.results?.reasons).filter((x) => x.kind === "lost");
    expect(lost[0]).toMatchObject({ f: "read", field: "messages" });
    expect(lost[0]?.text).toMatch(/^value \d+ lost: acknowledged by n\d at [\d.]+ s, then missing from \d+ ok reads, the last \d: n\d at/);
    expect(r.stdout).toContain(lost[0]?.text);
    expect(report(r.runDir)).toMatch(/data-reason="lost"/);
  });

  it("no value stable: unknown, exit 2, with a reason", async () => {
    // Seed 1 at rate 0: the only workload op is a read, so nothing is ever added.
    const r = await sim(["-w", "broadcast", "--time-limit", "1", "--rate", "0", "--recovery", "0", "--seed", "1", "--bin", reference("flood.mjs")]);
    expect(r.code).toBe(EXIT.unknown);
    expect(r.results?.valid).toBe("unknown");
    expect(r.results?.reasons?.[0]?.kind).toBe("no-stable");
  });

  it("a preset threshold missed: exit 1, with actual and required, and no good closing words", async () => {
    // 3d's 25 nodes flooding the grid, 500 ms a hop: a value takes seconds to reach every node.
    const r = await sim([...fast, "--preset", "3d", "--latency", "500", "--recovery", "6", "--bin", reference("flood.mjs")]);
    expect(r.code).toBe(EXIT.invalid);
    const results = required(r.results);
    expect(results.valid).toBe(true);
    expect(results.preset).toMatchObject({ name: "3d", pass: false });
    expect(results.reasons?.find((x) => x.kind === "threshold")).toMatchObject({ field: "median-latency-ms", expected: "< 400" });
    expect(r.stdout).toMatch(/preset 3d: median-latency-ms \d+, required < 400/);
    expect(r.stdout).not.toContain("Everything looks good!");
    expect(r.stdout.trim().split("\n").at(-1)).toContain("thresholds were missed");
  });

  it("records the run's identity, and replay runs it again with the same options and seed", async () => {
    const r = await sim([...fast, "--nemesis", "partition", "--nemesis-interval", "0.5", "--bin", reference("flood.mjs"), "--", "x"]);
    const id = required(r.results?.identity);
    expect(id).toMatchObject({ seed: 7, "node-count": 5, bin: { path: reference("flood.mjs"), args: ["x"] } });
    expect(id.bin.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(id.options).toMatchObject({ timeLimit: 2, rate: 10, latency: 0, topology: "grid", nemesis: ["partition"] });
    expect(id.machine.cores).toBeGreaterThan(0);
    const again = await sim([r.runDir], "replay");
    expect(again.code, again.stderr).toBe(r.code);
    const id2 = required(again.results?.identity);
    expect(id2.options["replay-args"]).toEqual(id.options["replay-args"]);
    expect(id2.seed).toBe(7);
    expect(id2.bin).toEqual(id.bin);
    // The nemesis's random stream is the seed's: the same cuts, in the same order.
    const cuts = (dir: string) => readRun(dir).files.partitions.map((p) => p.description);
    expect(cuts(again.runDir)).toEqual(cuts(r.runDir));
  });

});

describe("the bench's own load", () => {
  it("warns about a late event loop under a CPU hog, and not without one", async () => {
    // One after the other, so the hog never loads the quiet run.
    const quiet = await sim([...fast, "--bin", reference("flood.mjs")]);
    const hog = await sim([...fast, "--bin", reference("flood.mjs"), "--self-load", "60"]);
    const calm = required(quiet.results?.load);
    // The rest of the suite may load the machine for real; a quiet run warns exactly when its figures pass the thresholds.
    const late = calm["event-loop-delay-ms"].p99 - 10 > LOAD_WARN_P99_MS || calm["event-loop-delay-ms"].max - 10 > LOAD_WARN_MAX_MS;
    expect(calm.warning !== undefined).toBe(late);
    expect(quiet.stdout.includes("WARNING")).toBe(late);
    const load = required(hog.results?.load);
    expect(load["event-loop-delay-ms"].p99).toBeGreaterThan(50);
    expect(load["event-loop-delay-ms"].p99).toBeGreaterThan(calm["event-loop-delay-ms"].p99 + 20);
    expect(load.warning).toMatch(/event loop ran late/);
    expect(hog.stdout).toMatch(/WARNING {5}the bench's event loop ran late/);
    expect(report(hog.runDir)).toContain('id="load-warning"');
  });
});
