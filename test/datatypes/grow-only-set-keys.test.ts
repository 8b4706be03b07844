// The grow-only set tells values apart by their texts alone, whether it keeps a text as a bit (a small canonical integer) or as a key.
import { describe, expect, it } from "vitest";
import { LOCAL } from "../../src/datatypes/delta-state.ts";
import { GrowOnlySet } from "../../src/datatypes/grow-only-set.ts";

describe("GrowOnlySet's keys", () => {
  it("takes each text once, and never merges texts that differ, integers or not", () => {
    const set = new GrowOnlySet();
    const texts = ["0", "1", "01", "1.0", "-1", "10", "4194303", "4194304", "99999999", '"1"', "", "1e1", "31", "32", "1000000"];
    for (const text of texts) expect(set.add(text, LOCAL, 0)).toBe(true);
    for (const text of texts) expect(set.add(text, 3, 1)).toBe(false);
    expect(set.texts).toEqual(texts);
    expect(set.bytesBetween(0, set.size)).toBe(texts.reduce((sum, t) => sum + t.length + 1, 0));
  });

  it("keeps each value's origin, time and bytes as it grows", () => {
    const set = new GrowOnlySet();
    for (let i = 0; i < 5000; i++) set.add(String(i * 7), i % 3 === 0 ? LOCAL : i % 5, i / 2);
    expect(set.size).toBe(5000);
    expect(set.changedAt(4999)).toBe(2499.5);
    expect(set.changedAt(5000)).toBe(0);
    expect(set.nextChange(0, 5000, LOCAL)).toBe(1);
    expect(set.bytesBetween(10, 12)).toBe(String(70).length + String(77).length + 2);
    const delta = set.delta(0, 5000, LOCAL, 20);
    expect(delta.values).toEqual(["7", "14", "28", "35", "49", "56", "70"]);
    expect(delta.end).toBe(11);
  });
});
