// The public contract between a node's logic and whatever runs it: the stdio runtime, the simulator and the DST.
import type { ErrorBody, Message } from "./messages.ts";

/** The least every message body has: its type; requests carry `msg_id`, replies `in_reply_to`. */
export interface Body {
  type: string;
  msg_id?: number;
  in_reply_to?: number;
  [field: string]: unknown;
}

/** What a runner feeds a core: a message it read, or a tick that only says "look at the clock". */
export type CoreEvent<In> = { kind: "message"; message: In } | { kind: "tick" };

/**
 * A node's whole behaviour as a deterministic state machine: an event and the time (monotonic
 * ms) in, the messages to send out. No I/O, no clock, no randomness of its own, so a stdio
 * runtime and a virtual-time simulator run exactly the same logic.
 */
export interface Core<In, Out> {
  /** This node's id once `init` has arrived. */
  readonly nodeId: string | undefined;
  handle(event: CoreEvent<In>, now: number): readonly Out[];
  /** The earliest time at which a tick would do anything; ticks before it may be skipped. */
  nextDue(): number;
}

/** A bad line: `reply` is set when the sender asked for an answer, written from the request's `dest`. */
export type Invalid = { kind: "invalid"; reason: string; reply?: Message<ErrorBody> };
export type Decoded<M> = { kind: "message"; message: M } | Invalid;

/** How a node's lines become messages and its messages lines (as pieces, joined without separators). */
export interface Codec<In, Out> {
  decode(line: string): Decoded<In>;
  encode(message: Out | Message<ErrorBody>): readonly string[];
}

/** What a runner offers the core it makes: where protocol warnings go (stderr, or the simulator's verdict). */
export interface CoreHost {
  warn(text: string): void;
}

/** Everything a runner needs to run a node: its codec, its timer's period, and a factory of fresh cores. */
export interface NodeSpec<In, Out, C extends Core<In, Out> = Core<In, Out>> {
  readonly codec: Codec<In, Out>;
  /** Milliseconds between the runtime's ticks; the simulator puts wake-ups on the same grid. */
  readonly tickInterval: number;
  create(host: CoreHost): C;
}

/** A message whose body has at least a type: what runners may look into. */
export type AnyMessage = Message<{ type: string }>;
