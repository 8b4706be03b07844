// A one-way cut between the hub and a leaf, in virtual time: what the hub sends into the cut, and how fast the leaf catches up.
import type { GossipConfig } from "../engine/config.ts";
import { GossipNode } from "../engine/node.ts";
import { decodeLine } from "../protocol/decode.ts";
import { encodeLine } from "../protocol/encode.ts";
import { utf8Bytes } from "../protocol/limits.ts";
import type { OutboundMessage } from "../protocol/messages.ts";
import { VirtualScheduler } from "../sim/world/scheduler.ts";

export interface CutOptions {
  config: GossipConfig;
  /** How long the hub's messages to the leaf are dropped, in ms. */
  cutMs: number;
  /** Client broadcasts per second at the hub, before, during and after the cut. */
  rate: number;
  /** Characters of each value: plain integers if 0, else strings padded to this length. */
  valueChars?: number;
  /** One-way latency between servers, ms. */
  latency?: number;
  /** `both`: the leaf is isolated, not only cut off from the hub. */
  direction?: "hub-to-leaf" | "both";
  /** `before-cut`: clients fall silent 200 ms into the cut, so the heal is followed by no traffic. */
  traffic?: "throughout" | "before-cut";
}

export interface CutFigures {
  /** Gossip lines (with their newlines) the hub sent the leaf while the cut lasted. */
  bytesIntoCut: number;
  messagesIntoCut: number;
  /** The largest gossip line sent, in bytes. */
  largestLine: number;
  /** ms from the heal until the leaf held every value broadcast before it. */
  catchUpMs: number | undefined;
  values: number;
}

const TICK_MS = 10;
const CUT_FROM_MS = 1000;
const AFTER_HEAL_MS = 10_000;

/**
 * Three nodes on the star (hub n0, leaves n1 and n2) running the real core on a virtual clock,
 * every message through the encoder and decoder as on the wire. A client broadcasts at the hub
 * at a steady rate; from 1 s on, for `cutMs`, everything the hub sends n1 is lost.
 */
export function measureCut(options: CutOptions): CutFigures {
  const { config, cutMs, rate, valueChars = 0, latency = 50, direction = "hub-to-leaf", traffic = "throughout" } = options;
  const scheduler = new VirtualScheduler();
  const ids = ["n0", "n1", "n2"];
  const nodes = new Map(ids.map((id) => [id, new GossipNode({ config })]));
  const wakeAt = new Map<string, number>();
  const healAt = CUT_FROM_MS + cutMs;
  const figures: CutFigures = { bytesIntoCut: 0, messagesIntoCut: 0, largestLine: 0, catchUpMs: undefined, values: 0 };
  const broadcastBeforeHeal = new Set<string>();

  const emit = (out: readonly OutboundMessage[]): void => {
    for (const m of out) {
      if (!nodes.has(m.dest)) continue;
      const line = encodeLine(m);
      const bytes = utf8Bytes(line) + 1;
      figures.largestLine = Math.max(figures.largestLine, bytes);
      const now = scheduler.now();
      const severed = (m.src === "n0" && m.dest === "n1") || (direction === "both" && (m.src === "n1" || m.dest === "n1"));
      const cut = severed && now >= CUT_FROM_MS && now < healAt;
      if (cut) {
        figures.bytesIntoCut += bytes;
        figures.messagesIntoCut++;
        continue;
      }
      scheduler.at(now + latency, () => deliver(m.dest, line));
    }
  };
  const step = (id: string, event: Parameters<GossipNode["handle"]>[0]): void => {
    const node = nodes.get(id) as GossipNode;
    emit(node.handle(event, scheduler.now()));
    const due = node.nextDue();
    if (!Number.isFinite(due)) return;
    const tick = Math.ceil(Math.max(due, scheduler.now() + 1e-9) / TICK_MS) * TICK_MS;
    // A later wake left pending only costs a tick that sends nothing.
    const pending = wakeAt.get(id);
    if (pending !== undefined && pending > scheduler.now() && pending <= tick) return;
    wakeAt.set(id, tick);
    scheduler.at(tick, () => step(id, { kind: "tick" }));
  };
  const deliver = (id: string, line: string): void => {
    const decoded = decodeLine(line);
    if (decoded.kind !== "message") throw new Error(`undecodable line in the cut bench: ${decoded.reason}`);
    step(id, { kind: "message", message: decoded.message });
    if (id === "n1" && figures.catchUpMs === undefined && scheduler.now() >= healAt) {
      const held = new Set((nodes.get("n1") as GossipNode).read());
      if ([...broadcastBeforeHeal].every((v) => held.has(v))) figures.catchUpMs = scheduler.now() - healAt;
    }
  };

  for (const id of ids) deliver(id, encodeLine({ src: "c0", dest: id, body: { type: "init", msg_id: 1, node_id: id, node_ids: ids } }));
  const interval = 1000 / rate;
  const end = healAt + AFTER_HEAL_MS;
  const trafficEnd = traffic === "throughout" ? end - AFTER_HEAL_MS / 2 : CUT_FROM_MS + 200;
  for (let i = 0; i * interval < trafficEnd; i++) {
    scheduler.at(i * interval, () => {
      const value = valueChars ? JSON.stringify(`${i}:`.padEnd(valueChars, "x")) : String(i);
      if (scheduler.now() < healAt) broadcastBeforeHeal.add(value);
      figures.values++;
      deliver("n0", `{"src":"c1","dest":"n0","body":{"type":"broadcast","msg_id":${i},"message":${value}}}`);
    });
  }
  scheduler.run(() => scheduler.now() > end);
  return figures;
}
