// Maelstrom's broadcast topologies, neighbour order included.
import { describe, expect, it } from "vitest";
import { makeTopology } from "../../../src/sim/world/topology.ts";

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i}`);
const n = (...xs: number[]): string[] => xs.map((x) => `n${x}`);

describe("topologies (maelstrom-facts §1)", () => {
  it("grid, 5 nodes: down, up, right, left", () => {
    expect(makeTopology("grid", ids(5))).toEqual({ n0: n(3, 1), n1: n(4, 2, 0), n2: n(1), n3: n(0, 4), n4: n(1, 3) });
  });

  it("line, tree2 and tree3 with 5 nodes", () => {
    expect(makeTopology("line", ids(5))).toEqual({ n0: n(1), n1: n(0, 2), n2: n(1, 3), n3: n(2, 4), n4: n(3) });
    expect(makeTopology("tree2", ids(5))).toEqual({ n0: n(1, 2), n1: n(0, 3, 4), n2: n(0), n3: n(1), n4: n(1) });
    expect(makeTopology("tree", ids(5))).toEqual(makeTopology("tree2", ids(5)));
    expect(makeTopology("tree3", ids(5))).toEqual({ n0: n(1, 2, 3), n1: n(0, 4), n2: n(0), n3: n(0), n4: n(1) });
  });

  it("grid, 25 nodes", () => {
    expect(makeTopology("grid", ids(25))).toEqual({
      n0: n(5, 1), n1: n(6, 2, 0), n2: n(7, 3, 1), n3: n(8, 4, 2), n4: n(9, 3),
      n5: n(10, 0, 6), n6: n(11, 1, 7, 5), n7: n(12, 2, 8, 6), n8: n(13, 3, 9, 7), n9: n(14, 4, 8),
      n10: n(15, 5, 11), n11: n(16, 6, 12, 10), n12: n(17, 7, 13, 11), n13: n(18, 8, 14, 12), n14: n(19, 9, 13),
      n15: n(20, 10, 16), n16: n(21, 11, 17, 15), n17: n(22, 12, 18, 16), n18: n(23, 13, 19, 17), n19: n(24, 14, 18),
      n20: n(15, 21), n21: n(16, 22, 20), n22: n(17, 23, 21), n23: n(18, 24, 22), n24: n(19, 23),
    });
  });

  it("tree4, 25 nodes: parent first, then children", () => {
    const expected: Record<string, string[]> = {
      n0: n(1, 2, 3, 4),
      n1: n(0, 5, 6, 7, 8),
      n2: n(0, 9, 10, 11, 12),
      n3: n(0, 13, 14, 15, 16),
      n4: n(0, 17, 18, 19, 20),
      n5: n(1, 21, 22, 23, 24),
    };
    for (let i = 6; i <= 8; i++) expected[`n${i}`] = n(1);
    for (let i = 9; i <= 12; i++) expected[`n${i}`] = n(2);
    for (let i = 13; i <= 16; i++) expected[`n${i}`] = n(3);
    for (let i = 17; i <= 20; i++) expected[`n${i}`] = n(4);
    for (let i = 21; i <= 24; i++) expected[`n${i}`] = n(5);
    expect(makeTopology("tree4", ids(25))).toEqual(expected);
  });

  it("edge counts and the one-node cases", () => {
    const edges = (t: Record<string, string[]>): number => Object.values(t).reduce((a, l) => a + l.length, 0) / 2;
    expect(edges(makeTopology("grid", ids(5)))).toBe(5);
    expect(edges(makeTopology("grid", ids(25)))).toBe(40);
    expect(edges(makeTopology("total", ids(25)))).toBe(300);
    expect(makeTopology("grid", ids(1))).toEqual({ n0: [] });
    // Maelstrom's line topology has no key at all for a lone node.
    expect(makeTopology("line", ids(1))).toEqual({});
  });
});
