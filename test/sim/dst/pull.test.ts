// The pull profile under Maelstrom's partitions, in virtual time: nothing lost, every final read exact, no read left to time out.
import { describe, expect, it } from "vitest";
import { profiles } from "../../../src/engine/config.ts";
import { runVirtual } from "../../../src/sim/running/run-virtual.ts";
import { broadcastWorkload } from "../../../src/sim/workloads/broadcast/workload.ts";
import { gCounterWorkload } from "../../../src/sim/workloads/g-counter/workload.ts";
import { gSetWorkload } from "../../../src/sim/workloads/g-set/workload.ts";
import { presetOptions } from "../../helpers/preset-options.ts";
import { pnCounterWorkload } from "../../../src/sim/workloads/pn-counter/workload.ts";
import type { Op } from "../../../src/sim/checking/history.ts";
import type { Workload } from "../../../src/sim/workloads/workload.ts";


/**
 * Ops that timed out at the client: a pull must never leave a read to one. Reads a node refused
 * before it knew its workload (error 11, as in every profile) are not timeouts.
 */
const timedOut = (history: readonly Op[]): number => history.filter((op) => op.type === "info" && !op.error?.startsWith("error 11")).length;

describe("the pull profile under partitions", () => {
  for (const preset of ["3c", "3d", "3e"]) {
    it(`${preset}: 20 seeds lose nothing, and no op times out`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const { results, history } = runVirtual({ workload: broadcastWorkload, test: presetOptions(preset, seed), config: profiles.pull, tickInterval: 10 });
        expect({ seed, valid: results.valid, lost: results.workload.lost, timedOut: timedOut(history) }).toEqual({ seed, valid: true, lost: [], timedOut: 0 });
      }
    });
  }

  const others: readonly [string, Workload][] = [gSetWorkload, gCounterWorkload, pnCounterWorkload].map((w): [string, Workload] => [w.name, w]);
  it.each(others)("%s: 10 seeds on 3d's cluster, every final read exact", (_name, workload) => {
    for (let seed = 1; seed <= 10; seed++) {
      const test = presetOptions("3d", seed, { timeLimit: 8 });
      const { results, history } = runVirtual({ workload, test, config: profiles.pull, tickInterval: 10 });
      expect({ seed, valid: results.valid, timedOut: timedOut(history) }).toEqual({ seed, valid: true, timedOut: 0 });
      if (workload === gSetWorkload) continue;
      const finals = history.filter((op) => op.final === true && op.type === "ok" && op.f === "read");
      expect(finals.length).toBe(test.concurrency);
      expect(new Set(finals.map((op) => op.value)).size).toBe(1);
    }
  });
});
