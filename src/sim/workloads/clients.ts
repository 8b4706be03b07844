// Jepsen's generator as Maelstrom runs it: a worker per thread, one op at a time, paced by a global stagger, outcomes into the history.
import { definiteErrorCodes } from "../../protocol/messages.ts";
import type { Op, OpType } from "../checking/history.ts";
import { shortJson, type Anomaly } from "../checking/reasons.ts";
import type { Rng } from "../world/rng.ts";
import type { Scheduler } from "../world/scheduler.ts";
import { Client, RPC_TIMEOUT_MS, type ClientNet } from "./client.ts";
import { headOf } from "../world/line-envelope.ts";
import type { Envelope } from "../world/network.ts";
import type { ClientOp, OpGenerator, ReplyVerdict, Workload } from "./workload.ts";

/** How late a stagger timer may fire and still count as on time (see dispatch). */
const TIMER_SLACK_MS = 5;

export interface ClientsOptions {
  net: ClientNet & { scheduler: Scheduler };
  rng: Rng;
  nodes: readonly string[];
  concurrency: number;
  /** Total operations per second across all workers. */
  rate: number;
  workload: Workload;
}

interface Worker {
  node: string;
  process: number;
  /** Opened lazily at the worker's first op, and again after each indeterminate one. */
  client: Client | undefined;
  busy: boolean;
  /** The workload operation last invoked: a stray reply is reported against it. */
  f: string;
  /** The current process's judge of replies (Workload.judge), made at its first. */
  judge: ((op: ClientOp, reply: Envelope) => ReplyVerdict) | undefined;
}

/**
 * The workload's clients, scheduled as Jepsen's generator does for Maelstrom: one op at a time
 * per worker, each worker bound to one node; ops paced by a global stagger (each a uniform
 * 0..2/rate s after the previous one) and handed out round-robin over the threads, the
 * nemesis's included.
 */
export class Clients {
  readonly history: Op[] = [];
  /** Replies that could not be taken as they stood, in the order they came. */
  readonly anomalies: Anomaly[] = [];
  private readonly workers: Worker[] = [];
  private readonly ops: OpGenerator;
  private generating = false;
  private nextOpAt = 0;
  private stopAt = 0;
  private waitingForWorker = false;
  private idleCallbacks: (() => void)[] = [];
  /** Jepsen's thread rotation: threads 0..C-1 are clients, C is the nemesis. */
  private pointer = 0;

  constructor(private readonly options: ClientsOptions) {
    this.ops = options.workload.generator();
    for (let thread = 0; thread < options.concurrency; thread++) {
      const node = options.nodes[thread % options.nodes.length] as string;
      this.workers.push({ node, process: thread, client: undefined, busy: false, f: "", judge: undefined });
    }
  }

  /** Generates ops from now until `duration` ms from now. */
  start(duration: number): void {
    const { scheduler } = this.options.net;
    const now = scheduler.now();
    this.generating = true;
    this.nextOpAt = now;
    this.stopAt = now + duration;
    scheduler.at(now, () => this.dispatch());
  }

  /** A nemesis operation was dispatched: it takes its turn in the rotation. */
  advance(): void {
    this.pointer = (this.pointer + 1) % (this.workers.length + 1);
  }

  /** Calls `fn` once no op is outstanding (a Jepsen phase boundary). */
  whenIdle(fn: () => void): void {
    if (this.workers.every((w) => !w.busy)) fn();
    else this.idleCallbacks.push(fn);
  }

  /** Whether the workload has a final op (Maelstrom's final generator), and so a recovery phase. */
  get hasFinalOps(): boolean {
    return this.ops.final !== undefined;
  }

  /** The workload's final op once per worker, all at once, each on its own node; `fn` runs when all completed. */
  finalOps(fn: () => void): void {
    const final = this.ops.final;
    if (final) for (const worker of this.workers) this.invoke(worker, final());
    this.whenIdle(fn);
  }

