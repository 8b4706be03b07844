// The node's own broadcast core run in-process on the simulator's clock, fed through the same decoder as stdin.
import { BroadcastNode } from "../../broadcast/node.ts";
import type { GossipConfig } from "../../broadcast/config.ts";
import { decodeLine } from "../../protocol/decode.ts";
import type { Envelope } from "../world/network.ts";
import type { NodeSink, SimNode } from "../world/sim-node.ts";
import type { Scheduler } from "../world/scheduler.ts";

export interface CoreNodeOptions {
  config: GossipConfig;
  scheduler: Scheduler;
  /** The runtime's timer period: ticks fall on this grid, offset by `phase`. */
  tickInterval: number;
  phase: number;
}

/**
 * The node's own core run in-process on the simulator's clock. Incoming messages cross a JSON round trip
 * and the same decoder as stdin, so the core sees exactly what the real node would. Ticks that
 * the core says cannot send anything are skipped rather than run, which changes nothing but
 * speed.
 */
export class CoreNode implements SimNode {
  readonly core: BroadcastNode;
  private cancelWake: (() => void) | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;

  constructor(
    readonly id: string,
    private readonly sink: NodeSink,
    private readonly options: CoreNodeOptions,
  ) {
    this.core = new BroadcastNode({ config: options.config, warn: (text) => sink.fail(`core warning: ${text}`) });
  }

  deliver(message: Envelope): void {
    const decoded = decodeLine(JSON.stringify(message));
    if (decoded.kind === "invalid") {
      if (decoded.reply) this.emit([decoded.reply]);
      else this.sink.fail(`could not decode ${JSON.stringify(message)}: ${decoded.reason}`);
      return;
    }
    this.step({ kind: "message", message: decoded.message });
  }

  async stop(): Promise<void> {
    this.cancelWake?.();
  }

  private step(event: Parameters<BroadcastNode["handle"]>[0]): void {
    this.emit(this.core.handle(event, this.options.scheduler.now()));
    this.scheduleWake();
  }

  /**
   * No round trip on the way out: a server receiver's `deliver` serialises the message anyway, and
   * what reaches a client (a read's values) is a snapshot the core never mutates.
   */
  private emit(messages: readonly { src: string; dest: string; body: object }[]): void {
    for (const m of messages) this.sink.send(m as Envelope);
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
