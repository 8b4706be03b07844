// The EDN reader on what results.edn files hold: scalars, ratios, symbolic values, tagged records.
import { describe, expect, it } from "vitest";
import { EdnError, EdnSymbol, Keyword, Tagged, kw, parseEdn, toPlain } from "../../src/presets/edn.ts";

describe("EDN reader", () => {
  it("reads scalars", () => {
    expect(parseEdn("nil")).toBeNull();
    expect(parseEdn("true")).toBe(true);
    expect(parseEdn("false")).toBe(false);
    expect(parseEdn("-42")).toBe(-42);
    expect(parseEdn("7N")).toBe(7);
    expect(parseEdn("14.732788")).toBe(14.732788);
    expect(parseEdn("2.5e3")).toBe(2500);
    expect(parseEdn("1.5M")).toBe(1.5);
    expect(parseEdn("1/4")).toBe(0.25);
    expect(parseEdn("##Inf")).toBe(Infinity);
    expect(parseEdn("##-Inf")).toBe(-Infinity);
    expect(parseEdn("##NaN")).toBeNaN();
    expect(parseEdn('"a \\"quoted\\" line\\n\\u00e9"')).toBe('a "quoted" line\né');
    expect(parseEdn("\\a")).toBe("a");
    expect(parseEdn("\\newline")).toBe("\n");
  });

  it("interns keywords and symbols, so they work as map keys", () => {
    expect(parseEdn(":valid?")).toBe(kw("valid?"));
    expect(parseEdn(":unknown")).toBeInstanceOf(Keyword);
    expect(parseEdn("jepsen.history.Op")).toBe(EdnSymbol.of("jepsen.history.Op"));
    const m = parseEdn("{:valid? :unknown, :count 3}") as Map<unknown, unknown>;
    expect(m.get(kw("valid?"))).toBe(kw("unknown"));
    expect(m.get(kw("count"))).toBe(3);
  });

  it("reads collections, comments, commas and discarded forms", () => {
    const text = `
      ; a comment line
      {:v [1 2 3], :l (4 5) ; trailing comment
       :s #{:a :b}, :skip #_ ignored-form :kept
       0.5 452, 1 791, "k" {}}`;
    const m = parseEdn(text) as Map<unknown, unknown>;
    expect(m.get(kw("v"))).toEqual([1, 2, 3]);
    expect(m.get(kw("l"))).toEqual([4, 5]);
    expect(m.get(kw("s"))).toEqual(new Set([kw("a"), kw("b")]));
    expect(m.get(kw("skip"))).toBe(kw("kept"));
    expect(m.get(0.5)).toBe(452);
    expect(m.get(1)).toBe(791);
    expect(m.get("k")).toEqual(new Map());
  });

  it("reads #inst as a Date and other tags as Tagged", () => {
    expect(parseEdn('#inst "2024-03-01T10:20:30.000-00:00"')).toEqual(new Date("2024-03-01T10:20:30Z"));
    const op = parseEdn("#jepsen.history.Op{:index 12, :type :ok}");
    expect(op).toBeInstanceOf(Tagged);
    expect((op as Tagged).tag).toBe("jepsen.history.Op");
    expect(toPlain(op)).toEqual({ index: 12, type: "ok" });
  });

  it("turns EDN into plain data with string keys", () => {
    expect(toPlain(parseEdn("{:stable-latencies {0 0, 0.5 86, 1 224}, :lost (), :valid? :unknown, :s #{1}}"))).toEqual({
      "stable-latencies": { "0": 0, "0.5": 86, "1": 224 },
      lost: [],
      "valid?": "unknown",
      s: [1],
    });
  });

  it("reports malformed input with its position", () => {
    expect(() => parseEdn('{:a "open')).toThrow(EdnError);
    expect(() => parseEdn("{:a 1 :b}")).toThrow(/even number of forms/);
    expect(() => parseEdn("[1 2]\n  ]")).toThrow(/after the value at line 2, column 3/);
    expect(() => parseEdn("(1 2")).toThrow(/end of input/);
    expect(() => parseEdn("12abc")).toThrow(/bad number/);
  });
});
