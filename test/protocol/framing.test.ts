// Line framing under every chunking.
import { describe, expect, it } from "vitest";
import { LineSplitter } from "../../src/protocol/framing.ts";
import { Rng } from "../../src/sim/world/rng.ts";

function splitAll(splitter: LineSplitter, chunks: readonly Uint8Array[]): string[] {
  const lines: string[] = [];
  for (const chunk of chunks) lines.push(...splitter.push(chunk));
  lines.push(...splitter.end());
  return lines;
}

/** Cuts `bytes` at the given offsets. */
function cut(bytes: Buffer, at: readonly number[]): Buffer[] {
  const points = [0, ...at, bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i] as number, end));
}

describe("LineSplitter", () => {
  const text = '{"a":"héllo → 世界 🎉"}\n{"b":2}\n\n{"c":"ü"}\n';
  const bytes = Buffer.from(text, "utf8");
  const expected = ['{"a":"héllo → 世界 🎉"}', '{"b":2}', '{"c":"ü"}'];

  it("gives the same lines whatever the chunking, including cuts inside multi-byte characters", () => {
    for (let i = 0; i <= bytes.length; i++) {
      for (let j = i; j <= bytes.length; j++) {
        expect(splitAll(new LineSplitter(), cut(bytes, [i, j]))).toEqual(expected);
      }
    }
  });

  it("survives one byte at a time and random chunkings", () => {
    const single = [...bytes].map((b) => Uint8Array.of(b));
    expect(splitAll(new LineSplitter(), single)).toEqual(expected);
    const rng = new Rng(7);
    for (let round = 0; round < 200; round++) {
      const points = Array.from({ length: rng.int(6) }, () => rng.int(bytes.length + 1)).sort((a, b) => a - b);
      expect(splitAll(new LineSplitter(), cut(bytes, points))).toEqual(expected);
    }
  });

  it("strips \\r of \\r\\n endings, also when the \\r and \\n arrive in different chunks", () => {
    const crlf = Buffer.from('{"x":1}\r\n{"y":2}\r\n');
    expect(splitAll(new LineSplitter(), [crlf])).toEqual(['{"x":1}', '{"y":2}']);
    expect(splitAll(new LineSplitter(), cut(crlf, [8]))).toEqual(['{"x":1}', '{"y":2}']);
  });

  it("skips empty and blank lines", () => {
    expect(splitAll(new LineSplitter(), [Buffer.from('\n\n  \n\r\n{"x":1}\n\t\n')])).toEqual(['{"x":1}']);
  });

  it("returns a last line without \\n only at end()", () => {
    const splitter = new LineSplitter();
    expect(splitter.push(Buffer.from('{"x":1}\n{"y"'))).toEqual(['{"x":1}']);
    expect(splitter.push(Buffer.from(":2}"))).toEqual([]);
    expect(splitter.end()).toEqual(['{"y":2}']);
    expect(splitter.end()).toEqual([]);
  });

  it("drops an over-long line, reports it once, and still parses the next line", () => {
    const dropped: number[] = [];
    const splitter = new LineSplitter({ maxLineBytes: 16, onOversize: (n) => dropped.push(n) });
    const long = "x".repeat(40);
    const chunks = cut(Buffer.from(`{"a":1}\n${long}\n{"b":2}\n`), [10, 20, 30, 45]);
    expect(splitAll(splitter, chunks)).toEqual(['{"a":1}', '{"b":2}']);
    expect(dropped).toEqual([40]);
  });

  it("drops an over-long unterminated last line at end()", () => {
    const dropped: number[] = [];
    const splitter = new LineSplitter({ maxLineBytes: 8, onOversize: (n) => dropped.push(n) });
    expect(splitAll(splitter, [Buffer.from("ok\n"), Buffer.from("y".repeat(20))])).toEqual(["ok"]);
    expect(dropped).toEqual([20]);
  });

  it("accepts a line of exactly the cap", () => {
    const splitter = new LineSplitter({ maxLineBytes: 8 });
    expect(splitAll(splitter, [Buffer.from("12345678\n123456789\nabc\n")])).toEqual(["12345678", "abc"]);
  });

  it("decodes invalid UTF-8 leniently instead of failing", () => {
    const lines = splitAll(new LineSplitter(), [Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a, 0x63, 0x0a])]);
    expect(lines).toEqual(["a\uFFFD\uFFFDb", "c"]);
  });

  it("does not keep a reference to the caller's chunk", () => {
    const splitter = new LineSplitter();
    const chunk = Buffer.from("abc");
    splitter.push(chunk);
    chunk.fill(0x7a);
    expect(splitter.push(Buffer.from("\n"))).toEqual(["abc"]);
  });
});
