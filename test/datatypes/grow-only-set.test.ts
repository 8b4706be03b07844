// The grow-only set keeps its texts joined as it grows: every read's pieces are exactly its texts, comma-joined, in order.
import { describe, expect, it } from "vitest";
import { LOCAL } from "../../src/datatypes/delta-state.ts";
import { GrowOnlySet } from "../../src/datatypes/grow-only-set.ts";
import { encodeLine } from "../../src/protocol/encode.ts";
import { JOINED, PIECE_CHARS, joinedPieces } from "../../src/protocol/joined.ts";

/** What a read's pieces must be, whoever joins them: the texts, comma-joined. */
function expectJoined(set: GrowOnlySet): readonly string[] {
  const all = set.all();
  const pieces = all[JOINED];
  expect(pieces).toBeDefined();
  expect(pieces?.join("")).toBe(all.join(","));
  return pieces ?? [];
}

describe("GrowOnlySet's joined texts", () => {
  it("are right when empty, for one text, and across piece boundaries, a big text among them", () => {
    const set = new GrowOnlySet();
    expect(expectJoined(set)).toEqual([]);
    set.add("1", LOCAL, 0);
    expect(expectJoined(set)).toEqual(["1"]);
    const big = JSON.stringify("x".repeat(PIECE_CHARS * 2));
    for (let i = 2; i < 60_000; i++) {
      set.add(i === 20_000 ? big : String(i), LOCAL, 0);
      // A text past PIECE_CHARS finishes a piece: this read has no tail to join.
      if (i === 20_000) expect(expectJoined(set).at(-1)?.endsWith(big)).toBe(true);
    }
    const pieces = expectJoined(set);
    expect(pieces.length).toBeGreaterThan(5);
    // Only the piece holding the big text is much longer than PIECE_CHARS.
    expect(pieces.filter((p) => p.length > PIECE_CHARS + 10)).toHaveLength(1);
    expect(pieces.slice(1).every((p) => p.startsWith(","))).toBe(true);
  });

  it("follow every add, and a snapshot stays as it was", () => {
    const set = new GrowOnlySet();
    for (let i = 0; i < 30_000; i++) set.add(String(i), LOCAL, 0);
    const before = set.all();
    const beforeLine = before[JOINED]?.join("");
    set.add("30000", LOCAL, 0);
    set.add("0", LOCAL, 0);
    expect(set.all()).not.toBe(before);
    expect(expectJoined(set).join("").endsWith(",29999,30000")).toBe(true);
    expect(before).toHaveLength(30_000);
    expect(before[JOINED]?.join("")).toBe(beforeLine);
    expect(set.all()).toBe(set.all());
  });

  it("of a snapshot stay as they were when later texts finish pieces, with or without a tail", () => {
    const big = (c: string): string => JSON.stringify(c.repeat(PIECE_CHARS + 1));
    const set = new GrowOnlySet();
    set.add("1", LOCAL, 0);
    set.add(big("a"), LOCAL, 0);
    const atCut = set.all();
    set.add("2", LOCAL, 0);
    const withTail = set.all();
    set.add(big("b"), LOCAL, 0);
    set.add("3", LOCAL, 0);
    expectJoined(set);
    for (const snapshot of [atCut, withTail]) expect(snapshot[JOINED]?.join("")).toBe(snapshot.join(","));
    expect(atCut).toHaveLength(2);
  });

  it("are what the encoder writes, and plain arrays are joined the same way", () => {
    const set = new GrowOnlySet();
    const texts = Array.from({ length: 20_000 }, (_, i) => `{"k":${i}}`);
    for (const t of texts) set.add(t, LOCAL, 0);
    const line = encodeLine({ src: "n0", dest: "c1", body: { type: "read_ok", in_reply_to: 1, messages: set.all() } });
    expect(line).toBe(`{"src":"n0","dest":"c1","body":{"type":"read_ok","in_reply_to":1,"messages":[${texts.join(",")}]}}`);
    expect(joinedPieces(texts)).toEqual(set.all()[JOINED]);
    expect(Object.keys(set.all())).toHaveLength(20_000);
  });
});

describe("GrowOnlySet's log", () => {
  it("says whether an add was new, and keeps one entry per text", () => {
    const set = new GrowOnlySet();
    expect(set.add("1", LOCAL, 0)).toBe(true);
    expect(set.add("1", 0, 5)).toBe(false);
    expect(set.add("2", 0, 5)).toBe(true);
    expect(set.all()).toEqual(["1", "2"]);
  });

  it("never scans past `to` for the next change, and fills a delta to exactly maxBytes", () => {
    const set = new GrowOnlySet();
    for (const t of ["1", "2", "3", "4"]) set.add(t, 7, 0);
    set.add("5", LOCAL, 0);
    expect(set.nextChange(0, 2, 7)).toBe(2);
    expect(set.nextChange(0, 5, 7)).toBe(4);
    // Each one-character text costs 2 bytes with its comma: 4 bytes hold exactly two.
    expect(set.delta(0, 5, LOCAL, 4)).toEqual({ values: ["1", "2"], end: 2 });
    expect(set.delta(0, 5, LOCAL, 3)).toEqual({ values: ["1"], end: 1 });
  });

  it("counts the bytes between two positions, each text with its comma", () => {
    const set = new GrowOnlySet();
    for (const t of ["1", "22", "333"]) set.add(t, LOCAL, 0);
    expect(set.bytesBetween(0, 3)).toBe(9);
    expect(set.bytesBetween(1, 3)).toBe(7);
    expect(set.bytesBetween(2, 2)).toBe(0);
  });
});
