// The counters: exact sums, refusals that keep every total a safe integer, one entry per node however many adds, unreadable entries named.
import { describe, expect, it } from "vitest";
import { GCounter, PNCounter } from "../../src/datatypes/counter.ts";
import { LOCAL, NOBODY } from "../../src/datatypes/delta-state.ts";

describe("counters", () => {
  it("sum increments and decrements, and a grow-only one refuses a decrement", () => {
    const pn = new PNCounter();
    expect(pn.add("n1", 4, 0)).toBeUndefined();
    expect(pn.add("n1", -6, 0)).toBeUndefined();
    expect(pn.add("n2", 3, 0)).toBeUndefined();
    expect(pn.value()).toBe(1);
    const g = new GCounter();
    expect(g.add("n1", -1, 0)).toBe("a grow-only counter cannot add -1");
    expect(g.add("n1", 2, 0)).toBeUndefined();
    expect(g.value()).toBe(2);
  });

  it("hold one entry per node and send O(nodes) however many adds there were", () => {
    const pn = new PNCounter();
    for (let i = 0; i < 100_000; i++) pn.add(`n${i % 5}`, (i % 10) - 5, i);
    expect(pn.size).toBe(5);
    expect(pn.value()).toBe(-50_000);
    const { values } = pn.delta(0, pn.version, NOBODY, Number.POSITIVE_INFINITY);
    expect(values).toHaveLength(5);
    expect(values).toContain('["n1",10000,40000]');
  });

  it("a zero delta changes nothing and takes no position", () => {
    const pn = new PNCounter();
    expect(pn.add("n1", 0, 0)).toBeUndefined();
    expect(pn.version).toBe(0);
  });

  it("refuse an add that would take a total past 2^53 - 1, and merge by the maximum", () => {
    const pn = new PNCounter();
    expect(pn.merge([`["n2",${Number.MAX_SAFE_INTEGER - 1},0]`], 0, 0)).toBeUndefined();
    expect(pn.add("n1", 2, 0)).toMatch(/past 2\^53 - 1/);
    expect(pn.add("n1", 1, 0)).toBeUndefined();
    expect(pn.value()).toBe(Number.MAX_SAFE_INTEGER);
    expect(pn.merge(['["n3",5,0]'], 0, 0)).toMatch(/past 2\^53 - 1/);
    expect(pn.merge(['["n2",3,0]'], 0, 0)).toBeUndefined();
    expect(pn.value()).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("name an unreadable entry and keep the readable ones", () => {
    const g = new GCounter();
    expect(g.merge(['["n1",3]', '["n2",-1]', "[1,2]", '["n3",1,1]', '["n4",2]'], 0, 0)).toBe('unreadable counter entry ["n2",-1]');
    expect(g.value()).toBe(5);
    expect(new PNCounter().merge(["{"], 0, 0)).toBe("unreadable counter entry {");
  });

  it("moves a changed entry to a new position and leaves a peer's own out of its delta", () => {
    const pn = new PNCounter();
    pn.add("n1", 1, 10);
    pn.merge(['["n2",7,0]'], 3, 20);
    pn.add("n1", 1, 30);
    expect(pn.version).toBe(3);
    expect(pn.nextChange(0, 3, 3)).toBe(2);
    expect(pn.changedAt(2)).toBe(30);
    expect(pn.delta(0, 3, 3, Number.POSITIVE_INFINITY)).toEqual({ values: ['["n1",2,0]'], end: 3 });
    expect(pn.delta(0, 3, NOBODY, 1)).toEqual({ values: ['["n2",7,0]'], end: 2 });
  });
});

describe("a counter's entries as a log", () => {
  /** n0's own add, then n1's and n2's entries from peers 1 and 2: positions 0, 1, 2, nine bytes each with their separators. */
  function threeNodes(): GCounter {
    const g = new GCounter();
    g.add("n0", 1, 5);
    g.merge(['["n1",2]'], 1, 6);
    g.merge(['["n2",3]'], 2, 7);
    return g;
  }

  it("finds the next change from a position, skipping one origin's, and stops at the bound", () => {
    const g = threeNodes();
    expect(g.nextChange(0, 3, LOCAL)).toBe(1);
    expect(g.nextChange(1, 1, 1)).toBe(1);
    expect(g.nextChange(1, 3, 1)).toBe(2);
    expect(g.lastChangedAt()).toBe(7);
    expect(g.totalsByNode()).toEqual(new Map([["n0", [1]], ["n1", [2]], ["n2", [3]]]));
  });

  it("counts the bytes between two positions, and a delta stops at its bound or its byte limit", () => {
    const g = threeNodes();
    expect(g.bytesBetween(0, 3)).toBe(27);
    expect(g.bytesBetween(1, 2)).toBe(9);
    expect(g.delta(0, 2, NOBODY, Number.POSITIVE_INFINITY)).toEqual({ values: ['["n0",1]', '["n1",2]'], end: 2 });
    expect(g.delta(0, 3, NOBODY, 18)).toEqual({ values: ['["n0",1]', '["n1",2]'], end: 2 });
    expect(g.delta(0, 3, NOBODY, 17)).toEqual({ values: ['["n0",1]'], end: 1 });
  });

  it("takes a total up to 2^53 - 1 exactly, counting a raised entry once, and cuts a refused entry's text in its reason", () => {
    const g = new GCounter();
    const max = Number.MAX_SAFE_INTEGER;
    expect(g.merge([`["n1",${max - 2}]`], 1, 0)).toBeUndefined();
    expect(g.merge([`["n1",${max - 1}]`], 1, 0)).toBeUndefined();
    expect(g.merge(['["n2",1]'], 2, 0)).toBeUndefined();
    expect(g.value()).toBe(max);
    const long = `["${"k".repeat(100)}",1]`;
    expect(g.merge([long], 3, 0)).toBe(`counter entry ${long.slice(0, 80)} would take a total past 2^53 - 1`);
    expect(g.merge(["x".repeat(100)], 3, 0)).toBe(`unreadable counter entry ${"x".repeat(80)}`);
  });

  it("takes an entry it already holds as no change, so a redelivered entry is not sent again", () => {
    const g = threeNodes();
    const version = g.version;
    expect(g.merge(['["n1",2]', '["n2",1]'], 1, 8)).toBeUndefined();
    expect(g.version).toBe(version);
    expect(g.value()).toBe(6);
  });
});
