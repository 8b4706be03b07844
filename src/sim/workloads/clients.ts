import type { Op, OpF, OpType } from "../checking/history.ts";
import type { Envelope } from "../world/network.ts";
import type { Rng } from "../world/rng.ts";
import type { Scheduler } from "../world/scheduler.ts";

/** Maelstrom's client RPC timeout. */
export const RPC_TIMEOUT_MS = 5000;

/** How late a stagger timer may fire and still count as on time (see dispatch). */
const TIMER_SLACK_MS = 5;

/** Error codes that promise the operation did not happen (doc/protocol.md). */
const DEFINITE_ERRORS = new Set([1, 10, 11, 12, 14, 20, 21, 22, 30]);

export interface WorkloadOptions {
  scheduler: Scheduler;
  rng: Rng;
  nodes: readonly string[];
  concurrency: number;
  /** Total operations per second across all workers. */
  rate: number;
  /** Sends a client message into the network. */
  send: (m: Envelope) => void;
  /** Opens a client on the network under a fresh id and routes its replies to `handler`. */
  openClient: (handler: (m: Envelope) => void) => string;
  closeClient: (id: string) => void;
}

interface Worker {
  thread: number;
  node: string;
  process: number;
  /** Opened lazily at the worker's first op, and again after each indeterminate one. */
  clientId: string | undefined;
  msgId: number;
  busy: boolean;
  awaiting: ((m: Envelope) => void) | undefined;
}

/**
 * The broadcast workload's clients, scheduled as Jepsen's generator does for Maelstrom: a 50/50
 * mix of broadcasts of 0, 1, 2, ... and reads; one op at a time per worker, each worker bound to
 * one node; ops paced by a global stagger (each a uniform 0..2/rate s after the previous one) and
 * handed out round-robin over the threads, the nemesis's included.
 */
export class Workload {
  readonly history: Op[] = [];
  /** Values whose broadcast was acknowledged, in order. */
  readonly acknowledged: unknown[] = [];
  private readonly workers: Worker[] = [];
  private nextValue = 0;
  private generating = false;
  private nextOpAt = 0;
  private stopAt = 0;
  private waitingForWorker = false;
  private idleCallbacks: (() => void)[] = [];
  /** Jepsen's thread rotation: threads 0..C-1 are clients, C is the nemesis. */
  private pointer = 0;

  constructor(private readonly options: WorkloadOptions) {
    for (let thread = 0; thread < options.concurrency; thread++) {
      const node = options.nodes[thread % options.nodes.length] as string;
      this.workers.push({ thread, node, process: thread, clientId: undefined, msgId: 0, busy: false, awaiting: undefined });
    }
  }

  /** Generates ops from now until `duration` ms from now. */
  start(duration: number): void {
    const now = this.options.scheduler.now();
    this.generating = true;
    this.nextOpAt = now;
    this.stopAt = now + duration;
    this.options.scheduler.at(now, () => this.dispatch());
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

  /** One final read per worker, all at once, each on its own node; `fn` runs when all completed. */
  finalReads(fn: () => void): void {
    for (const worker of this.workers) this.invoke(worker, "read");
    this.whenIdle(fn);
  }

  /** `freed`: called because a worker became free, not by the stagger's own timer. */
  private dispatch(freed = false): void {
    if (!this.generating) return;
    if (this.options.scheduler.now() >= this.stopAt) {
      this.generating = false;
      return;
    }
    const worker = this.pickFree();
    if (!worker) {
      this.waitingForWorker = true;
      return;
    }
    const { rng, scheduler, rate } = this.options;
    this.advance();
    this.invoke(worker, rng.int(2) === 0 ? "broadcast" : "read");
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

  private invoke(worker: Worker, f: OpF): void {
    const { scheduler, send } = this.options;
    const value = f === "broadcast" ? this.nextValue++ : null;
    worker.clientId ??= this.options.openClient((m) => {
      if (m.body.in_reply_to === worker.msgId) worker.awaiting?.(m);
    });
    const msgId = ++worker.msgId;
    worker.busy = true;
    this.record(worker, "invoke", f, value);
    const finish = (type: OpType, result: unknown, error?: string): void => {
      worker.awaiting = undefined;
      cancelTimeout();
      this.record(worker, type, f, f === "broadcast" ? value : result, error);
      if (type === "info") {
        // Jepsen gives the thread a new process; Maelstrom a new client, with a new id.
        worker.process += this.options.concurrency;
        if (worker.clientId !== undefined) this.options.closeClient(worker.clientId);
        worker.clientId = undefined;
        worker.msgId = 0;
      }
      worker.busy = false;
      this.onFree();
    };
    const cancelTimeout = scheduler.at(scheduler.now() + RPC_TIMEOUT_MS, () => {
      if (worker.awaiting) finish(f === "broadcast" ? "info" : "fail", null, "net-timeout");
    });
    worker.awaiting = (reply) => {
      const body = reply.body;
      if (body.type === "error" && typeof body.code === "number") {
        const text = `error ${body.code}: ${String(body.text ?? "")}`;
        finish(f === "read" || DEFINITE_ERRORS.has(body.code) ? "fail" : "info", null, text);
      } else if (f === "read" && body.type === "read_ok" && Array.isArray(body.messages)) {
        finish("ok", body.messages);
      } else if (f === "broadcast" && body.type === "broadcast_ok") {
        this.acknowledged.push(value);
        finish("ok", value);
      } else {
        finish("info", null, `indeterminate: unexpected reply ${JSON.stringify(body)}`);
      }
    };
    const body: Envelope["body"] = f === "broadcast" ? { type: "broadcast", message: value, msg_id: msgId } : { type: "read", msg_id: msgId };
    send({ src: worker.clientId, dest: worker.node, body });
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

  private record(worker: Worker, type: OpType, f: OpF, value: unknown, error?: string): void {
    const op: Op = { process: worker.process, type, f, value, time: this.options.scheduler.now(), node: worker.node };
    if (error !== undefined) op.error = error;
    this.history.push(op);
  }
}
