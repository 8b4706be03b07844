// The deterministic simulator: seeded schedules pass, traces repeat, defects are caught.
import { describe, expect, it } from "vitest";
import { profiles, type ProfileName } from "../../../src/engine/config.ts";
import { runSchedule } from "../../../src/sim/dst/run-schedule.ts";
import { makeSchedule, type Defect } from "../../../src/sim/dst/schedule.ts";
import { runVirtual } from "../../../src/sim/running/run-virtual.ts";
import { presetOptions } from "../../helpers/preset-options.ts";
import type { LatencyDist } from "../../../src/sim/world/latency.ts";
import { broadcastWorkload } from "../../../src/sim/workloads/broadcast/workload.ts";
import { gCounterWorkload } from "../../../src/sim/workloads/g-counter/workload.ts";
import { gSetWorkload } from "../../../src/sim/workloads/g-set/workload.ts";
import { pnCounterWorkload } from "../../../src/sim/workloads/pn-counter/workload.ts";
import type { Workload } from "../../../src/sim/workloads/workload.ts";

const profileNames: ProfileName[] = ["default", "frugal", "mesh", "pull"];

function firstFailingSeed(defect: Defect, limit: number): number | undefined {
  for (let seed = 0; seed < limit; seed++) {
    if (runSchedule(makeSchedule(seed, "default", defect)).failures.length) return seed;
  }
  return undefined;
}

describe("deterministic simulation", () => {
  it("passes 1,000 seeded fault schedules across every profile", () => {
    const failures: string[] = [];
    for (let seed = 0; seed < 1000; seed++) {
      const outcome = runSchedule(makeSchedule(seed, profileNames[seed % profileNames.length] as ProfileName));
      if (outcome.failures.length) failures.push(`seed ${seed}: ${outcome.failures.join("; ")}`);
    }
    expect(failures).toEqual([]);
  });

  it("holds the in-component property when the hub is cut off: the other nodes' component routes around it", () => {
    const base = makeSchedule(7, "default", undefined, 5, "broadcast");
    const schedule = { ...base, test: { ...base.test, nemesis: false, lossRate: 0, duplicateRate: 0, timeLimit: 10, isolate: { node: "n0", from: 1, until: 8 } } };
    const outcome = runSchedule(schedule);
    expect(outcome.failures).toEqual([]);
  });

  it("gives byte-identical message traces for the same seed", () => {
    const a = runSchedule(makeSchedule(42, "default"), { trace: true }).trace ?? [];
    const b = runSchedule(makeSchedule(42, "default"), { trace: true }).trace ?? [];
    expect(a.length).toBeGreaterThan(100);
    expect(b.join("\n")).toBe(a.join("\n"));
    const other = runSchedule(makeSchedule(43, "default"), { trace: true }).trace ?? [];
    expect(other.join("\n")).not.toBe(a.join("\n"));
  });

  it.each<Defect>(["noRetransmit", "ackOffByOne"])("finds the deliberate defect %s and replays its failure identically", (defect) => {
    const seed = firstFailingSeed(defect, 300);
    expect(seed).toBeDefined();
    const first = runSchedule(makeSchedule(seed as number, "default", defect), { trace: true });
    const again = runSchedule(makeSchedule(seed as number, "default", defect), { trace: true });
    expect(first.failures.length).toBeGreaterThan(0);
    expect(again.failures).toEqual(first.failures);
    expect(again.trace).toEqual(first.trace);
    // The same seed without the defect passes: the failure is the defect's.
    expect(runSchedule(makeSchedule(seed as number, "default")).failures).toEqual([]);
  });
});


describe("validity under Maelstrom's partitions, in virtual time", () => {
  for (const preset of ["3c", "3d", "3e"]) {
    for (const profile of ["default", "frugal"] as const) {
      it(`${preset}, ${profile} profile: 20 seeds lose nothing`, () => {
        for (let seed = 1; seed <= 20; seed++) {
          const { results } = runVirtual({ workload: broadcastWorkload, test: presetOptions(preset, seed), config: profiles[profile], tickInterval: 10 });
          expect({ seed, valid: results.valid, lost: results.workload.lost }).toEqual({ seed, valid: true, lost: [] });
        }
      });
    }
  }

  const others: readonly [string, Workload][] = [gSetWorkload, gCounterWorkload, pnCounterWorkload].map((w): [string, Workload] => [w.name, w]);
  it.each(others)("%s, default and frugal: 20 seeds on 3d's cluster under partitions, every final read exact", (_name, workload) => {
    for (let seed = 1; seed <= 20; seed++) {
      const profile = seed % 2 ? "default" : "frugal";
      const test = presetOptions("3d", seed, { timeLimit: 8 });
      const { results, history } = runVirtual({ workload, test, config: profiles[profile], tickInterval: 10 });
      expect({ seed, valid: results.valid }).toEqual({ seed, valid: true });
      if (workload === gSetWorkload) continue;
      // Every worker's final read is ok and the same sum: converged and exact.
      const finals = history.filter((op) => op.final === true && op.type === "ok" && op.f === "read");
      expect(finals.length).toBe(test.concurrency);
      expect(new Set(finals.map((op) => op.value)).size).toBe(1);
    }
  });

  it("preset 4 (g-counter, 3 nodes, partitions): 20 seeds valid, every schedule's properties hold", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { results } = runVirtual({ workload: gCounterWorkload, test: presetOptions("4", seed), config: profiles.default, tickInterval: 10 });
      expect({ seed, valid: results.valid }).toEqual({ seed, valid: true });
    }
  });

  it.each(["g-set", "g-counter", "pn-counter"] as const)("%s: 20 drawn fault schedules pass every property", (workload) => {
    const failures: string[] = [];
    for (let seed = 0; seed < 20; seed++) {
      const outcome = runSchedule(makeSchedule(seed, profileNames[seed % profileNames.length] as ProfileName, undefined, undefined, workload));
      if (outcome.failures.length) failures.push(`seed ${seed}: ${outcome.failures.join("; ")}`);
    }
    expect(failures).toEqual([]);
  });

  it.each<LatencyDist>(["uniform", "exponential"])("stays valid with %s latency under partitions", (latencyDist) => {
    for (let seed = 1; seed <= 5; seed++) {
      for (const profile of ["default", "frugal"] as const) {
        const { results } = runVirtual({ workload: broadcastWorkload, test: presetOptions("3d", seed, { latencyDist }), config: profiles[profile], tickInterval: 10 });
        expect({ seed, profile, valid: results.valid }).toEqual({ seed, profile, valid: true });
      }
    }
  });
});
