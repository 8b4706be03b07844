import { profiles, type GossipConfig, type ProfileName } from "../broadcast/config.ts";
import { latencyDists } from "./latency.ts";
import type { Envelope } from "./network.ts";
import { simulatorShapes } from "./partitions.ts";
import { Rng } from "./rng.ts";
import { runVirtual, type VirtualRun } from "./run-virtual.ts";
import { defaultTestOptions, serverIds, type TestOptions } from "./test-run.ts";
import { makeTopology, topologyNames, type Topology } from "./topology.ts";

/** The node's timer period in the simulator, as the runtime's default. */
export const DST_TICK_MS = 10;

export type Defect = keyof NonNullable<GossipConfig["defects"]>;
export const defects: readonly Defect[] = ["noRetransmit", "ackOffByOne"];

/** One seeded fault schedule: everything about a run follows from the seed and the profile. */
export interface Schedule {
  seed: number;
  profile: ProfileName;
  test: TestOptions;
  config: GossipConfig;
}

/**
 * Draws a schedule from the seed: cluster size, load, latency, topology, partitions of every
 * Maelstrom shape and random one-way cuts at random times, and — beyond Maelstrom — message loss
 * and duplication until the final heal.
 */
export function makeSchedule(seed: number, profile: ProfileName, defect?: Defect, nodes?: number): Schedule {
  const rng = new Rng(seed);
  const drawn = rng.pick([1, 2, 3, 3, 5, 5, 5, 7, 10, 25]);
  const nodeCount = nodes ?? drawn;
  const latencyDist = rng.pick(latencyDists);
  const test: TestOptions = {
    ...defaultTestOptions,
    nodeCount,
    timeLimit: 2 + rng.int(9),
    rate: rng.pick([5, 10, 30, 100]),
    latency: latencyDist === "constant" ? rng.pick([0, 5, 50, 100]) : rng.pick([5, 50, 100]),
    latencyDist,
    topology: rng.pick(topologyNames),
    nemesis: rng.next() < 0.8,
    nemesisInterval: rng.pick([0.2, 0.5, 1, 3]),
    concurrency: nodeCount * rng.pick([1, 1, 2]),
    seed,
    recovery: 10,
    lossRate: rng.pick([0, 0, 0.01, 0.1, 0.3]),
    duplicateRate: rng.pick([0, 0, 0.05, 0.2]),
    partitionShapes: simulatorShapes,
  };
  const config: GossipConfig = { ...profiles[profile], ...(defect && { defects: { [defect]: true } }) };
  return { seed, profile, test, config };
}

export interface ScheduleOutcome {
  schedule: Schedule;
  failures: string[];
  /** Virtual ms the run covered, and scheduler events it took. */
  simulated: number;
  steps: number;
  /** ms from the final heal until every node held every acknowledged value; undefined if never. */
  convergence: number | undefined;
  bound: number;
  trace?: string[];
}

/**
 * How long after the final heal every node must hold every acknowledged value: per hop, a
 * retransmission timeout, a batching delay, a timer tick and the slowest latency seen, doubled
 * for slack. Hops: two through the star's hub, or the offered topology's diameter.
 */
export function convergenceBound(schedule: Schedule, maxLatency: number): number {
  const { config, test } = schedule;
  const ids = serverIds(test.nodeCount);
  const hops = config.overlay === "star" ? 2 : diameter(makeTopology(test.topology, ids), ids);
  const perHop = config.rtoMax + Math.max(config.fanoutDelay, config.forwardDelay) + DST_TICK_MS + maxLatency;
  return 2 * Math.max(1, hops) * perHop + config.ackMax;
}

function diameter(topology: Topology, ids: readonly string[]): number {
  let worst = 0;
  for (const from of ids) {
    const dist = new Map([[from, 0]]);
    const queue = [from];
    while (queue.length) {
      const at = queue.shift() as string;
      for (const next of topology[at] ?? []) {
        if (!dist.has(next)) {
          dist.set(next, (dist.get(at) as number) + 1);
          queue.push(next);
        }
      }
    }
    // A disconnected offered topology (a one-node line) leaves nothing to cross.
    for (const d of dist.values()) worst = Math.max(worst, d);
  }
  return worst;
}

