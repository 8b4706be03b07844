// The same edges through the built process: exact values on stdout, msg_id 0, misaddressed malformed requests, refused values.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { MAX_VALUE_DEPTH } from "../../src/protocol/limits.ts";
import { eventually, NodeProcess, requireBuilt } from "../helpers/node-process.ts";

let node: NodeProcess | undefined;
beforeAll(() => requireBuilt());
afterEach(() => node?.kill());

describe("the process", () => {
  it("keeps values exact, answers msg_id 0, answers misaddressed malformed requests from its own id, refuses undeliverable values", async () => {
    const n = new NodeProcess([]);
    node = n;
    await n.init("n1", ["n0", "n1"]);
    const values = ["9007199254740993", "9007199254740992", '{"__proto__":5}', "{}", "1e400"];
    values.forEach((v, i) => n.write(`{"src":"c1","dest":"n1","body":{"type":"broadcast","msg_id":${i},"message":${v}}}\n`));
    n.write('{"src":"c1","dest":"n0","body":{"type":"broadcast","msg_id":77}}\n');
    const deep = "[".repeat(MAX_VALUE_DEPTH + 1) + "]".repeat(MAX_VALUE_DEPTH + 1);
    n.write(`{"src":"c1","dest":"n1","body":{"type":"broadcast","msg_id":78,"message":${deep}}}\n`);
    n.write('{"src":"c1","dest":"n1","body":{"type":"read","msg_id":79}}\n');
    await eventually(() => n.lines.some((l) => l.includes('"in_reply_to":79')), 10_000, "the read_ok");
    const replies = n.lines.map((l) => JSON.parse(l) as { src: string; body: { type: string; in_reply_to?: number; code?: number } });
    expect(replies.find((r) => r.body.in_reply_to === 0)?.body.type).toBe("broadcast_ok");
    expect(replies.find((r) => r.body.in_reply_to === 77)).toMatchObject({ src: "n1", body: { type: "error", code: 12 } });
    expect(replies.find((r) => r.body.in_reply_to === 78)).toMatchObject({ src: "n1", body: { type: "error", code: 10 } });
    const read = n.lines.find((l) => l.includes('"in_reply_to":79')) ?? "";
    expect(read).toContain(`"messages":[${values.join(",")}]`);
  });
});
