// Maelstrom's names for the processes of a test: servers n0, n1, … and clients c0, c1, ….

/** Jepsen's default nodes when no --node-count is given. */
const DEFAULT_SERVERS = ["n1", "n2", "n3", "n4", "n5"];

/** As Jepsen's: `--node-count` names n0..n{N-1} and overrides `--nodes`, which names them itself. */
export function serverIds(nodeCount: number | undefined, names?: readonly string[]): string[] {
  if (nodeCount !== undefined) return Array.from({ length: nodeCount }, (_, i) => `n${i}`);
  return [...(names ?? DEFAULT_SERVERS)];
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
