// A user's node as a deterministic state machine: handlers per message type, a state, timers as ticks, RPCs with deadlines.
import * as zc from "zod/v4/core";
import { safeParse } from "zod/mini";
import { jsonCodec, type AnyMaelstromMessage } from "../protocol/codec.ts";
import type { Core, CoreEvent, CoreHost, NodeSpec } from "../protocol/core.ts";
import { summarise } from "../protocol/decode.ts";
import { ErrorCode, initBody, type Message } from "../protocol/messages.ts";
import { type Context, type OutBody, type RequestContext, type RpcResult, MaelstromError } from "./context.ts";

/** A handler's schema: a zod object whose `type` is a string literal (zod or zod/mini). */
export type RequestSchema = zc.$ZodType<{ type: string }>;
export type Handler<S, B> = (message: Message<B>, ctx: RequestContext<S>) => void;
export type Task<S> = (ctx: Context<S>) => void;

export interface NodeOptions<S> {
  /** A fresh state for each node (every node of a simulated cluster gets its own). */
  state: () => S;
  /** The runtime's timer period in ms (default 10): timers and RPC deadlines are seen at this grain. */
  tickInterval?: number;
}

/** The default timer period: fine enough for Maelstrom's 100 ms hops, cheap when idle. */
export const DEFAULT_TICK_MS = 10;

interface Route<S> {
  schema: RequestSchema;
  handler: Handler<S, never>;
}
interface Timer<S> {
  every: number;
  task: Task<S>;
}

/**
 * Declares a node: `on` a message type, `every` so many ms, `onInit`. The result is a
 * NodeSpec, so the stdio runtime (`serve`), the simulator and the DST all run it; each of them
 * calls `create` for a fresh core per node.
 */
export function createNode<S>(options: NodeOptions<S>): NodeBuilder<S> {
  return new NodeBuilder(options);
}

export class NodeBuilder<S> implements NodeSpec<AnyMaelstromMessage, AnyMaelstromMessage, NodeCore<S>> {
  readonly codec = jsonCodec;
  readonly tickInterval: number;
  private readonly routes = new Map<string, Route<S>>();
  private readonly timers: Timer<S>[] = [];
  private readonly inits: Task<S>[] = [];

  constructor(private readonly options: NodeOptions<S>) {
    this.tickInterval = options.tickInterval ?? DEFAULT_TICK_MS;
  }

  /** Handles messages of the schema's type; a body that fails the schema is refused with error 12. */
  on<T extends RequestSchema>(schema: T, handler: Handler<S, zc.output<T>>): this {
    const type = literalType(schema);
    if (this.routes.has(type)) throw new Error(`a handler for ${JSON.stringify(type)} is already registered`);
    this.routes.set(type, { schema, handler: handler as Handler<S, never> });
    return this;
  }

  /** Runs `task` every `ms` from init on, on the first tick at or after each due time. */
  every(ms: number, task: Task<S>): this {
    if (!(ms > 0)) throw new RangeError(`every(${ms}): the period must be positive`);
    this.timers.push({ every: ms, task });
    return this;
  }

  /** Runs once `init` has given the node its id, before `init_ok` leaves. */
  onInit(task: Task<S>): this {
    this.inits.push(task);
    return this;
  }

  create(host: CoreHost): NodeCore<S> {
    return new NodeCore(this.options.state(), this.routes, this.timers, this.inits, host);
  }
}

interface Pending<S> {
  deadline: number;
  dest: string;
  then: (result: RpcResult, ctx: Context<S>) => void;
}

/** One node's state machine, made by `NodeBuilder.create`; `state` is open for tests and properties. */
export class NodeCore<S> implements Core<AnyMaelstromMessage, AnyMaelstromMessage> {
  private identity: { self: string; nodeIds: readonly string[] } | undefined;
  private nextMsgId = 1;
  private readonly pending = new Map<number, Pending<S>>();
  private timerDue: number[] = [];

  constructor(
    public state: S,
    private readonly routes: ReadonlyMap<string, Route<S>>,
    private readonly timers: readonly Timer<S>[],
    private readonly inits: readonly Task<S>[],
    private readonly host: CoreHost,
  ) {}

  get nodeId(): string | undefined {
    return this.identity?.self;
  }

  nextDue(): number {
    let due = Math.min(Number.POSITIVE_INFINITY, ...this.timerDue);
    for (const p of this.pending.values()) due = Math.min(due, p.deadline);
    return due;
  }

  handle(event: CoreEvent<AnyMaelstromMessage>, now: number): AnyMaelstromMessage[] {
    const out: AnyMaelstromMessage[] = [];
    if (event.kind === "message") this.onMessage(event.message, now, out);
    else this.onTick(now, out);
    return out;
  }

