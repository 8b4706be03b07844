// Runs one schedule on virtual time and checks every property on it; with `trace`, records every message.
import { DEFAULT_GOSSIP_INTERVAL_MS } from "../../engine/config.ts";
import { runVirtual } from "../running/run-virtual.ts";
import type { Envelope } from "../world/network.ts";
import { workloads } from "../workloads/index.ts";
import type { Workload } from "../workloads/workload.ts";
import { inComponent } from "./in-component.ts";
import { boundedState, converges, exactReads, noNodeError, settles, type Property } from "./properties.ts";
import type { Schedule } from "./schedule.ts";

/** Properties checked only when asked for: they wait on the engine to hold them. */
export const optionalChecks = ["in-component"] as const;
export type OptionalCheck = (typeof optionalChecks)[number];

export interface ScheduleOutcome {
  schedule: Schedule;
  failures: string[];
  /** Virtual ms the run covered. */
  simulated: number;
  /** ms from the final heal until every node held every acknowledged value; undefined if never. */
  convergence: number | undefined;
  trace?: string[];
}

export function runSchedule(schedule: Schedule, options: { trace?: boolean; checks?: readonly OptionalCheck[] } = {}): ScheduleOutcome {
  const trace: string[] | undefined = options.trace ? [] : undefined;
  const convergence = converges(schedule);
  const properties: Property[] = [exactReads(schedule.workload), noNodeError, convergence, settles(), boundedState()];
  if (options.checks?.includes("in-component")) properties.push(inComponent(schedule.workload));
  const onSend = trace
    ? (m: Envelope, deadline: number | undefined, now: number): void => {
        const fate = deadline === undefined ? "lost" : `due ${deadline.toFixed(3)}`;
        trace.push(`${now.toFixed(3)} ${m.src}->${m.dest} ${fate} ${JSON.stringify(m.body)}`);
      }
    : undefined;
  const outcome = (failures: string[], simulated: number): ScheduleOutcome => ({
    schedule,
    failures,
    simulated,
    convergence: convergence.convergence,
    ...(trace && { trace }),
  });
  try {
    const workload: Workload = workloads[schedule.workload];
    const out = runVirtual({
      workload,
      test: schedule.test,
      config: schedule.config,
      tickInterval: DEFAULT_GOSSIP_INTERVAL_MS,
      ...(onSend && { onSend }),
      onPhase: (phase, run) => {
        for (const p of properties) p.watch?.[phase]?.(run);
      },
    });
    return outcome(properties.flatMap((p) => p.failures(out)), out.simulated);
  } catch (err) {
    return outcome([`exception: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`], 0);
  }
}
