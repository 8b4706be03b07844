// Maelstrom's names for the processes of a test: servers n0, n1, … and clients c0, c1, ….

/** Jepsen's default nodes when no --node-count is given. */
const DEFAULT_SERVERS = ["n1", "n2", "n3", "n4", "n5"];

export function serverIds(nodeCount: number | undefined): string[] {
  return nodeCount === undefined ? [...DEFAULT_SERVERS] : Array.from({ length: nodeCount }, (_, i) => `n${i}`);
}

/** The node count of `serverIds(undefined)`, for figures that need one. */
export const DEFAULT_NODE_COUNT = DEFAULT_SERVERS.length;

/** Maelstrom numbers clients from c0 in the order they are opened. */
export function clientId(n: number): string {
  return `c${n}`;
}

export function isClientId(id: string): boolean {
  return /^c\d+$/.test(id);
}
