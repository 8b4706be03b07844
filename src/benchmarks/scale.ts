// One broadcast run of the node's cores at a given cluster size, in virtual time: messages per op, the busiest node's send rate, delivery latency, and the simulator's own run time.
import { DEFAULT_GOSSIP_INTERVAL_MS, type GossipConfig } from "../engine/config.ts";
import { runVirtual } from "../sim/running/run-virtual.ts";
import { broadcastWorkload } from "../sim/workloads/broadcast/workload.ts";
import type { VisibilityResult } from "../sim/checking/visibility.ts";
import { defaultTestOptions, type TestOptions } from "../sim/workloads/options.ts";
import { breakDown, type VisibilityBreakdown } from "./visibility-breakdown.ts";

export interface ScaleRun {
  config: GossipConfig;
  nodes: number;
  /** Client operations per second, in total. */
  rate: number;
  latency: number;
  /** Seconds of workload. */
  timeLimit: number;
  seed: number;
  /** One node cut off from every other, seconds into the workload. */
  isolate?: { node: string; from: number; until: number };
  /** Seconds into the workload: break the visibility of this window down (the cut's, if any, leaves out the cut-off node). */
  breakDown?: { from: number; until: number };
}

export interface ScaleFigures {
  msgsPerOp: number;
  /** The busiest node's server-to-server sends during the workload, per second of it. */
  maxSendsPerSecond: number;
  latency: { median: number; p99: number; max: number } | undefined;
  valid: boolean;
  /** With `isolate`: how soon the other nodes saw each other's values while it lasted. */
  visibility?: VisibilityResult;
  /** With `breakDown`: where the window's visibility delay went. */
  breakdown?: VisibilityBreakdown;
  /** Wall-clock ms the simulator took. */
  runMs: number;
  /** CPU ms it took (user and system): on a shared machine, steadier than the wall clock. */
  cpuMs: number;
}

/** The test a scale run drives: one client per node, as `--concurrency 1n`. */
export function scaleTest(run: ScaleRun): TestOptions {
  return { ...defaultTestOptions, nodeCount: run.nodes, timeLimit: run.timeLimit, rate: run.rate, latency: run.latency, concurrency: run.nodes, seed: run.seed, ...(run.isolate && { isolate: run.isolate }) };
}

export function measureScale(run: ScaleRun): ScaleFigures {
  const sends = new Map<string, number>();
  const servers = new Set<string>();
  let window: { from: number; to: number } | undefined;
  let arrivals = new Map<string, Map<string, number>>();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const out = runVirtual({
    workload: broadcastWorkload,
    test: scaleTest(run),
    config: run.config,
    tickInterval: DEFAULT_GOSSIP_INTERVAL_MS,
    onPhase: (phase, insides) => {
      if (phase === "workload") {
        for (const id of insides.nodes.keys()) servers.add(id);
        window = { from: insides.scheduler.now(), to: insides.scheduler.now() + run.timeLimit * 1000 };
      }
      if (phase === "final reads" && run.breakDown) arrivals = new Map([...insides.nodes].map(([id, n]) => [id, n.core.arrivals()]));
    },
    onSend: (m, _deadline, now) => {
      if (!window || now < window.from || now >= window.to || !servers.has(m.src) || !servers.has(m.dest)) return;
      sends.set(m.src, (sends.get(m.src) ?? 0) + 1);
    },
  });
  const runMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const l = out.results.workload["stable-latencies"];
  const span = run.breakDown;
  const start = window?.from ?? 0;
  const breakdown = span && breakDown(out.history, { nodes: [...servers], cutOff: run.isolate ? [run.isolate.node] : [], from: start + span.from * 1000, until: start + span.until * 1000, addF: "broadcast" }, arrivals);
  return {
    msgsPerOp: out.results.net.servers["msgs-per-op"],
    maxSendsPerSecond: Math.max(0, ...sends.values()) / run.timeLimit,
    latency: l && { median: l["0.5"], p99: l["0.99"], max: l["1"] },
    valid: out.results.valid === true,
    ...(out.results.visibility && { visibility: out.results.visibility }),
    ...(breakdown && { breakdown }),
    runMs,
    cpuMs,
  };
}
