// The gossip tuning of the node: profiles, their fields and the default timer period.
/** The runtime's default timer period: a gossip tick every this many ms, in the node and in the simulator. */
export const DEFAULT_GOSSIP_INTERVAL_MS = 10;

/** How a node spreads values. Every field is in milliseconds of the clock the runtime passes in. */
export interface GossipConfig {
  /**
   * `star`: every node talks only to one hub (the first of `node_ids`), whatever topology
   * Maelstrom offers — two hops between any two nodes. `given`: gossip along Maelstrom's topology.
   */
  overlay: "star" | "given";
  /** How long the hub (or, in `given`, every node) lets new values gather before sending them to a peer. */
  fanoutDelay: number;
  /** How long a star leaf lets its clients' values gather before sending them to the hub; 0 sends at once. */
  forwardDelay: number;
  /** Bounds of the retransmission timeout. The upper bound also bounds how long a healed partition waits. */
  rtoMin: number;
  rtoMax: number;
  /** A peer that has gone quiet this long gets a bare acknowledgement of what it sent. */
  ackQuiet: number;
  /** No acknowledgement is owed longer than this, even to a chatty peer. */
  ackMax: number;
  /**
   * Reads at a star leaf pull the hub's delta and are answered when it arrives; a pull unanswered
   * for `timeoutMin`..`timeoutMax` (as the measured round trip says) is answered from local
   * state. Absent: every read is answered from local state at once.
   */
  pull?: PullConfig;
  /**
   * On the star: clusters of more than this many nodes get two levels, groups of about √N whose
   * hubs push to each other (src/engine/overlay.ts). Unset: `FLAT_STAR_MAX_NODES`; Infinity keeps
   * any cluster a flat star, for comparison.
   */
  flatStarMaxNodes?: number;
  /**
   * Deliberate defects, for proving that the tests and the simulator catch them. Never set
   * outside tests.
   */
  defects?: { noRetransmit?: boolean; ackOffByOne?: boolean };
}

export interface PullConfig {
  timeoutMin: number;
  timeoutMax: number;
}

export const profiles = {
  /** Low latency at under two messages per operation (Gossip Glomers 3d and 3e). */
  default: { overlay: "star", fanoutDelay: 120, forwardDelay: 0, rtoMin: 600, rtoMax: 1000, ackQuiet: 250, ackMax: 3000 },
  /**
   * As few messages as 3e's latency limits allow. The hub's fan-out costs a message per leaf per
   * round and a leaf's batch only one, so the hub waits longer than the leaves do.
   */
  frugal: { overlay: "star", fanoutDelay: 800, forwardDelay: 350, rtoMin: 1000, rtoMax: 1500, ackQuiet: 1200, ackMax: 4000 },
  /**
   * Leaves forward each value to the hub at once and pull the hub's delta for each read, so a read
   * sees every value acknowledged before it: two messages per read at a leaf, one per write. The
   * hub's rounds are only the background anti-entropy that reaches nodes that are never read.
   */
  pull: {
    overlay: "star",
    fanoutDelay: 3000,
    forwardDelay: 0,
    rtoMin: 1200,
    rtoMax: 2000,
    ackQuiet: 800,
    ackMax: 3000,
    pull: { timeoutMin: 50, timeoutMax: 1000 },
  },
  /** Gossip along Maelstrom's offered topology, sending new values at once. */
  mesh: { overlay: "given", fanoutDelay: 0, forwardDelay: 0, rtoMin: 300, rtoMax: 1000, ackQuiet: 250, ackMax: 1000 },
} as const satisfies Record<string, GossipConfig>;

export type ProfileName = keyof typeof profiles;
export const profileNames = Object.keys(profiles) as ProfileName[];

export function isProfileName(name: string): name is ProfileName {
  return Object.hasOwn(profiles, name);
}
