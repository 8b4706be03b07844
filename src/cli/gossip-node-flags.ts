// The gossip node's flags, their defaults and the config they make, free of commander: a node started without flags (as Maelstrom starts it) never loads the parser.
import { DEFAULT_GOSSIP_INTERVAL_MS, profiles, type GossipConfig, type ProfileName } from "../engine/config.ts";
import type { ServiceName } from "../engine/services.ts";
import type { LogLevel } from "../runtime/logger.ts";

export interface NodeFlags {
  gossipInterval: number;
  profile: ProfileName;
  overlay?: GossipConfig["overlay"];
  fanoutDelay?: number;
  forwardDelay?: number;
  workload?: ServiceName;
  logLevel: LogLevel;
}

/** What a node started without flags runs with; the command line shows the same as its defaults. */
export const DEFAULT_NODE_FLAGS = { gossipInterval: DEFAULT_GOSSIP_INTERVAL_MS, profile: "default", logLevel: "info" } as const satisfies NodeFlags;

/** The profile's tuning with the flags that override it. */
export function gossipConfig(flags: NodeFlags): GossipConfig {
  return {
    ...profiles[flags.profile],
    ...(flags.overlay !== undefined && { overlay: flags.overlay }),
    ...(flags.fanoutDelay !== undefined && { fanoutDelay: flags.fanoutDelay }),
    ...(flags.forwardDelay !== undefined && { forwardDelay: flags.forwardDelay }),
  };
}
