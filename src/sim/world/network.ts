// The simulated network as Maelstrom's net.clj runs it: per-receiver queues, partitions at dequeue time, counts.
import { LineEnvelope } from "./line-envelope.ts";
import type { Rng } from "./rng.ts";
import type { Scheduler } from "./scheduler.ts";

/** A message body as parsed JSON: only its type is known to the network. */
export type Body = { type: string; [key: string]: unknown };

/** A message on the simulated wire. */
export interface Envelope {
  /** Maelstrom's global message id, assigned at send. */
  id?: number;
  src: string;
  dest: string;
  body: Body;
}

/** What the network saw on one side: messages that entered it, and messages delivered. */
export interface NetCounts {
  send: number;
  /** Messages dropped by a partition are sent but never received, so this can be lower. */
  recv: number;
}

export interface NetTotals {
  all: NetCounts;
  /** Messages between two servers. */
  servers: NetCounts;
  /** Messages with a client at either end. */
  clients: NetCounts;
}

export interface NetworkOptions {
  scheduler: Scheduler;
  isServer: (id: string) => boolean;
  /** Server-to-server delay in ms; client traffic is instant, as in Maelstrom. */
  latency: () => number;
  rng: Rng;
  /** Faults Maelstrom never injects, for the deterministic simulator only. */
  lossRate?: number;
  duplicateRate?: number;
}

export type SendFate = "queued" | "lost";

interface Queued {
  deadline: number;
  seq: number;
  message: Envelope;
}

/**
 * One receiver's queue, as Maelstrom's net.clj runs it: the earliest-deadline message is taken
 * as soon as there is one, checked against the partition at that moment, and then the receiver
 * waits until its deadline before delivering it — one message at a time, so a message can wait
 * behind another's latency (head-of-line blocking).
 */
class Inbox {
  private readonly queue: Queued[] = [];
  private busy = false;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly dropped: (m: Envelope) => boolean,
    private readonly deliver: (m: Envelope) => void,
  ) {}

  push(entry: Queued): void {
    let i = this.queue.length;
    while (i > 0 && before(entry, this.queue[i - 1] as Queued)) i--;
    this.queue.splice(i, 0, entry);
    if (!this.busy) this.pump();
  }

  private pump(): void {
    // A delivery can make the receiver's handler send to this same inbox, which pumps it
    // re-entrantly; once that inner pump is waiting on a deadline, this loop must stop too, or
    // it would dequeue a second message (and check it against the partition) too early.
    while (!this.busy && this.queue.length) {
      const next = this.queue.shift() as Queued;
      if (this.dropped(next.message)) continue;
      if (next.deadline > this.scheduler.now()) {
        this.busy = true;
        this.scheduler.at(next.deadline, () => {
          this.busy = false;
          this.deliver(next.message);
          this.pump();
        });
        return;
      }
      this.deliver(next.message);
    }
  }
}

function before(a: Queued, b: Queued): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
}

/**
 * Maelstrom's network: latency between servers only, delivery by deadline, and partitions that
 * make a receiver drop what cut-off senders send (the message still counts as sent).
 */
export class Network {
  private readonly inboxes = new Map<string, Inbox>();
  /** receiver → senders it currently drops. */
  private grudge = new Map<string, Set<string>>();
  private nextId = 0;
  private seq = 0;
  readonly totals: NetTotals = {
    all: { send: 0, recv: 0 },
    servers: { send: 0, recv: 0 },
    clients: { send: 0, recv: 0 },
  };
  /** Called for every send with its deadline (undefined when the network lost it), and every delivery. */
  onSend: ((m: Envelope, deadline: number | undefined) => void) | undefined;
  onDeliver: ((m: Envelope) => void) | undefined;

  constructor(private readonly options: NetworkOptions) {}

  attach(id: string, handler: (m: Envelope) => void): void {
    this.inboxes.set(
      id,
      new Inbox(
        this.options.scheduler,
        (m) => this.grudge.get(m.dest)?.has(m.src) ?? false,
        (m) => {
          this.count("recv", m);
          this.onDeliver?.(m);
          handler(m);
        },
      ),
    );
  }

  detach(id: string): void {
    this.inboxes.delete(id);
  }

  has(id: string): boolean {
    return this.inboxes.has(id);
  }

  /** Installs a partition: `grudge.get(a)` holds the nodes whose messages `a` drops. */
  partition(grudge: Map<string, Set<string>>): void {
    this.grudge = grudge;
  }

  heal(): void {
    this.grudge = new Map();
  }

  /** Ends the simulator's extra faults (loss, duplication) for good: the final heal. */
  calm(): void {
    this.options.lossRate = 0;
    this.options.duplicateRate = 0;
  }

  /** The largest server-to-server latency drawn so far, for convergence bounds. */
  maxLatency = 0;

  send(message: Envelope): SendFate {
    const { scheduler, isServer, rng } = this.options;
    const inbox = this.inboxes.get(message.dest);
    const id = this.nextId++;
    const stamped: Envelope = message instanceof LineEnvelope ? message.stamped(id) : { id, src: message.src, dest: message.dest, body: message.body };
    // Maelstrom rejects a message to a closed or unknown id (e.g. a late reply to a client that
    // timed out and was replaced) before journaling it, so it counts in no statistic.
    if (!inbox) {
      this.onSend?.(stamped, undefined);
      return "lost";
    }
    this.count("send", stamped);
    const betweenServers = isServer(message.src) && isServer(message.dest);
    if (betweenServers && this.options.lossRate && rng.next() < this.options.lossRate) {
      this.onSend?.(stamped, undefined);
      return "lost";
    }
    const copies = betweenServers && this.options.duplicateRate && rng.next() < this.options.duplicateRate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const latency = betweenServers ? this.options.latency() : 0;
      if (latency > this.maxLatency) this.maxLatency = latency;
      const deadline = scheduler.now() + latency;
      this.onSend?.(stamped, deadline);
      inbox.push({ deadline, seq: this.seq++, message: stamped });
    }
    return "queued";
  }

  private count(kind: keyof NetCounts, message: Envelope): void {
    const { isServer } = this.options;
    this.totals.all[kind]++;
    if (isServer(message.src) && isServer(message.dest)) this.totals.servers[kind]++;
    else this.totals.clients[kind]++;
  }
}
