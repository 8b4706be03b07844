// Any node's core run in-process on the simulator's clock, fed through its own codec as stdin would feed it.
import type { AnyMessage, Core, CoreEvent, NodeSpec } from "../../protocol/core.ts";
import type { ErrorBody, Message } from "../../protocol/messages.ts";
import { MAX_LINE_BYTES, utf8Bytes } from "../../protocol/limits.ts";
import { isClientId } from "../world/ids.ts";
import { LineEnvelope } from "../world/line-envelope.ts";
import type { Envelope } from "../world/network.ts";
import type { NodeSink, SimNode } from "../world/sim-node.ts";
import type { Scheduler } from "../world/scheduler.ts";

export interface CoreNodeOptions<In, Out, C extends Core<In, Out>> {
  spec: NodeSpec<In, Out, C>;
  scheduler: Scheduler;
  /** Ticks fall on the spec's timer grid, offset by this. */
  phase: number;
  /** The reader's line cap (default the node's): a longer line is dropped, as stdin's reader would. */
  maxLineBytes?: number;
}

/**
 * A node's core run in-process on the simulator's clock. Incoming messages become the line the
 * real node would read, are held to its reader's line cap and go through the node's own codec,
 * so the core sees exactly what the real node would; what it sends is the line its codec's
 * encoder writes. Ticks that the core says cannot do anything
 * are skipped rather than run, which changes nothing but speed.
 */
export class CoreNode<In extends AnyMessage, Out extends AnyMessage, C extends Core<In, Out> = Core<In, Out>> implements SimNode {
  readonly core: C;
  private cancelWake: (() => void) | undefined;
  /** The last reply to a client whose values came in fragments: the next one parses only the fragments that differ. */
  private lastReply: LineEnvelope | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;

  constructor(
    readonly id: string,
    private readonly sink: NodeSink,
    private readonly options: CoreNodeOptions<In, Out, C>,
  ) {
    this.core = options.spec.create({ warn: (text) => sink.fail(`core warning: ${text}`) });
  }

  deliver(message: Envelope): void {
    const line = message instanceof LineEnvelope ? message.relayed() : JSON.stringify(message);
    const cap = this.options.maxLineBytes ?? MAX_LINE_BYTES;
    // A UTF-8 byte is at most a third of a character's bytes, so short lines need no count.
    if (line.length * 3 > cap && utf8Bytes(line) > cap) {
      this.sink.fail(`dropped a line of ${utf8Bytes(line)} bytes from ${message.src}, over the reader's cap of ${cap}`);
      return;
    }
    const decoded = this.options.spec.codec.decode(line);
    if (decoded.kind === "invalid") {
      if (decoded.reply) this.emit([{ ...decoded.reply, src: this.core.nodeId ?? decoded.reply.src }]);
      else this.sink.fail(`could not decode ${line.slice(0, 500)}: ${decoded.reason}`);
      return;
    }
    this.step({ kind: "message", message: decoded.message });
  }

  async stop(): Promise<void> {
    this.cancelWake?.();
  }

  private step(event: CoreEvent<In>): void {
    this.emit(this.core.handle(event, this.options.scheduler.now()));
    this.scheduleWake();
  }

  /**
   * The wire holds each message as the line the node wrote. A client's reply is read at once,
   * so a line that is not a message is this node's error; between servers the receiver's codec
   * decodes the line and reports it if it cannot.
   */
  private emit(messages: readonly (Out | Message<ErrorBody>)[]): void {
    for (const m of messages) {
      const wire = new LineEnvelope(m.src, m.dest, this.options.spec.codec.encode(m));
      if (isClientId(m.dest)) {
        try {
          wire.read(this.lastReply);
        } catch (error) {
          this.sink.fail(error instanceof Error ? error.message : String(error));
          continue;
        }
        if (wire.fragments) this.lastReply = wire;
      }
      this.sink.send(wire);
    }
  }

  private scheduleWake(): void {
    const { scheduler, phase } = this.options;
    const tickInterval = this.options.spec.tickInterval;
    const due = this.core.nextDue();
    if (!Number.isFinite(due)) return;
    const earliest = Math.max(due, scheduler.now() + 1e-9);
    const tick = phase + Math.ceil((earliest - phase) / tickInterval) * tickInterval;
    if (tick >= this.wakeAt && this.cancelWake) return;
    this.cancelWake?.();
    this.wakeAt = tick;
    this.cancelWake = scheduler.at(tick, () => {
      this.cancelWake = undefined;
      this.wakeAt = Number.POSITIVE_INFINITY;
      this.step({ kind: "tick" });
    });
  }
}
