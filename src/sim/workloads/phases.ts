// The phases of one Maelstrom test — setup, workload, draining, recovery, final ops, checking — for any workload, on any scheduler.
import type { Op } from "../checking/history.ts";
import { anomalyReasons, nodeErrorReason, statsReasons, summariseAnomalies } from "../checking/reasons.ts";
import type { ResultsOf, Validity, WorkloadResult } from "../checking/results.ts";
import { availabilityReasons, checkAvailability } from "../checking/availability.ts";
import { netStats, opStats } from "../checking/stats.ts";
import { opLatencies } from "../checking/latency.ts";
import { checkVisibility, type VisibilityResult } from "../checking/visibility.ts";
import { clientId, isClientId, serverIds } from "../world/ids.ts";
import { latencySampler } from "../world/latency.ts";
import { Nemesis, type Isolation, type PartitionEvent } from "../world/nemesis.ts";
import { Network, type Envelope } from "../world/network.ts";
import { Rng } from "../world/rng.ts";
import type { Scheduler } from "../world/scheduler.ts";
import type { NodeFactory } from "../world/sim-node.ts";
import { Client, type ClientNet } from "./client.ts";
import { Clients } from "./clients.ts";
import type { TestOptions } from "./options.ts";
import type { SetupRound, Workload } from "./workload.ts";

/** Maelstrom waits this long for `init_ok`. */
const INIT_TIMEOUT_MS = 10_000;

export const phases = ["setup", "workload", "draining", "recovery", "final reads", "checking", "done"] as const;
export type Phase = (typeof phases)[number];

export interface RunOutput<R extends WorkloadResult = WorkloadResult> {
  results: ResultsOf<R>;
  history: Op[];
  partitions: PartitionEvent[];
}

export interface TestHooks<R extends WorkloadResult> {
  scheduler: Scheduler;
  makeNode: NodeFactory;
  onDone: (output: RunOutput<R>) => void;
  /** Every message sent, with its delivery time (undefined when the network lost it). */
  onSend?: (message: Envelope, deliverAt: number | undefined) => void;
  /** Every message handed to its receiver. */
  onDeliver?: (message: Envelope) => void;
  /** Phase changes, for progress output and for properties checked mid-run. */
  onPhase?: (phase: Phase) => void;
}

/**
 * One run of a Maelstrom test, driven entirely by the scheduler's callbacks so that the same
 * sequence of steps runs against real processes on the wall clock and against in-process cores
 * on virtual time.
 */
export class TestPhases<R extends WorkloadResult> {
  readonly nodeIds: string[];
  readonly network: Network;
  readonly nodeErrors: string[] = [];
  readonly clients: Clients;
  private readonly net: ClientNet;
  private readonly nemesis: Nemesis;
  private clientCount = 0;
  phase: Phase = "setup";

  constructor(
    readonly options: TestOptions,
    private readonly workload: Workload<R>,
    private readonly hooks: TestHooks<R>,
  ) {
    const rng = new Rng(options.seed);
    const netRng = rng.fork();
    const workloadRng = rng.fork();
    const nemesisRng = rng.fork();
    this.nodeIds = serverIds(options.nodeCount, options.nodes);
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
    this.net = {
      scheduler: hooks.scheduler,
      send: (m) => this.network.send(m),
      open: (handler) => {
        const id = clientId(this.clientCount++);
        this.network.attach(id, handler);
        return id;
      },
      close: (id) => this.network.detach(id),
    };
    this.clients = new Clients({
      net: this.net,
      rng: workloadRng,
      nodes: this.nodeIds,
      concurrency: options.concurrency,
      rate: options.rate,
      workload,
    });
    this.nemesis = new Nemesis({
      scheduler: hooks.scheduler,
      rng: nemesisRng,
      nodes: this.nodeIds,
      interval: options.nemesisInterval * 1000,
      network: this.network,
      onOperation: () => this.clients.advance(),
      ...(options.partitionShapes && { shapes: options.partitionShapes }),
      ...(this.isolation && { isolate: this.isolation }),
    });
  }

  /** `--nemesis isolate` in ms, its node named. */
  private get isolation(): Isolation | undefined {
    const plan = this.options.isolate;
    if (!plan) return undefined;
    return { node: plan.node ?? (this.nodeIds[0] as string), from: plan.from * 1000, until: plan.until * 1000 };
  }

  start(): void {
    for (const id of this.nodeIds) {
      const node = this.hooks.makeNode(id, {
        send: (m) => this.fromNode(id, m),
        fail: (reason) => this.nodeErrors.push(`${id}: ${reason}`),
      });
      this.network.attach(id, (m) => node.deliver(m));
    }
    const init: SetupRound = { type: "init", timeoutMs: INIT_TIMEOUT_MS, body: (id) => ({ node_id: id, node_ids: this.nodeIds }) };
    const rounds = [init, ...this.workload.setup(this.nodeIds, this.options)];
    this.setPhase("setup");
    const next = (i: number): void => {
      const round = rounds[i];
      // Maelstrom aborts the test when a setup RPC fails, so a node that hangs or breaks during
      // setup ends the run at once instead of dragging it through a workload it cannot serve.
      if (this.nodeErrors.length) this.finish();
      else if (round === undefined) this.runWorkload();
      else this.setupRound(round, () => next(i + 1));
    };
    this.setupRound(init, () => next(1));
  }

