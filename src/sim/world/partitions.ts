// The partition shapes of Jepsen's nemesis, and random one-way cuts for the simulator.
import type { Rng } from "./rng.ts";

/** The partition shapes of Jepsen's combined nemesis that Maelstrom's `--nemesis partition` uses. */
export const partitionShapes = ["one", "minority-third", "majority", "majorities-ring"] as const;
/** Beyond Maelstrom, for the deterministic simulator: every directed link cut at random, so cuts can be one-way. */
export const simulatorShapes = [...partitionShapes, "random"] as const;
export type PartitionShape = (typeof simulatorShapes)[number];

/** receiver → the senders whose messages it drops. */
export type Grudge = Map<string, Set<string>>;

/** Every node drops messages from every node outside its own component. */
export function completeGrudge(components: readonly (readonly string[])[]): Grudge {
  const grudge: Grudge = new Map();
  for (const component of components) {
    const others = components.filter((c) => c !== component).flat();
    for (const node of component) grudge.set(node, new Set(others));
  }
  return grudge;
}

/** Splits a list at half its length (rounded down): the first part is the smaller one. */
function bisect<T>(items: readonly T[]): [T[], T[]] {
  const mid = Math.floor(items.length / 2);
  return [items.slice(0, mid), items.slice(mid)];
}

/**
 * Every node sees a majority, and no two see the same one. Up to five nodes: a shuffled ring in
 * which each node hears the majority window centred on it. Beyond that, as Jepsen does: link
 * the least-connected node to another least-connected node it does not hear yet, until every
 * node hears a majority.
 */
export function majoritiesRing(nodes: readonly string[], rng: Rng): Grudge {
  const n = nodes.length;
  const majority = Math.floor(n / 2) + 1;
  const grudge: Grudge = new Map();
  if (n <= 5) {
    const ring = rng.shuffle(nodes);
    for (let k = 0; k < n; k++) {
      const window = Array.from({ length: majority }, (_, j) => ring[(k + j) % n] as string);
      grudge.set(window[Math.floor(majority / 2)] as string, new Set(nodes.filter((m) => !window.includes(m))));
    }
    return grudge;
  }
  const hears = new Map(nodes.map((x) => [x, new Set([x])]));
  const degree = (x: string): number => (hears.get(x) as Set<string>).size;
  for (;;) {
    const byDegree = rng.shuffle(nodes).sort((a, b) => degree(a) - degree(b));
    const a = byDegree[0] as string;
    if (degree(a) >= majority) break;
    const b = byDegree.find((x) => x !== a && !(hears.get(a) as Set<string>).has(x)) as string;
    (hears.get(a) as Set<string>).add(b);
    (hears.get(b) as Set<string>).add(a);
  }
  for (const x of nodes) grudge.set(x, new Set(nodes.filter((m) => !(hears.get(x) as Set<string>).has(m))));
  return grudge;
}

export function makePartition(shape: PartitionShape, nodes: readonly string[], rng: Rng): Grudge {
  const shuffled = rng.shuffle(nodes);
  switch (shape) {
    case "one":
      return completeGrudge([shuffled.slice(0, 1), shuffled.slice(1)]);
    case "minority-third": {
      const third = Math.floor((nodes.length - 1) / 3);
      return completeGrudge([shuffled.slice(0, third), shuffled.slice(third)]);
    }
    case "majority":
      return completeGrudge(bisect(shuffled));
    case "majorities-ring":
      return majoritiesRing(nodes, rng);
    case "random": {
      const cut = rng.next();
      return new Map(nodes.map((receiver) => [receiver, new Set(nodes.filter((s) => s !== receiver && rng.next() < cut))]));
    }
  }
}

/** A short description for progress lines and reports: the smaller side of a split, or the ring. */
export function describePartition(shape: PartitionShape, grudge: Grudge): string {
  if (shape === "majorities-ring" || shape === "random") return shape;
  let smallest: string[] | undefined;
  const seen = new Set<string>();
  for (const [node, dropped] of grudge) {
    if (seen.has(node)) continue;
    const side = [...grudge.keys()].filter((m) => !dropped.has(m));
    for (const m of side) seen.add(m);
    if (!smallest || side.length < smallest.length) smallest = side;
  }
  return `${shape} [${(smallest ?? []).join(" ")}] cut off`;
}

/**
 * The groups of a clean partition — disjoint, each node hearing exactly the nodes of its own
 * group — or undefined when the cut is not that (a ring of majorities, one-way cuts).
 */
export function cleanComponents(grudge: Grudge, nodes: readonly string[]): string[][] | undefined {
  const groups = new Map<string, string[]>();
  for (const node of nodes) {
    const dropped = grudge.get(node) ?? new Set<string>();
    const hears = nodes.filter((m) => !dropped.has(m));
    const key = hears.join(" ");
    if (!hears.includes(node)) return undefined;
    groups.set(key, [...(groups.get(key) ?? []), node]);
  }
  for (const [key, members] of groups) if (key !== members.join(" ")) return undefined;
  return [...groups.values()];
}
