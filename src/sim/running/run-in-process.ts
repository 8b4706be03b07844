// Any workload against any node's cores in this process on a virtual clock: a whole run in milliseconds, fixed by its seed.
import type { AnyMessage, Core, NodeSpec } from "../../protocol/core.ts";
import type { WorkloadResult } from "../checking/results.ts";
import type { TestOptions } from "../workloads/options.ts";
import { TestPhases, type Phase, type RunOutput } from "../workloads/phases.ts";
import type { Workload } from "../workloads/workload.ts";
import type { Envelope } from "../world/network.ts";
import { Rng } from "../world/rng.ts";
import { VirtualScheduler } from "../world/scheduler.ts";
import { CoreNode } from "./core-node.ts";

export interface InProcessRunOptions<R extends WorkloadResult, In extends AnyMessage, Out extends AnyMessage, C extends Core<In, Out>> {
  test: TestOptions;
  workload: Workload<R>;
  node: NodeSpec<In, Out, C>;
  /** Every message sent, for traces and the net recorder. */
  onSend?: (message: Envelope, deadline: number | undefined, now: number) => void;
  onDeliver?: (message: Envelope, now: number) => void;
  /** Phase changes, with the run's insides, for properties checked mid-run. */
  onPhase?: (phase: Phase, run: InProcessRun<R, In, Out, C>) => void;
}

export interface InProcessRun<R extends WorkloadResult, In extends AnyMessage, Out extends AnyMessage, C extends Core<In, Out>> {
  scheduler: VirtualScheduler;
  test: TestPhases<R>;
  nodes: Map<string, CoreNode<In, Out, C>>;
}

export interface InProcessRunOutput<R extends WorkloadResult> extends RunOutput<R> {
  /** Virtual ms simulated. */
  simulated: number;
}

/** The same test steps as the process bench, with fresh cores from the node's spec on virtual time. */
export function runInProcess<R extends WorkloadResult, In extends AnyMessage, Out extends AnyMessage, C extends Core<In, Out>>(
  options: InProcessRunOptions<R, In, Out, C>,
): InProcessRunOutput<R> {
  const scheduler = new VirtualScheduler();
  const phases = new Rng(options.test.seed ^ 0x7f4a7c15);
  const nodes = new Map<string, CoreNode<In, Out, C>>();
  const tickInterval = options.node.tickInterval;
  let output: RunOutput<R> | undefined;
  const test: TestPhases<R> = new TestPhases(options.test, options.workload, {
    scheduler,
    makeNode: (id, sink) => {
      const node = new CoreNode(id, sink, { spec: options.node, scheduler, phase: phases.next() * tickInterval });
      nodes.set(id, node);
      return node;
    },
    onDone: (out) => {
      output = out;
    },
    ...(options.onSend && { onSend: (m: Envelope, deadline: number | undefined) => options.onSend?.(m, deadline, scheduler.now()) }),
    ...(options.onDeliver && { onDeliver: (m: Envelope) => options.onDeliver?.(m, scheduler.now()) }),
    onPhase: (phase) => options.onPhase?.(phase, { scheduler, test, nodes }),
  });
  test.start();
  scheduler.run(() => output !== undefined);
  if (!output) throw new Error("the simulated test ran out of events before it finished");
  return { ...output, simulated: scheduler.now() };
}
