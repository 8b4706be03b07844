// Values round-trip byte for byte through broadcast, gossip and read; the scanner refuses what is not JSON, cheaply.
import { describe, expect, it } from "vitest";
import { profiles } from "../../src/engine/config.ts";
import { decodeLine } from "../../src/protocol/decode.ts";
import { scanLine } from "../../src/protocol/scan.ts";
import { Harness, type Sent } from "../engine/harness.ts";

const exotic = [
  "9007199254740993",
  "9007199254740992",
  "123456789012345678901234567890",
  "1e400",
  "-0",
  "0",
  "1.0",
  "1",
  '{"__proto__":5}',
  "{}",
  '{"a":1,"a":2}',
  '"\\u0041"',
  '"A"',
  '"\\ud800"',
  '[1,"x",null,true,{"k":[]}]',
];

/** The read_ok line's `messages` array, as raw text. */
function readTexts(out: Sent[]): string {
  const line = out.find((m) => m.body.type === "read_ok")?.line ?? "";
  return line.slice(line.indexOf('"messages":[') + '"messages":['.length, line.lastIndexOf("]}}"));
}

describe("exact values", () => {
  it("keeps every value's text through broadcast, gossip and read, each spelling its own element", () => {
    const hub = new Harness(profiles.default);
    const leaf = new Harness(profiles.default);
    hub.init("n0", ["n0", "n1"]);
    leaf.init("n1", ["n0", "n1"]);
    exotic.forEach((text, i) => {
      const line = `{"src":"c1","dest":"n0","body":{"type":"broadcast","msg_id":${i},"message":${text}}}`;
      expect(hub.line(line)[0]?.body).toEqual({ type: "broadcast_ok", in_reply_to: i });
    });
    expect(readTexts(hub.send("c1", { type: "read", msg_id: 99 }))).toBe(exotic.join(","));
    const gossip = hub.tick(1000).filter((m) => m.dest === "n1");
    for (const m of gossip) leaf.line(m.line, 1050);
    expect(readTexts(leaf.send("c1", { type: "read", msg_id: 100 }))).toBe(exotic.join(","));
  });

  it("removes whitespace outside strings, and only there, so one value has one spelling", () => {
    const hub = new Harness(profiles.default);
    hub.init("n0", ["n0"]);
    hub.line('{"src":"c1","dest":"n0","body":{"type":"broadcast","msg_id":1,"message": [ 1 , { "a b" : " x " } ] }}');
    hub.line('{"src":"c1","dest":"n0","body":{"type":"broadcast","msg_id":2,"message":[1,{"a b":" x "}]}}');
    expect(hub.core.read()).toEqual(['[1,{"a b":" x "}]']);
  });

  it("takes the quick path for plain integers only when the line spells them as String does", () => {
    const text = (line: string): unknown => {
      const d = decodeLine(line);
      return d.kind === "message" && d.message.body.type === "broadcast" ? d.message.body.message : d;
    };
    const b = (rest: string): string => `{"src":"c1","dest":"n0","body":{"type":"broadcast","msg_id":1,${rest}}}`;
    expect(text(b('"message":7'))).toBe("7");
    expect(text(b('"message":7.0'))).toBe("7.0");
    expect(text(b('"message": 7'))).toBe("7");
    expect(text(b('"message":-0'))).toBe("-0");
    expect(text(b('"message":7e0'))).toBe("7e0");
    expect(text(b('"message":7.0,"x":{"message":7}'))).toBe("7.0");
    expect(text(b('"x":{"message":7},"message":70'))).toBe("70");
    expect(text(b('"mess\\u0061ge":7.0,"x":{"message":7}'))).toBe("7.0");
    const gossip = decodeLine('{"src":"n1","dest":"n0","body":{"type":"gossip","start":0,"end":2,"values":[1,1.0],"ack":0}}');
    expect(gossip).toMatchObject({ kind: "message", message: { body: { values: ["1", "1.0"] } } });
  });

  it("refuses what is not JSON, however close", () => {
    for (const bad of ["{", '{"a":}', "[1,]", '{"a":1,}', "01", "1.", ".5", "+1", "1e", '"\\x"', '"\u0001"', "tru", "nul", "[1 2]", '{"a" 1}', "{} {}", "NaN", "'a'"]) {
      expect(scanLine(bad).ok, bad).toBe(false);
    }
    for (const good of ["0", "-0.5e-3", '"\\u00e9\\n"', ' { "a" : [ ] } ', "[[],[{}]]", "true", "null"]) expect(scanLine(good).ok, good).toBe(true);
  });

  it("agrees with JSON.parse on what is JSON, over seeded mutations of a valid line", () => {
    const base = '{"src":"c1","dest":"n0","body":{"type":"broadcast","msg_id":1,"message":[1.5e3,"a\\"b",{"k":null}]}}';
    const alphabet = '{}[]":,\\ 0123456789.eE+-tfnrul"a';
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      const at = next(base.length);
      const text = base.slice(0, at) + alphabet[next(alphabet.length)] + base.slice(at + next(2));
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(scanLine(text).ok, text).toBe(valid);
    }
  });

  it("refuses a 66 MB line of brackets in one pass, without building it", () => {
    const before = process.memoryUsage().heapUsed;
    const line = "[".repeat(66_000_000);
    expect(decodeLine(line)).toEqual({ kind: "invalid", reason: expect.stringMatching(/not JSON: unterminated/) });
    const deep = `{"src":"c1","dest":"n0","body":{"type":"read","msg_id":4,"x":${"[".repeat(30_000_000)}${"]".repeat(30_000_000)}}}`;
    const refused = decodeLine(deep);
    expect(refused).toMatchObject({ kind: "invalid", reply: { body: { code: 12, in_reply_to: 4 } } });
    // The lines themselves are 126 MB; what decoding them kept alive is far less than that again.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(400_000_000);
  });
});
