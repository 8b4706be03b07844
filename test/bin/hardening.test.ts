// The built node under hostile input, output pressure and shutdown.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { JsonValue, WireOutboundMessage as OutboundMessage } from "../../src/protocol/messages.ts";
import { delay, eventually, NodeProcess, requireBuilt } from "../helpers/node-process.ts";
import { Rng } from "../../src/sim/world/rng.ts";

const spawned: NodeProcess[] = [];
function start(args: readonly string[] = []): NodeProcess {
  const node = new NodeProcess(args);
  spawned.push(node);
  return node;
}

beforeAll(() => requireBuilt());
afterEach(() => {
  for (const node of spawned.splice(0)) node.kill();
});

const json = (src: string, body: unknown, extra: object = {}): string => JSON.stringify({ src, dest: "n0", body, ...extra });

/** Replies to client `c1`, by the msg_id they answer. */
function repliesByRequest(node: NodeProcess, client = "c1"): Map<number, OutboundMessage[]> {
  const byId = new Map<number, OutboundMessage[]>();
  for (const m of node.messages) {
    if (m.dest !== client || !("in_reply_to" in m.body)) continue;
    const list = byId.get(m.body.in_reply_to) ?? [];
    list.push(m);
    byId.set(m.body.in_reply_to, list);
  }
  return byId;
}

async function read(node: NodeProcess): Promise<readonly JsonValue[]> {
  const reply = await node.request({ type: "read" }, "c7", 30_000);
  if (reply.body.type !== "read_ok" || !reply.body.messages) throw new Error(`expected read_ok with messages, got ${JSON.stringify(reply).slice(0, 300)}`);
  return reply.body.messages;
}

/** After abuse: alive, pure stdout, and still a correct broadcast node that kept every acknowledged value. */
async function expectHealthy(node: NodeProcess, acknowledged: readonly JsonValue[]): Promise<void> {
  expect(node.alive).toBe(true);
  const fresh = `after-${Date.now()}`;
  expect((await node.request({ type: "broadcast", message: fresh }, "c7")).body.type).toBe("broadcast_ok");
  const values = await read(node);
  for (const v of [...acknowledged, fresh]) expect(values).toContainEqual(v);
  expect(new Set(values.map((v) => JSON.stringify(v))).size).toBe(values.length);
  expect(await node.end()).toEqual({ code: 0, signal: null });
  expect(node.violations).toEqual([]);
  expect(node.stderr).not.toMatch(/\n\s+at /);
}