  private onMessage(message: AnyMaelstromMessage, now: number, out: AnyMaelstromMessage[]): void {
    const body = message.body;
    const answer = (reply: OutBody): void => {
      if (body.msg_id !== undefined) out.push({ src: this.identity?.self ?? message.dest, dest: message.src, body: { ...reply, in_reply_to: body.msg_id } });
    };
    const refuse = (code: number, text: string): void => {
      if (body.msg_id === undefined) this.host.warn(`${text} (${body.type} from ${message.src}); dropped`);
      else answer({ type: "error", code, text });
    };
    if (body.type === "init") return this.onInit(message, now, out, answer, refuse);
    if (!this.identity) return refuse(ErrorCode.temporarilyUnavailable, `not initialised yet: ${body.type} before init`);
    if (message.dest !== this.identity.self) return refuse(ErrorCode.nodeNotFound, `addressed to ${message.dest}, but this is ${this.identity.self}`);
    const waiting = body.in_reply_to === undefined ? undefined : this.pending.get(body.in_reply_to);
    if (waiting && waiting.dest === message.src && body.in_reply_to !== undefined) {
      this.pending.delete(body.in_reply_to);
      const result: RpcResult =
        body.type === "error"
          ? { ok: false, code: typeof body.code === "number" ? body.code : ErrorCode.crash, text: typeof body.text === "string" ? body.text : "", reply: message }
          : { ok: true, reply: message };
      return this.runTask([(ctx) => waiting.then(result, ctx)], now, out);
    }
    const route = this.routes.get(body.type);
    // A late reply to a call that already timed out is expected, as in any RPC library.
    if (!route) return body.in_reply_to === undefined ? refuse(ErrorCode.notSupported, `unsupported message type ${JSON.stringify(body.type)}`) : undefined;
    const parsed = safeParse(route.schema, body);
    if (!parsed.success) return refuse(ErrorCode.malformedRequest, `malformed ${body.type}: ${summarise(parsed.error.issues)}`);
    const ctx: RequestContext<S> = Object.assign(this.context(now, out), { reply: answer });
    try {
      route.handler({ ...message, body: parsed.data } as never, ctx);
    } catch (error) {
      if (!(error instanceof MaelstromError)) throw error;
      refuse(error.code, error.message);
    } finally {
      this.state = ctx.state;
    }
  }

  private onInit(message: AnyMaelstromMessage, now: number, out: AnyMaelstromMessage[], answer: (b: OutBody) => void, refuse: (code: number, text: string) => void): void {
    const parsed = safeParse(initBody, message.body);
    if (!parsed.success) return refuse(ErrorCode.malformedRequest, `malformed init: ${summarise(parsed.error.issues)}`);
    const { node_id: self, node_ids: nodeIds } = parsed.data;
    if (this.identity) {
      if (this.identity.self === self) answer({ type: "init_ok" });
      else refuse(ErrorCode.notSupported, `already initialised as ${this.identity.self}`);
      return;
    }
    if (!nodeIds.includes(self)) return refuse(ErrorCode.malformedRequest, `node_ids does not contain node_id ${self}`);
    this.identity = { self, nodeIds: [...nodeIds] };
    this.timerDue = this.timers.map((t) => now + t.every);
    this.runTask(this.inits, now, out);
    answer({ type: "init_ok" });
  }

  private onTick(now: number, out: AnyMaelstromMessage[]): void {
    if (!this.identity) return;
    const expired = [...this.pending].filter(([, p]) => p.deadline <= now).sort((a, b) => a[1].deadline - b[1].deadline);
    for (const [id, p] of expired) {
      this.pending.delete(id);
      this.runTask([(ctx) => p.then({ ok: false, code: ErrorCode.timeout, text: `no reply from ${p.dest} in time` }, ctx)], now, out);
    }
    this.timers.forEach((timer, i) => {
      const due = this.timerDue[i] ?? Number.POSITIVE_INFINITY;
      if (due > now) return;
      // Missed periods are not made up: a timer runs at most once per tick.
      this.timerDue[i] = due + Math.ceil((now - due + 1e-9) / timer.every) * timer.every;
      this.runTask([timer.task], now, out);
    });
  }

  private runTask(tasks: readonly Task<S>[], now: number, out: AnyMaelstromMessage[]): void {
    for (const task of tasks) {
      const ctx = this.context(now, out);
      task(ctx);
      this.state = ctx.state;
    }
  }

  private context(now: number, out: AnyMaelstromMessage[]): Context<S> {
    const self = this.identity?.self ?? "";
    const nodeIds = this.identity?.nodeIds ?? [];
    const ctx: Context<S> = {
      state: this.state,
      now,
      self,
      nodeIds,
      send: (dest, body) => {
        out.push({ src: self, dest, body });
      },
      rpc: (dest, body, timeoutMs, then) => {
        const msgId = this.nextMsgId++;
        this.pending.set(msgId, { deadline: now + timeoutMs, dest, then });
        out.push({ src: self, dest, body: { ...body, msg_id: msgId } });
      },
      warn: (text) => this.host.warn(text),
    };
    return ctx;
  }
}

/** The literal of a handler schema's `type` field, which names the messages it handles. */
function literalType(schema: RequestSchema): string {
  const type = schema instanceof zc.$ZodObject ? schema._zod.def.shape.type : undefined;
  const values = type instanceof zc.$ZodLiteral ? type._zod.def.values : [];
  const [value] = values;
  if (values.length !== 1 || typeof value !== "string") throw new TypeError("a handler's schema must be an object whose `type` is one string literal");
  return value;
}
