import { checkSetFull } from "../checking/set-full.ts";
import type { Op } from "../checking/history.ts";
import { latencySampler, type LatencyDist } from "../world/latency.ts";
import { Nemesis, type PartitionEvent } from "../world/nemesis.ts";
import type { PartitionShape } from "../world/partitions.ts";
import { Network, type Envelope } from "../world/network.ts";
import type { NodeFactory, SimNode } from "../world/sim-node.ts";
import type { Results, Validity } from "../checking/results.ts";
import { Rng } from "../world/rng.ts";
import type { Scheduler } from "../world/scheduler.ts";
import { netStats, opStats } from "../checking/stats.ts";
import { makeTopology, type TopologyName } from "../world/topology.ts";
import { Workload } from "./clients.ts";

/** The options of `maelstrom test -w broadcast`, with Maelstrom's units (seconds, ms). */
export interface TestOptions {
  /** Servers n0..n{N-1}; when absent, Jepsen's default nodes n1..n5. */
  nodeCount: number | undefined;
  /** Seconds of workload. */
  timeLimit: number;
  rate: number;
  latency: number;
  latencyDist: LatencyDist;
  topology: TopologyName;
  nemesis: boolean;
  /** Seconds between nemesis operations, on average. */
  nemesisInterval: number;
  concurrency: number;
  seed: number;
  /** Seconds between healing and the final reads. */
  recovery: number;
  /** Faults beyond Maelstrom's, for the deterministic simulator: they end at the final heal. */
  lossRate?: number;
  duplicateRate?: number;
  partitionShapes?: readonly PartitionShape[];
}

export const defaultTestOptions: TestOptions = {
  nodeCount: undefined,
  timeLimit: 60,
  rate: 5,
  latency: 0,
  latencyDist: "constant",
  topology: "grid",
  nemesis: false,
  nemesisInterval: 10,
  concurrency: 5,
  seed: 0,
  recovery: 10,
};

/** Maelstrom waits this long for `init_ok`; `topology_ok` is an ordinary 5 s RPC. */
const INIT_TIMEOUT_MS = 10_000;
const TOPOLOGY_TIMEOUT_MS = 5_000;

export function serverIds(nodeCount: number | undefined): string[] {
  return nodeCount === undefined ? ["n1", "n2", "n3", "n4", "n5"] : Array.from({ length: nodeCount }, (_, i) => `n${i}`);
}

export interface RunOutput {
  results: Results;
  history: Op[];
  partitions: PartitionEvent[];
  /** When the workload started and ended, on the scheduler's clock. */
  startedAt: number;
  endedAt: number;
}

export interface TestHooks {
  scheduler: Scheduler;
  makeNode: NodeFactory;
  onDone: (output: RunOutput) => void;
  /** Every message sent, with its delivery time (undefined when the network lost it). */
  onSend?: (message: Envelope, deliverAt: number | undefined) => void;
  /** Every message handed to its receiver. */
  onDeliver?: (message: Envelope) => void;
  /** Phase changes, for progress output. */
  onPhase?: (phase: string) => void;
}

/**
 * One run of Maelstrom's broadcast test, driven entirely by the scheduler's callbacks so that the
 * same sequence of steps runs against real processes on the wall clock and against in-process
 * cores on virtual time.
 */
export class BroadcastTest {
  readonly nodeIds: string[];
  readonly network: Network;
  readonly nodes = new Map<string, SimNode>();
  readonly nodeErrors: string[] = [];
  private readonly workload: Workload;
  private readonly nemesis: Nemesis;
  private clientCount = 0;
  private startedAt = 0;
  private endedAt = 0;
  phase = "setup";
  /** When the final heal happened; undefined before it. */
  healedAt: number | undefined;
  finished = false;

  constructor(
    readonly options: TestOptions,
    private readonly hooks: TestHooks,
  ) {
    const rng = new Rng(options.seed);
    const netRng = rng.fork();
    const workloadRng = rng.fork();
    const nemesisRng = rng.fork();
    this.nodeIds = serverIds(options.nodeCount);
    const servers = new Set(this.nodeIds);
    this.network = new Network({
      scheduler: hooks.scheduler,
      isServer: (id) => servers.has(id),
      latency: latencySampler(options.latencyDist, options.latency, netRng),
      rng: netRng,
      ...(options.lossRate !== undefined && { lossRate: options.lossRate }),
      ...(options.duplicateRate !== undefined && { duplicateRate: options.duplicateRate }),
    });
    this.network.onSend = hooks.onSend;
    this.network.onDeliver = hooks.onDeliver;
    this.workload = new Workload({
      scheduler: hooks.scheduler,
      rng: workloadRng,
      nodes: this.nodeIds,
      concurrency: options.concurrency,
      rate: options.rate,
      send: (m) => this.network.send(m),
      openClient: (handler) => this.openClient(handler),
      closeClient: (id) => this.network.detach(id),
    });
    this.nemesis = new Nemesis({
      scheduler: hooks.scheduler,
      rng: nemesisRng,
      nodes: this.nodeIds,
      interval: options.nemesisInterval * 1000,
      network: this.network,
      onOperation: () => this.workload.advance(),
      ...(options.partitionShapes && { shapes: options.partitionShapes }),
    });
  }