describe("hostile input", () => {
  it("survives every kind of bad line and answers exactly the requests that asked", async () => {
    const node = start();
    const noReply: number[] = [];
    const expectCode = new Map<number, number>();
    const ack: { id: number; value: JsonValue }[] = [];
    const silent = (id: number, text: string): void => {
      noReply.push(id);
      node.write(`${text}\n`);
    };
    const refused = (id: number, code: number, body: object): void => {
      expectCode.set(id, code);
      node.write(`${json("c1", { ...body, msg_id: id })}\n`);
    };

    // Before init: requests get 11, a broadcast without msg_id is dropped.
    refused(1, 11, { type: "read" });
    refused(2, 11, { type: "broadcast", message: "early" });
    refused(3, 11, { type: "topology", topology: {} });
    node.write(`${json("c1", { type: "broadcast", message: "early-no-id" })}\n`);
    await node.init("n0", ["n0", "n1", "n2"]);

    // Not JSON, or JSON that is not an object.
    silent(101, `{"src":"c1","dest":"n0","body":{"type":"read","msg_id":101}`);
    silent(102, "hello world");
    for (const text of ["42", "null", "true", '"a string"', "[1,2,3]", `[${json("c1", { type: "read", msg_id: 103 })}]`]) node.write(`${text}\n`);
    noReply.push(103);
    // Envelopes without src, dest or body, or with the wrong types.
    silent(104, JSON.stringify({ dest: "n0", body: { type: "read", msg_id: 104 } }));
    silent(105, JSON.stringify({ src: "c1", body: { type: "read", msg_id: 105 } }));
    silent(106, JSON.stringify({ src: "c1", dest: "n0" }));
    silent(107, JSON.stringify({ src: 1, dest: "n0", body: { type: "read", msg_id: 107 } }));
    silent(108, JSON.stringify({ src: "c1", dest: "n0", body: "read" }));
    // Bodies without a string type.
    silent(109, json("c1", { msg_id: 109 }));
    silent(110, json("c1", { type: 7, msg_id: 110 }));
    silent(111, json("c1", { type: ["read"], msg_id: 111 }));
    // Known types with missing or mistyped fields.
    refused(120, 12, { type: "broadcast" });
    refused(121, 12, { type: "topology", topology: "n1" });
    refused(122, 12, { type: "topology", topology: { n0: [1, 2] } });
    refused(123, 12, { type: "init", node_id: 5, node_ids: ["n0"] });
    refused(124, 12, { type: "gossip", start: "0", end: 1, values: [], ack: 0 });
    silent(125, json("c1", { type: "read", msg_id: "125" }));
    silent(126, json("c1", { type: "read", msg_id: -126 }));
    // Unknown types, with and without msg_id.
    refused(130, 10, { type: "cas", key: 1 });
    refused(131, 10, { type: "broadcast_ok", in_reply_to: 1 });
    node.write(`${json("c1", { type: "txn" })}\n`);
    // A second init: identical is fine, different is refused.
    expectCode.set(140, -1);
    node.write(`${json("c0", { type: "init", msg_id: 140, node_id: "n0", node_ids: ["n0", "n1", "n2"] })}\n`);
    node.write(`${json("c0", { type: "init", msg_id: 141, node_id: "n1", node_ids: ["n0", "n1", "n2"] })}\n`);
    // A multi-megabyte unterminated line, and a megabyte-sized value that is valid.
    silent(150, `${json("c1", { type: "broadcast", msg_id: 150, message: "" }).slice(0, -3)}"${"x".repeat(5_000_000)}`);
    const big = "y".repeat(1_000_000);
    ack.push({ id: 151, value: big });
    // Deep nesting: bare, and inside an otherwise valid request, which is refused as malformed.
    silent(160, "[".repeat(100_000));
    expectCode.set(161, 12);
    node.write(`{"src":"c1","dest":"n0","body":{"type":"broadcast","msg_id":161,"message":${"[".repeat(100_000)}${"]".repeat(100_000)}}}\n`);
    silent(162, "{".repeat(50_000));
    // Invalid UTF-8: outside JSON strings it is not JSON; inside one it decodes to U+FFFD.
    node.write(Buffer.concat([Buffer.from([0xff, 0xfe, 0x80, 0xc3]), Buffer.from("\n")]));
    node.write(Buffer.concat([Buffer.from('{"src":"c1","dest":"n0","body":{"type":"broadcast","msg_id":170,"message":"a'), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from('z"}}\n')]));
    expectCode.set(170, -1);
    // Escaped lone surrogates are valid JSON and must come back out as valid JSON.
    node.write('{"src":"c1","dest":"n0","body":{"type":"broadcast","msg_id":171,"message":"\\ud800x"}}\n');
    expectCode.set(171, -1);
    // \r\n endings and empty lines.
    node.write(`\n\n   \n\r\n${json("c1", { type: "broadcast", msg_id: 180, message: "crlf" })}\r\n\n`);
    ack.push({ id: 180, value: "crlf" });
    for (const { id, value } of ack) if (id !== 180) node.write(`${json("c1", { type: "broadcast", msg_id: id, message: value })}\n`);

    const values = await read(node);
    const replies = repliesByRequest(node);
    for (const [id, code] of expectCode) {
      const got = replies.get(id) ?? repliesByRequest(node, "c0").get(id);
      expect(got, `reply to ${id}`).toHaveLength(1);
      if (code >= 0) expect(got?.[0]?.body, `reply to ${id}`).toMatchObject({ type: "error", code, in_reply_to: id });
      else expect(got?.[0]?.body.type, `reply to ${id}`).not.toBe("error");
    }
    expect(repliesByRequest(node, "c0").get(141)?.[0]?.body).toMatchObject({ type: "error", code: 10 });
    for (const id of noReply) expect(replies.get(id), `reply to ${id}`).toBeUndefined();
    for (const { id } of ack) expect(replies.get(id)?.[0]?.body.type).toBe("broadcast_ok");
    expect(values).toContain("a\uFFFD\uFFFD(z");
    expect(values).toContain("\ud800x");
    expect(values).not.toContain("early");
    expect(values).not.toContain("early-no-id");
    await expectHealthy(node, ack.map((a) => a.value));
  });

  it("survives a seeded fuzz of random bytes and mutated messages", async () => {
    const rng = new Rng(20251121);
    const node = start(["--log-level", "error"]);
    await node.init("n0", ["n0", "n1", "n2"]);

    const valid = (id: number): Record<string, unknown> =>
      rng.pick([
        { type: "broadcast", msg_id: id, message: rng.int(1_000_000) },
        { type: "read", msg_id: id },
        { type: "topology", msg_id: id, topology: { n0: ["n1"], n1: ["n0", "n2"], n2: ["n1"] } },
        { type: "init", msg_id: id, node_id: "n0", node_ids: ["n0", "n1", "n2"] },
        { type: "gossip", start: 0, end: 1, values: [rng.int(10)], ack: 0 },
      ]);
    const randomJson = (): unknown =>
      rng.pick<() => unknown>([
        () => rng.int(100) - 50,
        () => rng.next(),
        () => "s".repeat(rng.int(5)),
        () => null,
        () => true,
        () => [rng.int(3)],
        () => ({ k: rng.int(3) }),
      ])();
    const mutate = (line: string): string | Buffer => {
      switch (rng.int(7)) {
        case 0:
          return Buffer.from(Array.from({ length: 1 + rng.int(120) }, () => rng.int(256)));
        case 1:
          return line.slice(0, rng.int(line.length));
        case 2: {
          const b = Buffer.from(line);
          for (let n = 1 + rng.int(3); n > 0; n--) b[rng.int(b.length)] = rng.int(256);
          return b;
        }
        case 3: {
          const at = rng.int(line.length);
          return line.slice(0, at) + rng.pick(["{", "}", "[", "]", '"', ",", ":", "\\", "\r", "\u0000", "é", "null"]) + line.slice(at);
        }
        default: {
          const message = JSON.parse(line) as { src: unknown; dest: unknown; body: Record<string, unknown> };
          const keys = Object.keys(message.body);
          const key = rng.pick(keys);
          if (rng.int(2) === 0) delete message.body[key];
          else message.body[key] = randomJson();
          if (rng.int(8) === 0) message.src = randomJson();
          if (rng.int(8) === 0) message.body.type = rng.pick(["cas", "", "Broadcast", "read_ok", "gossip"]);
          return JSON.stringify(message);
        }
      }
    };

    const pristine: { id: number; value: JsonValue }[] = [];
    const sentIds = new Set<number>();
    for (let i = 0; i < 4000; i++) {
      const id = 1000 + i;
      sentIds.add(id);
      const line = JSON.stringify({ src: "c1", dest: "n0", body: valid(id) });
      if (rng.int(5) === 0) {
        // A clean request from its own client, whose answer the test can predict exactly.
        const value = `v${i}`;
        pristine.push({ id, value });
        node.write(`${json("c5", { type: "broadcast", msg_id: id, message: value })}\n`);
      } else {
        const bad = mutate(line);
        node.write(bad);
        node.write("\n");
      }
      if (i % 500 === 0) await delay(0);
    }

    const values = await read(node);
    const clean = repliesByRequest(node, "c5");
    for (const { id, value } of pristine) {
      expect(clean.get(id)?.[0]?.body).toEqual({ type: "broadcast_ok", in_reply_to: id });
      expect(values).toContain(value);
    }
    for (const m of node.messages) {
      if (m.body.type === "error") {
        // 1: a mutation changed `dest`, so the request was not addressed to this node.
        expect([1, 10, 11, 12]).toContain(m.body.code);
        if (m.dest === "c1") expect(sentIds.has(m.body.in_reply_to) || m.body.in_reply_to < 1000).toBe(true);
      }
    }
    await expectHealthy(
      node,
      pristine.map((p) => p.value),
    );
  });
});

