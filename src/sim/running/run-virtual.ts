// Any gossip workload's test with the project's own cores in this process on a virtual clock, as the DST and the benchmarks run it.
import type { GossipConfig } from "../../engine/config.ts";
import type { GossipNode } from "../../engine/node.ts";
import { gossipNode } from "../../engine/spec.ts";
import type { InboundMessage, OutboundMessage } from "../../protocol/messages.ts";
import type { WorkloadResult } from "../checking/results.ts";
import type { TestOptions } from "../workloads/options.ts";
import type { Phase } from "../workloads/phases.ts";
import type { Workload } from "../workloads/workload.ts";
import type { Envelope } from "../world/network.ts";
import { runInProcess, type InProcessRun, type InProcessRunOutput } from "./run-in-process.ts";

export interface VirtualRunOptions<R extends WorkloadResult> {
  test: TestOptions;
  /** The workload the clients run; the cores learn it from what they receive, as the real node does. */
  workload: Workload<R>;
  config: GossipConfig;
  /** The runtime's timer period in ms. */
  tickInterval: number;
  /** Every message sent, for traces. */
  onSend?: (message: Envelope, deadline: number | undefined, now: number) => void;
  /** Every message handed to its receiver. */
  onDeliver?: (message: Envelope, now: number) => void;
  /** Phase changes, with the run's insides, for properties checked mid-run. */
  onPhase?: (phase: Phase, run: VirtualRun<R>) => void;
}

export type VirtualRun<R extends WorkloadResult = WorkloadResult> = InProcessRun<R, InboundMessage, OutboundMessage, GossipNode>;
export type VirtualRunOutput<R extends WorkloadResult = WorkloadResult> = InProcessRunOutput<R>;

/** The gossip node's cores through any gossip workload, on the generic in-process driver. */
export function runVirtual<R extends WorkloadResult>(options: VirtualRunOptions<R>): VirtualRunOutput<R> {
  const { config, tickInterval, ...run } = options;
  return runInProcess({ ...run, node: gossipNode(config, tickInterval) });
}
