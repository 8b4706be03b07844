// The counters: exact sums, refusals that keep every total a safe integer, one entry per node however many adds, unreadable entries named.
import { describe, expect, it } from "vitest";
import { GCounter, PNCounter } from "../../src/datatypes/counter.ts";
import { NOBODY } from "../../src/datatypes/delta-state.ts";

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
