// A hand-driven core for tests: client-shaped JSON in, through the decoder and the encoder, wire messages out.
import { GossipNode } from "../../src/engine/node.ts";
import { profiles, type GossipConfig } from "../../src/engine/config.ts";
import type { ServiceName } from "../../src/engine/services.ts";
import { decodeLine } from "../../src/protocol/decode.ts";
import { encodeLine } from "../../src/protocol/encode.ts";
import type { OutboundMessage } from "../../src/protocol/messages.ts";

/** One outbound message as it goes on the wire: its line and the line parsed. */
export interface Sent {
  line: string;
  src: string;
  dest: string;
  body: { type: string; [key: string]: unknown };
}

export class Harness {
  readonly core: GossipNode;
  readonly warnings: string[] = [];

  constructor(config: GossipConfig, workload?: ServiceName) {
    this.core = new GossipNode({ config, ...(workload && { workload }), warn: (w) => this.warnings.push(w) });
  }

  /** A line as stdin would carry it; a refusal comes back from the node's own id, as the runtime sends it. */
  line(line: string, now = 0): Sent[] {
    const decoded = decodeLine(line);
    if (decoded.kind === "invalid") return decoded.reply ? wire([{ ...decoded.reply, src: this.core.nodeId ?? decoded.reply.src }]) : [];
    return wire(this.core.handle({ kind: "message", message: decoded.message }, now));
  }

  send(src: string, body: object, now = 0, dest = this.core.nodeId ?? "n0"): Sent[] {
    return this.line(JSON.stringify({ src, dest, body }), now);
  }

  tick(now: number): Sent[] {
    return wire(this.core.handle({ kind: "tick" }, now));
  }

  init(self: string, ids: readonly string[]): void {
    this.send("c0", { type: "init", msg_id: 1, node_id: self, node_ids: ids }, 0, self);
  }
}

export function wire(out: readonly OutboundMessage[]): Sent[] {
  return out.map((m) => {
    const line = encodeLine(m);
    return { line, ...(JSON.parse(line) as Omit<Sent, "line">) };
  });
}

/** A client's broadcast of `text` (JSON as written) to n0, as a line. */
export const broadcastLine = (msgId: number, text: string): string =>
  `{"src":"c1","dest":"n0","body":{"type":"broadcast","msg_id":${msgId},"message":${text}}}`;

/** Hub n0 and leaf n1 of a two-node cluster on the default profile. */
export function hubAndLeaf(): { hub: Harness; leaf: Harness } {
  const hub = new Harness(profiles.default);
  const leaf = new Harness(profiles.default);
  hub.init("n0", ["n0", "n1"]);
  leaf.init("n1", ["n0", "n1"]);
  return { hub, leaf };
}

export const toLeaf = (out: Sent[]): Sent[] => out.filter((m) => m.dest === "n1" && m.body.type === "gossip");