describe("output pressure and shutdown", () => {
  it("loses, reorders and interleaves nothing while stdout is paused during a burst of 20,000 requests", async () => {
    const node = start();
    await node.init("n0", ["n0"]);
    const total = 20_000;
    const expectedOrder: string[] = [];
    const lines: string[] = [];
    for (let i = 1; i <= total; i++) {
      const read = i % 1000 === 0;
      lines.push(json("c1", read ? { type: "read", msg_id: i } : { type: "broadcast", msg_id: i, message: i }));
      expectedOrder.push(`${i}:${read ? "read_ok" : "broadcast_ok"}`);
    }
    node.child.stdout.pause();
    node.write(`${lines.join("\n")}\n`);
    // Long enough for every buffer between the two processes to fill up.
    await delay(1500);
    const repliesWhilePaused = node.messages.length;
    node.child.stdout.resume();
    await node.waitFor((m) => m.dest === "c1" && m.body.type === "read_ok" && m.body.in_reply_to === total, 60_000);
    expect(repliesWhilePaused).toBeLessThan(total);
    const got = node.messages.filter((m) => m.dest === "c1").map((m) => `${"in_reply_to" in m.body ? m.body.in_reply_to : "?"}:${m.body.type}`);
    expect(got).toEqual(expectedOrder);
    const last = node.messages.at(-1);
    expect(last?.body.type === "read_ok" && last.body.messages?.length).toBe(total - total / 1000);
    await expectHealthy(node, [1, 2, total - 1]);
  });

  it("stops reading stdin while stdout is blocked, then catches up", async () => {
    const node = start();
    await node.init("n0", ["n0"]);
    await node.request({ type: "topology", topology: {} }, "c0");
    const total = 100_000;
    const payload = Array.from({ length: total }, (_, i) => json("c1", { type: "read", msg_id: i + 1 })).join("\n") + "\n";
    node.child.stdout.pause();
    node.write(payload);
    await delay(2000);
    // The node holds a bounded backlog; the rest must still be waiting on our side of its stdin.
    expect(node.child.stdin.writableLength).toBeGreaterThan(payload.length / 2);
    node.child.stdout.resume();
    await node.waitFor((m) => m.body.type === "read_ok" && m.body.in_reply_to === total, 60_000);
    expect(node.messages.filter((m) => m.dest === "c1")).toHaveLength(total);
    await expectHealthy(node, []);
  });

  it("exits promptly and cleanly on SIGTERM, even with stdout blocked", async () => {
    const idle = start();
    await idle.init("n0", ["n0"]);
    idle.kill("SIGTERM");
    expect(await idle.exited).toEqual({ code: 0, signal: null });

    const blocked = start();
    await blocked.init("n0", ["n0"]);
    blocked.child.stdout.pause();
    blocked.write(Array.from({ length: 50_000 }, (_, i) => json("c1", { type: "read", msg_id: i + 1 })).join("\n") + "\n");
    await delay(500);
    const began = Date.now();
    blocked.kill("SIGTERM");
    blocked.child.stdout.resume();
    expect(await blocked.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(blocked.violations).toEqual([]);
    expect(blocked.stderr).toContain("shutting down");
  });

  it("ends cleanly with exit 0 when stdout's reader goes away (EPIPE)", async () => {
    const node = start();
    await node.init("n0", ["n0"]);
    node.child.stdout.destroy();
    for (let i = 0; i < 2000; i++) node.write(`${json("c1", { type: "broadcast", msg_id: i + 1, message: i })}\n`);
    const exit = await node.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    await eventually(() => node.stderr.includes("stdout failed"), 5000, "the EPIPE log line");
    expect(node.stderr).toMatch(/EPIPE/);
    expect(node.stderr).not.toMatch(/\n\s+at /);
  });
});
