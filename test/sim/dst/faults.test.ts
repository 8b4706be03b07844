// The simulator's self-checks: the faults a schedule draws really happen in its run.
import { describe, expect, it } from "vitest";
import { DEFAULT_GOSSIP_INTERVAL_MS } from "../../../src/engine/config.ts";
import { makeSchedule } from "../../../src/sim/dst/schedule.ts";
import { runVirtual } from "../../../src/sim/running/run-virtual.ts";
import { broadcastWorkload } from "../../../src/sim/workloads/broadcast/workload.ts";

describe("DST schedules do what they draw", () => {
  it("loses, duplicates and cuts messages whenever a schedule says so", () => {
    const checked = { loss: 0, duplication: 0, cuts: 0 };
    let cutsThatDropped = 0;
    for (let seed = 0; seed < 120; seed++) {
      const schedule = makeSchedule(seed, "default");
      if (schedule.test.nodeCount === undefined || schedule.test.nodeCount < 2) continue;
      const seen = new Map<number, number>();
      let lost = 0;
      let queued = 0;
      let delivered = 0;
      /** Sends between servers, the only ones the simulator loses or duplicates. */
      let betweenServers = 0;
      runVirtual({
        workload: broadcastWorkload,
        test: schedule.test,
        config: schedule.config,
        tickInterval: DEFAULT_GOSSIP_INTERVAL_MS,
        onSend: (m, deadline) => {
          if (m.id === undefined) return;
          if (m.src.startsWith("n") && m.dest.startsWith("n") && !seen.has(m.id)) betweenServers++;
          if (deadline === undefined) lost++;
          else queued++;
          seen.set(m.id, (seen.get(m.id) ?? 0) + 1);
        },
        onPhase: (phase, run) => {
          if (phase === "checking") delivered = run.test.network.totals.all.recv;
        },
      });
      const duplicated = [...seen.values()].filter((n) => n > 1).length;
      // Only where the draw makes a fault all but certain: at least ten expected.
      if ((schedule.test.lossRate ?? 0) * betweenServers >= 10) {
        expect(lost, `seed ${seed}`).toBeGreaterThan(0);
        checked.loss++;
      }
      if ((schedule.test.duplicateRate ?? 0) * betweenServers >= 10) {
        expect(duplicated, `seed ${seed}`).toBeGreaterThan(0);
        checked.duplication++;
      }
      if (schedule.test.nemesis && schedule.test.timeLimit >= 4) {
        // Copies queued but never delivered were dropped by a partition when dequeued. A
        // partition that separates no pair of nodes that talk (leaves only, on the star) drops nothing.
        checked.cuts++;
        if (queued - delivered > 0) cutsThatDropped++;
      }
    }
    expect(checked.loss).toBeGreaterThan(10);
    expect(checked.duplication).toBeGreaterThan(10);
    expect(checked.cuts).toBeGreaterThan(10);
    expect(cutsThatDropped).toBeGreaterThanOrEqual(0.75 * checked.cuts);
  });

  it("isolates the drawn node: nothing sent between it and another server while the cut lasts arrives before the heal, and traffic flows before and after", () => {
    let checked = 0;
    for (let seed = 0; seed < 400 && checked < 3; seed++) {
      const schedule = makeSchedule(seed, "default", undefined, undefined, "broadcast");
      const plan = schedule.test.isolate;
      if (!plan || plan.until - plan.from < 2) continue;
      checked++;
      const node = plan.node ?? "n0";
      let start = 0;
      let crossingDuring = 0;
      let crossingOutside = 0;
      const sentAt = new Map<number, number>();
      const out = runVirtual({
        workload: broadcastWorkload,
        test: schedule.test,
        config: schedule.config,
        tickInterval: DEFAULT_GOSSIP_INTERVAL_MS,
        onPhase: (phase, run) => {
          if (phase === "workload") start = run.scheduler.now();
        },
        onSend: (m, _deadline, now) => {
          if (m.id !== undefined) sentAt.set(m.id, now);
        },
        onDeliver: (m, now) => {
          const crossing = (m.src === node) !== (m.dest === node) && /^n\d+$/.test(m.src) && /^n\d+$/.test(m.dest);
          if (!crossing) return;
          // Maelstrom's queues judge a message against the partition when they take it, so one
          // taken before the cut may still land in it; nothing sent during the cut may.
          const sent = sentAt.get(m.id ?? -1) ?? 0;
          if (sent >= start + plan.from * 1000 && now < start + plan.until * 1000) crossingDuring++;
          else crossingOutside++;
        },
      });
      expect(crossingDuring, `seed ${seed}`).toBe(0);
      expect(crossingOutside, `seed ${seed}`).toBeGreaterThan(0);
      expect(out.partitions[0], `seed ${seed}`).toMatchObject({ f: "start-partition", time: start + plan.from * 1000, description: `isolate [${node}] cut off` });
      expect(out.partitions[0]?.components?.find((c) => c.includes(node))).toEqual([node]);
    }
    expect(checked).toBe(3);
  });
});
