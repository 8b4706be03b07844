// Maelstrom's broadcast topologies (src/maelstrom/workload/broadcast.clj), neighbour order included.
export const topologyNames = ["grid", "line", "tree", "tree2", "tree3", "tree4", "total"] as const;
export type TopologyName = (typeof topologyNames)[number];

export type Topology = Record<string, string[]>;

export function makeTopology(name: TopologyName, nodes: readonly string[]): Topology {
  switch (name) {
    case "grid":
      return grid(nodes);
    case "line":
      return line(nodes);
    case "tree":
    case "tree2":
      return tree(nodes, 2);
    case "tree3":
      return tree(nodes, 3);
    case "tree4":
      return tree(nodes, 4);
    case "total":
      return Object.fromEntries(nodes.map((n) => [n, nodes.filter((m) => m !== n)]));
  }
}

/** Row-major in a square of side ceil(sqrt(n)); neighbours below, above, right, left. */
function grid(nodes: readonly string[]): Topology {
  const side = Math.ceil(Math.sqrt(nodes.length));
  const at = (row: number, col: number): string | undefined =>
    row >= 0 && col >= 0 && col < side ? nodes[row * side + col] : undefined;
  const out: Topology = {};
  nodes.forEach((node, i) => {
    const row = Math.floor(i / side);
    const col = i % side;
    out[node] = [at(row + 1, col), at(row - 1, col), at(row, col + 1), at(row, col - 1)].filter((x) => x !== undefined);
  });
  return out;
}

function line(nodes: readonly string[]): Topology {
  // Maelstrom's line-topology returns an empty map below two nodes: a lone n0 gets no key at all.
  if (nodes.length < 2) return {};
  const out: Topology = {};
  nodes.forEach((node, i) => {
    out[node] = [nodes[i - 1], nodes[i + 1]].filter((x) => x !== undefined);
  });
  return out;
}

/** A `branching`-ary tree in breadth-first order: the parent first, then the children. */
function tree(nodes: readonly string[], branching: number): Topology {
  const out: Topology = {};
  nodes.forEach((node, i) => {
    const parent = i > 0 ? [nodes[Math.floor((i - 1) / branching)] as string] : [];
    const children = nodes.slice(branching * i + 1, branching * i + branching + 1);
    out[node] = [...parent, ...children];
  });
  return out;
}
