// The partition shapes of Jepsen's combined nemesis.
import { describe, expect, it } from "vitest";
import { makePartition, type Grudge } from "../../../src/sim/world/partitions.ts";
import { Rng } from "../../../src/sim/world/rng.ts";

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i}`);

/** What each node hears: everyone except those it drops. */
function hearing(grudge: Grudge, nodes: readonly string[]): Map<string, string[]> {
  return new Map(nodes.map((x) => [x, nodes.filter((m) => !grudge.get(x)?.has(m))]));
}

/** For a complete grudge: the sizes of its components, smallest first. */
function componentSizes(grudge: Grudge, nodes: readonly string[]): number[] {
  const sides = new Set([...hearing(grudge, nodes).values()].map((h) => h.join(" ")));
  return [...sides].map((s) => s.split(" ").length).sort((a, b) => a - b);
}

function symmetric(grudge: Grudge): boolean {
  for (const [a, dropped] of grudge) for (const b of dropped) if (!grudge.get(b)?.has(a)) return false;
  return true;
}

describe("partition shapes", () => {
  const seeds = Array.from({ length: 30 }, (_, i) => i + 1);

  it("one: a single node isolated both ways, a different one across seeds", () => {
    const loners = new Set<string>();
    for (const seed of seeds) {
      const g = makePartition("one", ids(5), new Rng(seed));
      expect(componentSizes(g, ids(5))).toEqual([1, 4]);
      expect(symmetric(g)).toBe(true);
      const loner = [...g].find(([, d]) => d.size === 4)?.[0];
      expect(loner).toBeDefined();
      loners.add(loner as string);
    }
    expect(loners.size).toBe(5);
  });

  it("minority-third cuts off floor((n-1)/3) nodes", () => {
    for (const seed of seeds) {
      expect(componentSizes(makePartition("minority-third", ids(5), new Rng(seed)), ids(5))).toEqual([1, 4]);
      expect(componentSizes(makePartition("minority-third", ids(25), new Rng(seed)), ids(25))).toEqual([8, 17]);
      expect(componentSizes(makePartition("minority-third", ids(7), new Rng(seed)), ids(7))).toEqual([2, 5]);
    }
    // Three nodes: floor(2/3) = 0, so nobody is cut off.
    const g = makePartition("minority-third", ids(3), new Rng(1));
    expect([...g.values()].every((d) => d.size === 0)).toBe(true);
  });

  it("majority splits into the smaller half and the rest", () => {
    for (const seed of seeds) {
      const g5 = makePartition("majority", ids(5), new Rng(seed));
      expect(componentSizes(g5, ids(5))).toEqual([2, 3]);
      expect(symmetric(g5)).toBe(true);
      expect(componentSizes(makePartition("majority", ids(25), new Rng(seed)), ids(25))).toEqual([12, 13]);
      expect(componentSizes(makePartition("majority", ids(6), new Rng(seed)), ids(6))).toEqual([3, 3]);
    }
  });

  for (const size of [5, 25]) {
    it(`majorities-ring, ${size} nodes: every node hears a majority and no two hear the same set`, () => {
      const nodes = ids(size);
      const majority = Math.floor(size / 2) + 1;
      for (const seed of seeds) {
        const heard = hearing(makePartition("majorities-ring", nodes, new Rng(seed)), nodes);
        for (const [x, h] of heard) {
          expect(h).toContain(x);
          expect(h.length).toBeGreaterThanOrEqual(majority);
          // Not a partition at all would be a useless fault.
          expect(h.length).toBeLessThan(size);
        }
        expect(new Set([...heard.values()].map((h) => h.join(" "))).size).toBe(size);
        if (size === 5) {
          // The perfect ring: each node hears itself and its two ring neighbours, symmetrically.
          expect([...heard.values()].every((h) => h.length === 3)).toBe(true);
          expect(symmetric(makePartition("majorities-ring", nodes, new Rng(seed)))).toBe(true);
        }
      }
    });
  }
});
