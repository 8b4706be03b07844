// A counter's heap, state and gossip sizes after many adds: five in-process cores on the star, virtual time, instant delivery.
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { profiles, DEFAULT_GOSSIP_INTERVAL_MS } from "../engine/config.ts";
import { GossipNode } from "../engine/node.ts";
import { decodeLine } from "../protocol/decode.ts";
import { encodeLine } from "../protocol/encode.ts";
import type { OutboundMessage } from "../protocol/messages.ts";
import { Rng } from "../sim/world/rng.ts";

export interface CounterMemory {
  adds: number;
  /** The process's heap after a full collection, with every core alive. */
  heapBytes: number;
  /** Entries each core's counter holds (the same at every node once converged). */
  entries: number;
  /** The longest gossip line any core sent since the previous figure. */
  maxGossipBytes: number;
  /** Whether every core read the exact sum of the adds at the end. */
  exact: boolean;
}

const IDS = ["n0", "n1", "n2", "n3", "n4"];

/** The heap after a full collection: the flag is set at run time, so the script needs no node option. */
function collectedHeap(): number {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Adds at random nodes, one per virtual millisecond, each through the decoder as a client's line;
 * gossip between the cores is delivered at once. At each checkpoint the cluster settles (gossip
 * runs on with no adds until nothing is due), then the heap is measured.
 */
export function measureCounterMemory(checkpoints: readonly number[], seed = 1): CounterMemory[] {
  const cores = new Map(IDS.map((id) => [id, new GossipNode({ config: profiles.default })]));
  const rng = new Rng(seed);
  const figures: CounterMemory[] = [];
  let now = 0;
  let sum = 0;
  let maxGossipBytes = 0;
  let msgId = 1;
  const deliver = (out: OutboundMessage[]): void => {
    for (const m of out) {
      const core = cores.get(m.dest);
      if (!core) continue;
      const line = encodeLine(m);
      maxGossipBytes = Math.max(maxGossipBytes, Buffer.byteLength(line));
      step(core, line);
    }
  };
  const step = (core: GossipNode, line: string): void => {
    const decoded = decodeLine(line);
    if (decoded.kind !== "message") throw new Error(`undecodable line ${line}: ${decoded.reason}`);
    deliver(core.handle({ kind: "message", message: decoded.message }, now));
  };
  const tick = (): void => {
    for (const core of cores.values()) if (core.nextDue() <= now) deliver(core.handle({ kind: "tick" }, now));
  };
  for (const [id, core] of cores) step(core, JSON.stringify({ src: "c0", dest: id, body: { type: "init", msg_id: 0, node_id: id, node_ids: IDS } }));
  let adds = 0;
  for (const target of checkpoints) {
    for (; adds < target; adds++) {
      const id = rng.pick(IDS);
      const delta = rng.int(10) - 5;
      sum += delta;
      step(cores.get(id) as GossipNode, JSON.stringify({ src: "c1", dest: id, body: { type: "add", msg_id: msgId++, delta } }));
      now += 1;
      if (now % DEFAULT_GOSSIP_INTERVAL_MS === 0) tick();
    }
    for (let quiet = 0; quiet < 10_000 && [...cores.values()].some((c) => c.nextDue() < Number.POSITIVE_INFINITY); quiet++) {
      now += DEFAULT_GOSSIP_INTERVAL_MS;
      tick();
    }
    const exact = [...cores.values()].every((c) => c.service?.read().value === sum);
    figures.push({ adds, heapBytes: collectedHeap(), entries: cores.get("n0")?.service?.state.size ?? 0, maxGossipBytes, exact });
    maxGossipBytes = 0;
  }
  return figures;
}