  /** Workload ops invoked so far, server messages sent so far and the partition in force. */
  progress(): { ops: number; serverMsgs: number; partition: string | undefined; phase: Phase } {
    return {
      ops: this.clients.history.filter((op) => op.type === "invoke").length,
      serverMsgs: this.network.totals.servers.send,
      partition: this.nemesis.active,
      phase: this.phase,
    };
  }

  private setPhase(phase: Phase): void {
    this.phase = phase;
    this.hooks.onPhase?.(phase);
  }

  /** Sends one setup request to every node, each from a fresh client, and continues once all have answered. */
  private setupRound(round: SetupRound, next: () => void): void {
    const okType = `${round.type}_ok`;
    let waiting = this.nodeIds.length;
    for (const id of this.nodeIds) {
      new Client(this.net).request(id, { ...round.body(id), type: round.type }, round.timeoutMs, (reply) => {
        if (reply === undefined) this.nodeErrors.push(`${id}: no ${okType} within ${round.timeoutMs / 1000} s`);
        else if (reply.body.type !== okType) this.nodeErrors.push(`${id}: answered ${round.type} with ${JSON.stringify(reply.body)}`);
        if (--waiting === 0) next();
      });
    }
  }

  private runWorkload(): void {
    const { scheduler } = this.hooks;
    const duration = this.options.timeLimit * 1000;
    this.setPhase("workload");
    const startedAt = scheduler.now();
    this.clients.start(duration);
    if (this.options.nemesis || this.options.isolate) this.nemesis.start(duration);
    scheduler.at(startedAt + duration, () => {
      this.setPhase("draining");
      this.clients.whenIdle(() => {
        this.nemesis.stop();
        // Maelstrom heals, waits and runs final ops only for a workload with a final generator.
        if (!this.clients.hasFinalOps) return this.finish();
        this.network.calm();
        this.setPhase("recovery");
        scheduler.at(scheduler.now() + this.options.recovery * 1000, () => {
          this.setPhase("final reads");
          this.clients.finalOps(() => this.finish());
        });
      });
    });
  }

  private finish(): void {
    this.setPhase("checking");
    const history = this.clients.history;
    const workload = this.workload.check(history);
    const stats = opStats(history);
    const availability = checkAvailability(history, this.options.availability);
    // Jepsen's merge of checker verdicts: false beats unknown beats true.
    const verdicts: Validity[] = [workload.valid, stats.valid, availability.valid, this.nodeErrors.length === 0];
    const valid: Validity = verdicts.includes(false) ? false : verdicts.includes("unknown") ? "unknown" : true;
    const explained = this.workload.explain(history, workload);
    const anomalies = summariseAnomalies([...this.clients.anomalies, ...explained.misplacedErrors].sort((a, b) => a.time - b.time));
    const reasons =
      valid === true
        ? []
        : [...this.nodeErrors.map(nodeErrorReason), ...explained.reasons, ...statsReasons(stats, history), ...availabilityReasons(availability, this.options.availability), ...anomalyReasons(anomalies)];
    const net = netStats(this.network.totals, history);
    const results: ResultsOf<R> = { "workload-name": this.workload.name, valid, net, stats, availability, latencies: opLatencies(history), workload, reasons, anomalies };
    if (this.nodeErrors.length) results["node-errors"] = [...this.nodeErrors];
    const visibility = this.visibility(history);
    if (visibility) results.visibility = visibility;
    this.setPhase("done");
    this.hooks.onDone({ results, history, partitions: this.nemesis.events });
  }

  /** For a set workload under an isolation: the nodes left connected, while it lasted. */
  private visibility(history: readonly Op[]): VisibilityResult | undefined {
    const isolation = this.isolation;
    const addF = this.workload.setAdd;
    const start = this.nemesis.events.find((e) => e.f === "start-partition");
    if (!isolation || addF === undefined || !start) return undefined;
    const heal = this.nemesis.events.find((e) => e.f === "stop-partition");
    return checkVisibility(history, { nodes: this.nodeIds, cutOff: [isolation.node], from: start.time, until: heal?.time ?? this.hooks.scheduler.now(), addF });
  }

  private fromNode(id: string, message: Envelope): void {
    if (message.src !== id) {
      this.nodeErrors.push(`${id}: sent a message with src ${JSON.stringify(message.src)}: ${JSON.stringify(message)}`);
      return;
    }
    if (!this.network.has(message.dest) && !isClientId(message.dest)) {
      this.nodeErrors.push(`${id}: sent a message to unknown node ${JSON.stringify(message.dest)}: ${JSON.stringify(message)}`);
      return;
    }
    this.network.send(message);
  }
}
