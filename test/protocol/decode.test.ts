// Decoding lines into messages or Maelstrom error replies.
import { describe, expect, it } from "vitest";
import { decodeLine } from "../../src/protocol/decode.ts";
import { MAX_JSON_DEPTH } from "../../src/protocol/limits.ts";
import { ErrorCode } from "../../src/protocol/messages.ts";

const line = (body: unknown, extra: Record<string, unknown> = {}): string => JSON.stringify({ src: "c1", dest: "n0", body, ...extra });

function invalid(text: string): { reason: string; code: number | undefined; inReplyTo: number | undefined } {
  const d = decodeLine(text);
  if (d.kind !== "invalid") throw new Error(`expected invalid, got ${JSON.stringify(d)}`);
  if (d.reply) {
    expect(d.reply.src).toBe("n0");
    expect(d.reply.dest).toBe("c1");
    expect(d.reply.body.type).toBe("error");
    expect(typeof d.reply.body.text).toBe("string");
  }
  return { reason: d.reason, code: d.reply?.body.code, inReplyTo: d.reply?.body.in_reply_to };
}

describe("decodeLine: refusals", () => {
  it.each([
    ["not JSON", "hello"],
    ["truncated JSON", '{"src":"c1","dest":'],
    ["a JSON number", "42"],
    ["a JSON string", '"x"'],
    ["null", "null"],
    ["an array", '[{"src":"c1","dest":"n0","body":{"type":"read","msg_id":1}}]'],
    ["missing src", JSON.stringify({ dest: "n0", body: { type: "read", msg_id: 1 } })],
    ["missing dest", JSON.stringify({ src: "c1", body: { type: "read", msg_id: 1 } })],
    ["missing body", JSON.stringify({ src: "c1", dest: "n0" })],
    ["empty src", JSON.stringify({ src: "", dest: "n0", body: { type: "read", msg_id: 1 } })],
    ["numeric dest", JSON.stringify({ src: "c1", dest: 0, body: { type: "read", msg_id: 1 } })],
    ["body not an object", line("read")],
    ["body an array", line([{ type: "read" }])],
    ["body without type", line({ msg_id: 1 })],
    ["body with a numeric type", line({ type: 5, msg_id: 1 })],
    ["body with a null type", line({ type: null, msg_id: 1 })],
  ])("refuses %s without a reply", (_what, text) => {
    const r = invalid(text);
    expect(r.code).toBeUndefined();
    expect(r.reason.length).toBeGreaterThan(0);
  });

  it("answers an unknown type with msg_id with code 10, and ignores one without", () => {
    expect(invalid(line({ type: "cas", msg_id: 4 }))).toMatchObject({ code: ErrorCode.notSupported, inReplyTo: 4 });
    expect(invalid(line({ type: "broadcast_ok", in_reply_to: 3, msg_id: 5 }))).toMatchObject({ code: 10, inReplyTo: 5 });
    expect(invalid(line({ type: "cas" })).code).toBeUndefined();
  });

  it("replies nothing when msg_id is not a non-negative integer", () => {
    for (const msgId of [-1, 1.5, "1", null, [1]]) {
      expect(invalid(line({ type: "cas", msg_id: msgId })).code).toBeUndefined();
      expect(invalid(line({ type: "read", msg_id: msgId })).code).toBeUndefined();
    }
  });

  it.each([
    ["init without node_id", { type: "init", msg_id: 1, node_ids: ["n0"] }],
    ["init with empty node_ids", { type: "init", msg_id: 1, node_id: "n0", node_ids: [] }],
    ["init with numeric node_ids", { type: "init", msg_id: 1, node_id: "n0", node_ids: [0] }],
    ["topology without topology", { type: "topology", msg_id: 1 }],
    ["topology as a list", { type: "topology", msg_id: 1, topology: ["n1"] }],
    ["topology with non-list neighbours", { type: "topology", msg_id: 1, topology: { n0: "n1" } }],
    ["broadcast without message", { type: "broadcast", msg_id: 1 }],
    ["gossip with start after end", { type: "gossip", msg_id: 1, start: 3, end: 2, values: [], ack: 0 }],
    ["gossip without values", { type: "gossip", msg_id: 1, start: 0, end: 0, ack: 0 }],
  ])("answers %s (with msg_id) with code 12", (_what, body) => {
    expect(invalid(line(body))).toMatchObject({ code: ErrorCode.malformedRequest, inReplyTo: 1 });
  });

  it("refuses a known type with bad fields silently when there is no msg_id", () => {
    expect(invalid(line({ type: "topology", topology: 3 })).code).toBeUndefined();
    expect(invalid(line({ type: "read" })).code).toBeUndefined();
  });

  it("refuses nesting deeper than the limit without validating into it, even 100k levels", () => {
    const nested = (n: number): string => "[".repeat(n) + "]".repeat(n);
    expect(invalid(nested(100_000))).toEqual({ reason: expect.stringMatching(/not a Maelstrom envelope/), code: undefined, inReplyTo: undefined });
    expect(invalid("[".repeat(100_000)).reason).toMatch(/not JSON/);
    // A request nested too deep is still answered: the envelope is read, the values are not.
    const request = `{"src":"c1","dest":"n0","body":{"type":"broadcast","msg_id":1,"message":${nested(100_000)}}}`;
    expect(invalid(request)).toEqual({ reason: `JSON nested deeper than ${MAX_JSON_DEPTH} (from c1)`, code: 12, inReplyTo: 1 });
    expect(invalid(`{"src":"c1","dest":"n0","body":{"type":"broadcast","msg_id":1,"message":${nested(MAX_JSON_DEPTH)}}}`).reason).toMatch(/deeper/);
    // Brackets inside strings are text, not nesting.
    const ok = decodeLine(line({ type: "broadcast", msg_id: 1, message: "[".repeat(10_000) }));
    expect(ok.kind).toBe("message");
  });

  it("accepts nesting just under the limit", () => {
    const depth = MAX_JSON_DEPTH - 3;
    const value = "[".repeat(depth) + "]".repeat(depth);
    const d = decodeLine(`{"src":"c1","dest":"n0","body":{"type":"broadcast","msg_id":1,"message":${value}}}`);
    expect(d.kind).toBe("message");
  });
});

