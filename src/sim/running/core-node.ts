// The node's own broadcast core run in-process on the simulator's clock, fed through the same decoder as stdin.
import { GossipNode } from "../../engine/node.ts";
import type { GossipConfig } from "../../engine/config.ts";
import type { OutboundMessage } from "../../protocol/messages.ts";
import { decodeLine } from "../../protocol/decode.ts";
import { encodeLine } from "../../protocol/encode.ts";
import { MAX_LINE_BYTES, utf8Bytes } from "../../protocol/limits.ts";
import type { Envelope } from "../world/network.ts";
import type { NodeSink, SimNode } from "../world/sim-node.ts";
import type { Scheduler } from "../world/scheduler.ts";

export interface CoreNodeOptions {
  config: GossipConfig;
  scheduler: Scheduler;
  /** The runtime's timer period: ticks fall on this grid, offset by `phase`. */
  tickInterval: number;
  phase: number;
  /** The reader's line cap (default the node's): a longer line is dropped, as stdin's reader would. */
  maxLineBytes?: number;
}

/**
 * The node's own core run in-process on the simulator's clock. Incoming messages become the line
 * the real node would read, are held to its reader's line cap and go through the same decoder as
 * stdin, so the core sees exactly what the real node would. Ticks that
 * the core says cannot send anything are skipped rather than run, which changes nothing but
 * speed.
 */
export class CoreNode implements SimNode {
  readonly core: GossipNode;
  private cancelWake: (() => void) | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;

  constructor(
    readonly id: string,
    private readonly sink: NodeSink,
    private readonly options: CoreNodeOptions,
  ) {
    this.core = new GossipNode({ config: options.config, warn: (text) => sink.fail(`core warning: ${text}`) });
  }

  deliver(message: Envelope): void {
    const line = JSON.stringify(message);
    const cap = this.options.maxLineBytes ?? MAX_LINE_BYTES;
    // A UTF-8 byte is at most a third of a character's bytes, so short lines need no count.
    if (line.length * 3 > cap && utf8Bytes(line) > cap) {
      this.sink.fail(`dropped a line of ${utf8Bytes(line)} bytes from ${message.src}, over the reader's cap of ${cap}`);
      return;
    }
    const decoded = decodeLine(line);
    if (decoded.kind === "invalid") {
      if (decoded.reply) this.emit([this.core.refusal(decoded.reply)]);
      else this.sink.fail(`could not decode ${JSON.stringify(message)}: ${decoded.reason}`);
      return;
    }
    this.step({ kind: "message", message: decoded.message });
  }

  async stop(): Promise<void> {
    this.cancelWake?.();
  }

  private step(event: Parameters<GossipNode["handle"]>[0]): void {
    this.emit(this.core.handle(event, this.options.scheduler.now()));
    this.scheduleWake();
  }

  /**
   * The wire holds parsed JSON, so bodies that carry value texts are parsed as a reader would;
   * the rest hold no values and go as they are, since a receiver serialises them anyway.
   */
  private emit(messages: readonly OutboundMessage[]): void {
    for (const m of messages) {
      const carriesValues = m.body.type === "gossip" || m.body.type === "read_ok";
      this.sink.send(carriesValues ? (JSON.parse(encodeLine(m)) as Envelope) : (m as Envelope));
    }
  }

  private scheduleWake(): void {
    const { scheduler, tickInterval, phase } = this.options;
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