  start(): void {
    for (const id of this.nodeIds) {
      const node = this.hooks.makeNode(id, {
        send: (m) => this.fromNode(id, m),
        fail: (reason) => this.nodeErrors.push(`${id}: ${reason}`),
      });
      this.nodes.set(id, node);
      this.network.attach(id, (m) => node.deliver(m));
    }
    this.setupRound("init", INIT_TIMEOUT_MS, (id) => ({ node_id: id, node_ids: this.nodeIds }), () => {
      const topology = makeTopology(this.options.topology, this.nodeIds);
      this.setupRound("topology", TOPOLOGY_TIMEOUT_MS, () => ({ topology }), () => this.runWorkload());
    });
  }

  /** Values whose broadcast a node acknowledged so far. */
  acknowledged(): readonly unknown[] {
    return this.workload.acknowledged;
  }

  /** Workload ops invoked so far, server messages sent so far and the partition in force. */
  progress(): { ops: number; serverMsgs: number; partition: string | undefined; phase: string } {
    return {
      ops: this.workload.history.filter((op) => op.type === "invoke").length,
      serverMsgs: this.network.totals.servers.send,
      partition: this.nemesis.active,
      phase: this.phase,
    };
  }

  private setPhase(phase: string): void {
    this.phase = phase;
    this.hooks.onPhase?.(phase);
  }

  /** Sends one setup request to every node and continues once all have answered. */
  private setupRound(type: string, timeout: number, body: (id: string) => Record<string, unknown>, next: () => void): void {
    const { scheduler } = this.hooks;
    const okType = `${type}_ok`;
    // Maelstrom aborts the test when a setup RPC fails, so a node that hangs or breaks during
    // setup ends the run at once instead of dragging it through a workload it cannot serve.
    const proceed = (): void => (this.nodeErrors.length ? this.finish() : next());
    this.setPhase(type);
    let waiting = this.nodeIds.length;
    const cancels: (() => void)[] = [];
    for (const id of this.nodeIds) {
      let answered = false;
      const client = this.openClient((m) => {
        if (answered) return;
        answered = true;
        if (m.body.type !== okType) this.nodeErrors.push(`${id}: answered ${type} with ${JSON.stringify(m.body)}`);
        if (--waiting === 0) {
          for (const cancel of cancels) cancel();
          proceed();
        }
      });
      cancels.push(
        scheduler.at(scheduler.now() + timeout, () => {
          if (answered) return;
          answered = true;
          this.nodeErrors.push(`${id}: no ${okType} within ${timeout / 1000} s`);
          if (--waiting === 0) proceed();
        }),
      );
      this.network.send({ src: client, dest: id, body: { ...body(id), type, msg_id: 1 } });
    }
  }

  private runWorkload(): void {
    const { scheduler } = this.hooks;
    const duration = this.options.timeLimit * 1000;
    this.setPhase("workload");
    this.startedAt = scheduler.now();
    this.workload.start(duration);
    if (this.options.nemesis) this.nemesis.start(duration);
    scheduler.at(this.startedAt + duration, () => {
      this.setPhase("draining");
      this.workload.whenIdle(() => {
        this.nemesis.stop();
        this.network.calm();
        this.healedAt = scheduler.now();
        this.setPhase("recovery");
        scheduler.at(scheduler.now() + this.options.recovery * 1000, () => {
          this.setPhase("final reads");
          this.workload.finalReads(() => this.finish());
        });
      });
    });
  }

  private finish(): void {
    this.endedAt = this.hooks.scheduler.now();
    this.setPhase("checking");
    const history = this.workload.history;
    const workload = checkSetFull(history);
    const stats = opStats(history);
    // Jepsen's merge of checker verdicts: false beats unknown beats true.
    const verdicts: Validity[] = [workload.valid, stats.valid, this.nodeErrors.length === 0];
    const valid: Validity = verdicts.includes(false) ? false : verdicts.includes("unknown") ? "unknown" : true;
    const results: Results = { valid, workload, net: netStats(this.network.totals, history), stats };
    if (this.nodeErrors.length) results["node-errors"] = [...this.nodeErrors];
    this.finished = true;
    this.setPhase("done");
    this.hooks.onDone({ results, history, partitions: this.nemesis.events, startedAt: this.startedAt, endedAt: this.endedAt });
  }

  /** Maelstrom numbers clients from c0 in the order they are opened. */
  private openClient(handler: (m: Envelope) => void): string {
    const id = `c${this.clientCount++}`;
    this.network.attach(id, handler);
    return id;
  }

  private fromNode(id: string, message: Envelope): void {
    if (message.src !== id) {
      this.nodeErrors.push(`${id}: sent a message with src ${JSON.stringify(message.src)}: ${JSON.stringify(message)}`);
      return;
    }
    if (!this.network.has(message.dest) && !/^c\d+$/.test(message.dest)) {
      this.nodeErrors.push(`${id}: sent a message to unknown node ${JSON.stringify(message.dest)}: ${JSON.stringify(message)}`);
      return;
    }
    this.network.send(message);
  }
}