/** Runs one schedule and checks the properties; `trace` records every message. */
export function runSchedule(schedule: Schedule, options: { trace?: boolean } = {}): ScheduleOutcome {
  const failures: string[] = [];
  const trace: string[] | undefined = options.trace ? [] : undefined;
  let convergence: number | undefined;
  let bound = 0;
  let pendingAtEnd: string[] = [];
  const onSend = trace
    ? (m: Envelope, deadline: number | undefined, now: number): void => {
        const fate = deadline === undefined ? "lost" : `due ${deadline.toFixed(3)}`;
        trace.push(`${now.toFixed(3)} ${m.src}->${m.dest} ${fate} ${JSON.stringify(m.body)}`);
      }
    : undefined;
  let healedAt: number | undefined;
  /** Latest arrival of an acknowledged value at any node, or undefined if some node lacks one. */
  const lastArrival = (run: VirtualRun): number | undefined => {
    let latest = 0;
    for (const node of run.nodes.values()) {
      const arrivals = node.core.arrivals();
      for (const value of run.test.acknowledged()) {
        const at = arrivals.get(JSON.stringify(value));
        if (at === undefined) return undefined;
        latest = Math.max(latest, at);
      }
    }
    return latest;
  };
  try {
    const out = runVirtual({
      test: schedule.test,
      config: schedule.config,
      tickInterval: DST_TICK_MS,
      ...(onSend && { onSend }),
      onPhase: (phase, run) => {
        if (phase === "recovery") {
          healedAt = run.scheduler.now();
          bound = convergenceBound(schedule, run.test.network.maxLatency);
        }
        if (phase === "final reads" && healedAt !== undefined) {
          const at = lastArrival(run);
          if (at !== undefined) convergence = Math.max(0, at - healedAt);
        }
        if (phase === "checking") {
          pendingAtEnd = [...run.nodes.entries()]
            .map(([id, node]) => [id, node.core.pending().maxUnacknowledged] as const)
            .filter(([, n]) => n > 0)
            .map(([id, n]) => `${id} has ${n} unacknowledged entries`);
        }
      },
    });
    const r = out.results;
    if (r.workload["lost-count"] > 0) failures.push(`lost ${r.workload["lost-count"]} acknowledged values: ${r.workload.lost.slice(0, 10).join(" ")}`);
    for (const e of r["node-errors"] ?? []) failures.push(`node error: ${e}`);
    if (convergence === undefined) failures.push(`some node still lacked an acknowledged value at the final reads, ${schedule.test.recovery} s after the final heal`);
    else if (convergence > bound) failures.push(`converged ${convergence.toFixed(0)} ms after the final heal, over the bound of ${bound.toFixed(0)} ms`);
    if (pendingAtEnd.length) failures.push(`unacknowledged state left at the end: ${pendingAtEnd.slice(0, 3).join("; ")}`);
    return { schedule, failures, simulated: out.simulated, steps: out.steps, convergence, bound, ...(trace && { trace }) };
  } catch (err) {
    failures.push(`exception: ${(err as Error).stack ?? String(err)}`);
    return { schedule, failures, simulated: 0, steps: 0, convergence, bound, ...(trace && { trace }) };
  }
}

export function describeSchedule(s: Schedule): string {
  const t = s.test;
  return (
    `${t.nodeCount} nodes, ${t.timeLimit} s at ${t.rate}/s, concurrency ${t.concurrency}, latency ${t.latency} ${t.latencyDist}, ` +
    `topology ${t.topology}, ${t.nemesis ? `partitions every ~${t.nemesisInterval} s` : "no partitions"}, ` +
    `loss ${t.lossRate ?? 0}, duplication ${t.duplicateRate ?? 0}`
  );
}
