// The broadcast test with the project's own gossip cores in this process on a virtual clock, as the DST and the benchmarks run it.
import type { BroadcastNode } from "../../broadcast/node.ts";
import type { GossipConfig } from "../../broadcast/config.ts";
import { gossipNode } from "../../broadcast/spec.ts";
import type { InboundMessage, OutboundMessage } from "../../protocol/messages.ts";
import type { SetFullResult } from "../checking/results.ts";
import { broadcastWorkload } from "../workloads/broadcast/workload.ts";
import type { TestOptions } from "../workloads/options.ts";
import type { Phase } from "../workloads/phases.ts";
import type { Envelope } from "../world/network.ts";
import { runInProcess, type InProcessRun, type InProcessRunOutput } from "./run-in-process.ts";

export interface VirtualRunOptions {
  test: TestOptions;
  config: GossipConfig;
  /** The runtime's timer period in ms. */
  tickInterval: number;
  /** Every message sent, for traces. */
  onSend?: (message: Envelope, deadline: number | undefined, now: number) => void;
  /** Phase changes, with the run's insides, for properties checked mid-run. */
  onPhase?: (phase: Phase, run: VirtualRun) => void;
}

export type VirtualRun = InProcessRun<SetFullResult, InboundMessage, OutboundMessage, BroadcastNode>;
export type VirtualRunOutput = InProcessRunOutput<SetFullResult>;

/** The gossip node's cores through broadcast, on the generic in-process driver. */
export function runVirtual(options: VirtualRunOptions): VirtualRunOutput {
  const { test, config, tickInterval, ...hooks } = options;
  return runInProcess({ test, workload: broadcastWorkload, node: gossipNode(config, tickInterval), ...hooks });
}
