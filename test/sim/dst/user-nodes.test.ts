// The DST on nodes written with the library: the examples pass seeded fault schedules, broken nodes fail with their reason and a seed that replays.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AnyMessage, NodeSpec } from "../../../src/protocol/core.ts";
import { runSpecSchedule } from "../../../src/sim/dst/run-schedule.ts";
import { worldSchedule } from "../../../src/sim/dst/schedule.ts";
import { loadNodeSpec } from "../../../src/sim/running/load-spec.ts";
import type { WorkloadName } from "../../../src/sim/workloads/index.ts";
import { root } from "../../helpers/simulate.ts";

const dst = join(root, "scripts", "dst");

async function built(name: string): Promise<NodeSpec<AnyMessage, AnyMessage>> {
  const spec = await loadNodeSpec(join(root, "dist", name));
  if (typeof spec === "string") throw new Error(spec);
  return spec;
}

function failing(spec: NodeSpec<AnyMessage, AnyMessage>, workload: WorkloadName, seeds: number): Map<number, string[]> {
  const failed = new Map<number, string[]>();
  for (let seed = 0; seed < seeds; seed++) {
    const { failures } = runSpecSchedule(worldSchedule(seed, workload), spec);
    if (failures.length) failed.set(seed, failures);
  }
  return failed;
}

describe("the DST on library nodes", () => {
  // The flooding examples run 25-node clusters for the longest drawn schedules, so they get fewer seeds.
  it.each<[string, WorkloadName, number]>([
    ["echo", "echo", 50],
    ["unique-ids", "unique-ids", 50],
    ["broadcast", "broadcast", 25],
    ["g-counter", "g-counter", 25],
  ])("examples/%s passes %s's checker on every drawn fault schedule", async (example, workload, seeds) => {
    const spec = await built(`examples/${example}.mjs`);
    expect([...failing(spec, workload, seeds)]).toEqual([]);
  });

  it("judges a broadcast node that never retransmits invalid, naming the lost values, and its seed replays exactly", async () => {
    const broken = await built("test-nodes/kit-broadcast-no-retransmit.mjs");
    const [seed, failures] = [...failing(broken, "broadcast", 10)][0] ?? [];
    expect(seed).toBeDefined();
    expect(failures?.join("\n")).toMatch(/value \S+ lost: acknowledged by n\d+/);
    const first = runSpecSchedule(worldSchedule(seed as number, "broadcast"), broken, { trace: true });
    const again = runSpecSchedule(worldSchedule(seed as number, "broadcast"), broken, { trace: true });
    expect(first.failures).toEqual(failures);
    expect(again.failures).toEqual(first.failures);
    expect(again.trace).toEqual(first.trace);
    // The same schedule with retransmission passes: the failure is the missing retransmission's.
    expect(runSpecSchedule(worldSchedule(seed as number, "broadcast"), await built("examples/broadcast.mjs")).failures).toEqual([]);
  });

  it("judges an echo node that drops one echo in a hundred invalid on the schedules long enough to show it", async () => {
    const failed = failing(await built("test-nodes/kit-echo-drops.mjs"), "echo", 30);
    expect(failed.size).toBeGreaterThan(0);
    for (const failures of failed.values()) expect(failures.join("\n")).toMatch(/not echoed: it ended info \(net-timeout\)/);
  });
});

describe("scripts/dst --in-process", () => {
  const brokenModule = join(root, "dist", "test-nodes", "kit-broadcast-no-retransmit.mjs");

  it("prints each failing seed with its reason and a replay command, which reproduces the failure with a trace", () => {
    const run = spawnSync(dst, ["--in-process", brokenModule, "--workload", "broadcast", "--seeds", "3"], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(1);
    const replay = /replay: scripts\/dst (.*)/.exec(run.stdout)?.[1]?.split(" ");
    expect(replay).toContain("--seed");
    const failure = /^FAIL seed (\d+) .*\n((?: {2}value .*\n)+)/m.exec(run.stdout);
    expect(failure?.[2]).toMatch(/lost/);
    const again = spawnSync(dst, replay ?? [], { encoding: "utf8" });
    expect(again.status, again.stderr).toBe(1);
    expect(again.stdout).toContain(`FAIL seed ${failure?.[1]} `);
    expect(again.stdout).toContain(failure?.[2]);
    expect(again.stdout).toMatch(/^\d+\.\d{3} n\d+->n\d+ (lost|due \d+\.\d{3}) \{"type":"broadcast"/m);
  });

  it("passes an example and exits 0", () => {
    const run = spawnSync(dst, ["--in-process", join(root, "dist", "examples", "echo.mjs"), "--workload", "echo", "--seeds", "20"], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^schedules 20, failed 0, virtual time \d+ s/m);
  });
});