describe("decodeLine: valid messages of every inbound type", () => {
  it.each([
    ["init", { type: "init", msg_id: 1, node_id: "n0", node_ids: ["n0", "n1"] }],
    ["topology", { type: "topology", msg_id: 2, topology: { n0: ["n1"], n1: ["n0"] } }],
    ["broadcast", { type: "broadcast", msg_id: 3, message: 42 }],
    ["broadcast without msg_id", { type: "broadcast", message: 42 }],
    ["broadcast of a structured value", { type: "broadcast", msg_id: 3, message: { a: [1, "x", null, true] } }],
    ["read", { type: "read", msg_id: 4 }],
    ["gossip", { type: "gossip", start: 0, end: 2, values: [1, 2], ack: 5 }],
  ])("%s", (_what, body) => {
    const d = decodeLine(line(body));
    // Values come out as their JSON texts.
    const texts = {
      ...body,
      ...("message" in body && { message: JSON.stringify(body.message) }),
      ...("values" in body && { values: body.values.map((v) => JSON.stringify(v)) }),
    };
    expect(d).toEqual({ kind: "message", message: { src: "c1", dest: "n0", body: texts } });
  });

  it("ignores unknown extra keys in the envelope and keeps \\r-free lines exact", () => {
    const d = decodeLine(line({ type: "read", msg_id: 9 }, { id: 17 }));
    expect(d).toEqual({ kind: "message", message: { src: "c1", dest: "n0", body: { type: "read", msg_id: 9 } } });
  });

  it("accepts strings with escaped lone surrogates and U+FFFD", () => {
    const d = decodeLine('{"src":"c1","dest":"n0","body":{"type":"broadcast","msg_id":1,"message":"\\ud800\uFFFD"}}');
    expect(d.kind).toBe("message");
  });
});
