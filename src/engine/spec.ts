// The gossip node as any runner takes a node: its core, the value-text codec and the timer's period.
import type { NodeSpec } from "../protocol/core.ts";
import { valueTextCodec } from "../protocol/codec.ts";
import type { InboundMessage, OutboundMessage } from "../protocol/messages.ts";
import type { GossipConfig } from "./config.ts";
import { GossipNode } from "./node.ts";
import type { ServiceName } from "./services.ts";

/**
 * The project's own node through the same public contract a user's node satisfies. Without a
 * workload each core learns it from the first write, topology or gossip it receives.
 */
export function gossipNode(config: GossipConfig, tickInterval: number, workload?: ServiceName): NodeSpec<InboundMessage, OutboundMessage, GossipNode> {
  return {
    codec: valueTextCodec,
    tickInterval,
    create: (host) => new GossipNode({ config, ...(workload && { workload }), warn: (text) => host.warn(text) }),
  };
}
