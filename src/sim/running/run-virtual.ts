import type { GossipConfig } from "../../broadcast/config.ts";
import { CoreNode } from "./core-node.ts";
import type { Envelope } from "../world/network.ts";
import { Rng } from "../world/rng.ts";
import { VirtualScheduler } from "../world/scheduler.ts";
import { BroadcastTest, type RunOutput, type TestOptions } from "../workloads/phases.ts";

export interface VirtualRunOptions {
  test: TestOptions;
  config: GossipConfig;
  /** The runtime's timer period in ms. */
  tickInterval: number;
  /** Every message sent, for traces. */
  onSend?: (message: Envelope, deadline: number | undefined, now: number) => void;
  /** Phase changes, with the run's insides, for properties checked mid-run. */
  onPhase?: (phase: string, run: VirtualRun) => void;
}

export interface VirtualRun {
  scheduler: VirtualScheduler;
  test: BroadcastTest;
  nodes: Map<string, CoreNode>;
}

export interface VirtualRunOutput extends RunOutput {
  nodes: Map<string, CoreNode>;
  /** Events the scheduler ran: a measure of simulation work. */
  steps: number;
  /** Virtual ms simulated. */
  simulated: number;
}

/**
 * The broadcast test with every node's core in this process on a virtual clock: the same test
 * steps as the process bench, but a whole run takes milliseconds and a seed fixes everything.
 */
export function runVirtual(options: VirtualRunOptions): VirtualRunOutput {
  const scheduler = new VirtualScheduler();
  const phases = new Rng(options.test.seed ^ 0x7f4a7c15);
  const nodes = new Map<string, CoreNode>();
  let output: RunOutput | undefined;
  const test = new BroadcastTest(options.test, {
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
  return { ...output, nodes, steps: scheduler.steps, simulated: scheduler.now() };
}