  /** `freed`: called because a worker became free, not by the stagger's own timer. */
  private dispatch(freed = false): void {
    if (!this.generating) return;
    const { rng, rate, net } = this.options;
    const { scheduler } = net;
    if (scheduler.now() >= this.stopAt) {
      this.generating = false;
      return;
    }
    const worker = this.pickFree();
    if (!worker) {
      this.waitingForWorker = true;
      return;
    }
    this.advance();
    this.invoke(worker, this.ops.next(rng));
    // Jepsen's interpreter wakes within microseconds of an op's time, while our timers fire up to
    // a millisecond or two late; counting the next gap from that late wake-up lost ~2% of the ops
    // at rate 100. Only a real wait (for a free worker, or a stalled event loop) moves the schedule.
    const now = scheduler.now();
    const base = !freed && now - this.nextOpAt < TIMER_SLACK_MS ? this.nextOpAt : Math.max(this.nextOpAt, now);
    this.nextOpAt = base + rng.next() * (2000 / rate);
    if (this.nextOpAt < this.stopAt) scheduler.at(this.nextOpAt, () => this.dispatch());
    else this.generating = false;
  }

  private pickFree(): Worker | undefined {
    const free = (w: Worker): boolean => !w.busy;
    return this.workers.slice(this.pointer).find(free) ?? this.workers.find(free);
  }

  private invoke(worker: Worker, op: ClientOp): void {
    const { net, workload } = this.options;
    const client = (worker.client ??= new Client(net, (reply, outstanding) => {
      const expected = outstanding ? `${outstanding}, the msg_id of the ${worker.f} outstanding` : "absent: no request was outstanding";
      this.anomaly(worker, worker.f, "wrong-reply", "in_reply_to", expected, shortJson(reply.body));
    }));
    worker.busy = true;
    worker.f = op.f;
    this.record(worker, "invoke", op, op.value);
    // Without with-errors nothing is known to have failed; with it, only an idempotent op or a definite error.
    const failedType = (definite: boolean): OpType => (workload.withErrors && (op.idempotent || definite) ? "fail" : "info");
    client.request(worker.node, op.body, RPC_TIMEOUT_MS, (reply) => {
      if (reply === undefined) return this.finish(worker, op, failedType(false), op.value, "net-timeout");
      const body = headOf(reply);
      if (body.type === "error" && typeof body.code === "number") {
        const text = `error ${body.code}: ${String(body.text ?? "")}`;
        return this.finish(worker, op, failedType(definiteErrorCodes.has(body.code)), op.value, text);
      }
      const verdict = (worker.judge ??= workload.judge?.() ?? ((o, r) => workload.ok(o, r.body)))(op, reply);
      if (verdict.ok) return this.finish(worker, op, "ok", verdict.value);
      const text = shortJson(reply.body);
      this.anomaly(worker, op.f, "malformed-reply", verdict.field, verdict.expected, text);
      this.finish(worker, op, "info", op.value, `indeterminate: malformed reply (${verdict.field}: ${verdict.expected}) ${text}`);
    });
  }

  private finish(worker: Worker, op: ClientOp, type: OpType, value: unknown, error?: string): void {
    this.record(worker, type, op, value, error);
    if (type === "info") {
      worker.judge = undefined;
      // Jepsen gives the thread a new process; Maelstrom a new client, with a new id.
      worker.process += this.options.concurrency;
      worker.client?.close();
      worker.client = undefined;
    }
    worker.busy = false;
    this.onFree();
  }

  private onFree(): void {
    if (this.waitingForWorker) {
      this.waitingForWorker = false;
      this.dispatch(true);
    }
    if (this.workers.every((w) => !w.busy)) {
      const callbacks = this.idleCallbacks;
      this.idleCallbacks = [];
      for (const fn of callbacks) fn();
    }
  }

  private anomaly(worker: Worker, f: string, kind: Anomaly["kind"], field: string, expected: string, got: string): void {
    this.anomalies.push({ kind, time: this.options.net.scheduler.now(), node: worker.node, f, field, expected, got });
  }

  private record(worker: Worker, type: OpType, clientOp: ClientOp, value: unknown, error?: string): void {
    const op: Op = { process: worker.process, type, f: clientOp.f, value, time: this.options.net.scheduler.now(), node: worker.node };
    if (error !== undefined) op.error = error;
    if (clientOp.final) op.final = true;
    this.history.push(op);
  }
}
