// Runs one schedule on virtual time — the project's gossip node, or any node's spec — and checks the properties that apply to it.
import { DEFAULT_GOSSIP_INTERVAL_MS } from "../../engine/config.ts";
import { gossipNode } from "../../engine/spec.ts";
import type { AnyMessage, NodeSpec } from "../../protocol/core.ts";
import { runInProcess } from "../running/run-in-process.ts";
import type { VirtualRunOutput } from "../running/run-virtual.ts";
import type { Envelope } from "../world/network.ts";
import { workloads } from "../workloads/index.ts";
import type { Workload } from "../workloads/workload.ts";
import { inComponent } from "./in-component.ts";
import { boundedState, checkerValid, converges, exactReads, noNodeError, settles, type Property } from "./properties.ts";
import type { Schedule, WorldSchedule } from "./schedule.ts";

export interface ScheduleOutcome<S extends WorldSchedule = Schedule> {
  schedule: S;
  failures: string[];
  /** Virtual ms the run covered. */
  simulated: number;
  /** ms from the final heal until every node held every acknowledged value; undefined if never (or not measured). */
  convergence: number | undefined;
  trace?: string[];
}

type OnSend = (m: Envelope, deadline: number | undefined, now: number) => void;

/** The schedule's test on some node, recording every send to `onSend` when tracing. */
type Runner = (onSend: OnSend | undefined) => VirtualRunOutput;

/** Runs `runner` once, traced if asked, and collects every property's failures; an exception is a failure too. */
function judge<S extends WorldSchedule>(
  schedule: S,
  properties: readonly Property<never>[],
  runner: Runner,
  options: { trace?: boolean },
  convergence: () => number | undefined = () => undefined,
): ScheduleOutcome<S> {
  const trace: string[] | undefined = options.trace ? [] : undefined;
  const onSend = trace
    ? (m: Envelope, deadline: number | undefined, now: number): void => {
        const fate = deadline === undefined ? "lost" : `due ${deadline.toFixed(3)}`;
        trace.push(`${now.toFixed(3)} ${m.src}->${m.dest} ${fate} ${JSON.stringify(m.body)}`);
      }
    : undefined;
  const outcome = (failures: string[], simulated: number): ScheduleOutcome<S> => ({ schedule, failures, simulated, convergence: convergence(), ...(trace && { trace }) });
  try {
    const out = runner(onSend);
    return outcome(properties.flatMap((p) => p.failures(out)), out.simulated);
  } catch (err) {
    return outcome([`exception: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`], 0);
  }
}

/** The project's gossip node under the schedule's profile, against every property of the gossip node. */
export function runSchedule(schedule: Schedule, options: { trace?: boolean } = {}): ScheduleOutcome {
  const convergence = converges(schedule);
  const properties: Property[] = [exactReads(schedule.workload), noNodeError, convergence, settles(), boundedState()];
  // Only the star routes around a cut (gossip along an offered topology follows it wherever a cut
  // splits it), and only pushing spreads values into every node's state: a pull profile's leaves
  // take them in when read, and are judged by their reads.
  if (schedule.config.overlay === "star" && !schedule.config.pull) properties.push(inComponent(schedule.workload));
  const node = gossipNode(schedule.config, DEFAULT_GOSSIP_INTERVAL_MS);
  const workload: Workload = workloads[schedule.workload];
  const runner: Runner = (onSend) =>
    runInProcess({
      workload,
      test: schedule.test,
      node,
      ...(onSend && { onSend }),
      onPhase: (phase, run) => {
        for (const p of properties) p.watch?.[phase]?.(run);
      },
    });
  return judge(schedule, properties, runner, options, () => convergence.convergence);
}

/**
 * Any node's spec (a user's module) on the same seeded world and faults, judged by its workload's
 * checker: the properties that hold of every node, since nothing of its insides is known.
 */
export function runSpecSchedule(schedule: WorldSchedule, node: NodeSpec<AnyMessage, AnyMessage>, options: { trace?: boolean } = {}): ScheduleOutcome<WorldSchedule> {
  const workload: Workload = workloads[schedule.workload];
  const runner: Runner = (onSend) => runInProcess({ workload, test: schedule.test, node, ...(onSend && { onSend }) });
  return judge(schedule, [checkerValid], runner, options);
}
