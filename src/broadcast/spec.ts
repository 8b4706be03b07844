// The gossip node as any runner takes a node: its core, the value-text codec and the timer's period.
import type { NodeSpec } from "../protocol/core.ts";
import { valueTextCodec } from "../protocol/codec.ts";
import type { InboundMessage, OutboundMessage } from "../protocol/messages.ts";
import type { GossipConfig } from "./config.ts";
import { BroadcastNode } from "./node.ts";

/** The project's own node through the same public contract a user's node satisfies. */
export function gossipNode(config: GossipConfig, tickInterval: number): NodeSpec<InboundMessage, OutboundMessage, BroadcastNode> {
  return { codec: valueTextCodec, tickInterval, create: (host) => new BroadcastNode({ config, warn: (text) => host.warn(text) }) };
}
