// The last-writer-wins map of the cluster-sharding design: later timestamps win, ties resolve the same way everywhere, deltas carry exact values.
import { describe, expect, it } from "vitest";
import { NOBODY } from "../../src/datatypes/delta-state.ts";
import { LwwMap, wins } from "../../src/datatypes/lww-map.ts";

const at = (timestamp: number, writer = "c1", value = '"r1"') => ({ value, timestamp, writer });

describe("lww map", () => {
  it("takes a later write for a key and keeps the later one against a stale write", () => {
    const m = new LwwMap();
    expect(m.put("s1", at(1, "c1", '"r1"'), 0)).toBe(true);
    expect(m.put("s1", at(2, "c1", '"r2"'), 0)).toBe(true);
    expect(m.put("s1", at(1, "c1", '"stale"'), 0)).toBe(false);
    expect(m.get("s1")).toEqual(at(2, "c1", '"r2"'));
  });

  it("breaks a timestamp tie by writer, then by value, the same way in either order", () => {
    expect(wins(at(5, "b"), at(5, "a"))).toBe(true);
    expect(wins(at(5, "a"), at(5, "b"))).toBe(false);
    expect(wins(at(5, "a", '"y"'), at(5, "a", '"x"'))).toBe(true);
    const one = new LwwMap();
    const two = new LwwMap();
    one.put("s1", at(5, "a", '"r-a"'), 0);
    two.put("s1", at(5, "b", '"r-b"'), 0);
    one.merge(two.delta(0, two.version, NOBODY, Infinity).values, 0, 0);
    two.merge(one.delta(0, one.version, NOBODY, Infinity).values, 0, 0);
    expect(one.snapshot()).toEqual([["s1", '"r-b"']]);
    expect(two.snapshot()).toEqual(one.snapshot());
  });

  it("a coordinator that joins late adopts every allocation, values byte for byte", () => {
    const remote = new LwwMap();
    remote.put("s2", at(100, "c2", "9007199254740993"), 0);
    remote.put("s1", at(100, "c2", '{"region":"rA"}'), 0);
    const local = new LwwMap();
    expect(local.merge(remote.delta(0, remote.version, NOBODY, Infinity).values, 0, 0)).toBeUndefined();
    expect(local.snapshot()).toEqual([
      ["s1", '{"region":"rA"}'],
      ["s2", "9007199254740993"],
    ]);
  });

  it("holds one entry per key however many writes, and names an unreadable entry", () => {
    const m = new LwwMap();
    for (let t = 0; t < 10_000; t++) m.put(`s${t % 3}`, at(t), t);
    expect(m.size).toBe(3);
    expect(m.merge(['["s1","x","c1","1"]'], 0, 0)).toBe('unreadable map entry ["s1","x","c1","1"]');
  });

  it("takes a write it already holds as no change, so a redelivered entry is not sent again", () => {
    const m = new LwwMap();
    expect(m.put("s1", at(5), 0)).toBe(true);
    const version = m.version;
    expect(m.put("s1", at(5), 1)).toBe(false);
    expect(m.merge([JSON.stringify(["s1", 5, "c1", '"r1"'])], 1, 2)).toBeUndefined();
    expect(m.version).toBe(version);
  });

  it("cuts an unreadable entry's text in its reason", () => {
    expect(new LwwMap().merge(["x".repeat(100)], 0, 0)).toBe(`unreadable map entry ${"x".repeat(80)}`);
  });
});
