// Any gossip workload's test with every node's core in this process on a virtual clock: a whole run in milliseconds, fixed by its seed.
import type { GossipConfig } from "../../engine/config.ts";
import type { WorkloadResult } from "../checking/results.ts";
import type { TestOptions } from "../workloads/options.ts";
import type { Workload } from "../workloads/workload.ts";
import { TestPhases, type Phase, type RunOutput } from "../workloads/phases.ts";
import type { Envelope } from "../world/network.ts";
import { Rng } from "../world/rng.ts";
import { VirtualScheduler } from "../world/scheduler.ts";
import { CoreNode } from "./core-node.ts";

export interface VirtualRunOptions<R extends WorkloadResult> {
  test: TestOptions;
  /** The workload the clients run; the cores learn it from what they receive, as the real node does. */
  workload: Workload<R>;
  config: GossipConfig;
  /** The runtime's timer period in ms. */
  tickInterval: number;
  /** Every message sent, for traces. */
  onSend?: (message: Envelope, deadline: number | undefined, now: number) => void;
  /** Phase changes, with the run's insides, for properties checked mid-run. */
  onPhase?: (phase: Phase, run: VirtualRun<R>) => void;
}

export interface VirtualRun<R extends WorkloadResult = WorkloadResult> {
  scheduler: VirtualScheduler;
  test: TestPhases<R>;
  nodes: Map<string, CoreNode>;
}

export interface VirtualRunOutput<R extends WorkloadResult = WorkloadResult> extends RunOutput<R> {
  /** Virtual ms simulated. */
  simulated: number;
}

/** The same test steps as the process bench; the cores are the node's own. */
export function runVirtual<R extends WorkloadResult>(options: VirtualRunOptions<R>): VirtualRunOutput<R> {
  const scheduler = new VirtualScheduler();
  const phases = new Rng(options.test.seed ^ 0x7f4a7c15);
  const nodes = new Map<string, CoreNode>();
  let output: RunOutput<R> | undefined;
  const test: TestPhases<R> = new TestPhases(options.test, options.workload, {
    scheduler,
    makeNode: (id, sink) => {
      const node = new CoreNode(id, sink, {
        config: options.config,
        scheduler,
        tickInterval: options.tickInterval,
        phase: phases.next() * options.tickInterval,
      });
      nodes.set(id, node);
      return node;
    },
    onDone: (out) => {
      output = out;
    },
    ...(options.onSend && { onSend: (m: Envelope, deadline: number | undefined) => options.onSend?.(m, deadline, scheduler.now()) }),
    onPhase: (phase) => options.onPhase?.(phase, { scheduler, test, nodes }),
  });
  test.start();
  scheduler.run(() => output !== undefined);
  if (!output) throw new Error("the simulated test ran out of events before it finished");
  return { ...output, simulated: scheduler.now() };
}
