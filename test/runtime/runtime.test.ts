// The runtime's pieces: channel, writer, reader and main loop.
import { Readable, Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { profiles } from "../../src/engine/config.ts";
import { GossipNode } from "../../src/engine/node.ts";
import { decodeLine } from "../../src/protocol/decode.ts";
import type { OutboundMessage } from "../../src/protocol/messages.ts";
import { Channel } from "../../src/runtime/channel.ts";
import type { RuntimeEvent } from "../../src/runtime/events.ts";
import type { Logger } from "../../src/runtime/logger.ts";
import { runMainLoop } from "../../src/runtime/main-loop.ts";
import { runReader } from "../../src/runtime/reader.ts";
import { Writer } from "../../src/runtime/writer.ts";
import { Rng } from "../../src/sim/world/rng.ts";

/** A pino logger whose records land in an array, so tests can see what would reach stderr. */
function memoryLogger(): { log: Logger; records: { level: number; msg: string }[] } {
  const records: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString("utf8").split("\n")) if (text) records.push(JSON.parse(text) as { level: number; msg: string });
      done();
    },
  });
  return { log: pino({ level: "debug" }, sink), records };
}

/** A stdout stand-in that takes a seeded random while per write, with a tiny buffer, so it pushes back constantly. */
class SlowStream extends Writable {
  readonly chunks: string[] = [];
  constructor(private readonly rng: Rng) {
    super({ highWaterMark: 256, decodeStrings: false });
  }
  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk.toString());
    const wait = this.rng.int(4);
    if (wait === 0) done();
    else setTimeout(done, wait - 1);
  }
}

const values = (i: number): string[] => Array.from({ length: i % 13 }, (_, k) => `v${k}-é-${"x".repeat(i % 50)}`);

/** A read_ok as the core makes it: its values as JSON texts. */
const message = (i: number): OutboundMessage => ({
  src: "n0",
  dest: `c${i % 7}`,
  body: { type: "read_ok", in_reply_to: i, messages: values(i).map((v) => JSON.stringify(v)) },
});

/** The same message's line as a client reads it. */
const line = (i: number): string => JSON.stringify({ src: "n0", dest: `c${i % 7}`, body: { type: "read_ok", in_reply_to: i, messages: values(i) } });

describe("Channel", () => {
  it("delivers every item in order across producers that interleave", async () => {
    const channel = new Channel<string>({ highWaterMark: 4 });
    const producer = async (name: string, count: number): Promise<void> => {
      for (let i = 0; i < count; i++) {
        channel.send(`${name}${i}`);
        if (i % 3 === 0) await Promise.resolve();
      }
    };
    const received: string[] = [];
    const consumer = (async () => {
      for await (const item of channel) received.push(item);
    })();
    await Promise.all([producer("a", 500), producer("b", 500)]);
    channel.close();
    await consumer;
    expect(received).toHaveLength(1000);
    for (const name of ["a", "b"]) {
      expect(received.filter((x) => x.startsWith(name))).toEqual(Array.from({ length: 500 }, (_, i) => `${name}${i}`));
    }
  });

  it("keeps a backlog sent before the consumer starts, drains it after close, then refuses", async () => {
    const channel = new Channel<number>({ highWaterMark: 10 });
    for (let i = 0; i < 5000; i++) expect(channel.send(i)).toBe(true);
    expect(channel.hasRoom).toBe(false);
    channel.close();
    expect(channel.send(-1)).toBe(false);
    const received: number[] = [];
    for await (const item of channel) received.push(item);
    expect(received).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it("releases producers waiting for room once the consumer catches up", async () => {
    const channel = new Channel<number>({ highWaterMark: 8, lowWaterMark: 2 });
    for (let i = 0; i < 10; i++) channel.send(i);
    let released = false;
    const waiting = channel.whenRoom().then(() => {
      released = true;
    });
    const iterator = channel[Symbol.asyncIterator]();
    for (let i = 0; i < 7; i++) await iterator.next();
    await Promise.resolve();
    expect(released).toBe(false);
    await iterator.next();
    await waiting;
    expect(released).toBe(true);
  });

  it("has a single consumer", () => {
    const channel = new Channel<number>();
    channel[Symbol.asyncIterator]();
    expect(() => channel[Symbol.asyncIterator]()).toThrow(/single consumer/);
  });
});

describe("Writer", () => {
  it("keeps every line, whole and in order, through a slow stream that pushes back", async () => {
    const out = new SlowStream(new Rng(42));
    const writer = new Writer(out, { highWaterMark: 4096, lowWaterMark: 1024 });
    let congestedSeen = 0;
    const expected: string[] = [];
    for (let i = 0; i < 5000; i++) {
      expected.push(line(i));
      writer.send(message(i));
      if (writer.congested) {
        congestedSeen++;
        await writer.whenUncongested();
        expect(writer.queued).toBeLessThanOrEqual(1024);
      }
    }
    expect(await writer.flush()).toBe(true);
    expect(congestedSeen).toBeGreaterThan(0);
    const text = out.chunks.join("");
    expect(text.endsWith("\n")).toBe(true);
    expect(text.slice(0, -1).split("\n")).toEqual(expected);
    // Each stream write is whole lines: no line is ever split across writes.
    for (const chunk of out.chunks) expect(chunk.endsWith("\n")).toBe(true);
  });

  it("flush resolves at once when idle and waits for in-flight writes otherwise", async () => {
    const out = new SlowStream(new Rng(1));
    const writer = new Writer(out);
    expect(await writer.flush()).toBe(true);
    for (let i = 0; i < 50; i++) writer.send(message(i));
    expect(await writer.flush()).toBe(true);
    expect(out.chunks.join("").split("\n")).toHaveLength(51);
  });

  it("flush gives up after its timeout when the stream never drains", async () => {
    const stuck = new Writable({ highWaterMark: 16, write: () => {} });
    const writer = new Writer(stuck);
    for (let i = 0; i < 10; i++) writer.send(message(i));
    expect(writer.queued).toBeGreaterThan(0);
    expect(await writer.flush(50)).toBe(false);
  });

  it("reports a stream error once, drops its queue and releases every waiter", async () => {
    const errors: Error[] = [];
    const broken = new Writable({ highWaterMark: 16, write: (_chunk, _enc, done) => setTimeout(() => done(Object.assign(new Error("write EPIPE"), { code: "EPIPE" })), 1) });
    const writer = new Writer(broken, { highWaterMark: 100, onError: (e) => errors.push(e) });
    for (let i = 0; i < 100; i++) writer.send(message(i));
    const uncongested = writer.whenUncongested();
    expect(await writer.flush()).toBe(false);
    await uncongested;
    expect(errors).toHaveLength(1);
    expect(writer.failed?.message).toBe("write EPIPE");
    writer.send(message(1));
    expect(writer.queued).toBe(0);
  });
});

describe("reader", () => {
  const lines = (...texts: string[]): Buffer => Buffer.from(texts.map((t) => `${t}\n`).join(""));

  async function read(input: Readable, maxLineBytes?: number): Promise<{ events: RuntimeEvent[]; records: { level: number; msg: string }[] }> {
    const { log, records } = memoryLogger();
    const channel = new Channel<RuntimeEvent>();
    await runReader(input, channel, log, decodeLine, maxLineBytes === undefined ? {} : { maxLineBytes });
    channel.close();
    const events: RuntimeEvent[] = [];
    for await (const event of channel) events.push(event);
    return { events, records };
  }

  it("turns lines into messages and refusals, logs what it ignores, and ends with eof", async () => {
    const input = Readable.from([
      lines('{"src":"c1","dest":"n0","body":{"type":"read","msg_id":1}}', "junk", '{"src":"c1","dest":"n0","body":{"type":"nope","msg_id":2}}'),
      Buffer.from('{"src":"c1","dest":"n0","body":{"type":"read","msg_id":3}}'),
    ]);
    const { events, records } = await read(input);
    expect(events.map((e) => e.kind)).toEqual(["message", "refusal", "message", "eof"]);
    const refusal = events[1];
    expect(refusal?.kind === "refusal" && refusal.reply.body).toMatchObject({ code: 10, in_reply_to: 2 });
    expect(records.filter((r) => r.msg === "ignored an invalid input line")).toHaveLength(1);
  });

  it("drops an over-long line with a warning and parses the next", async () => {
    const input = Readable.from([lines("x".repeat(500), '{"src":"c1","dest":"n0","body":{"type":"read","msg_id":1}}')]);
    const { events, records } = await read(input, 100);
    expect(events.map((e) => e.kind)).toEqual(["message", "eof"]);
    expect(records.some((r) => r.msg === "dropped an input line over the length cap")).toBe(true);
  });

  it("stops pulling input while the channel is full", async () => {
    const { log } = memoryLogger();
    const channel = new Channel<RuntimeEvent>({ highWaterMark: 5, lowWaterMark: 1 });
    let pulled = 0;
    async function* source(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield lines(`{"src":"c1","dest":"n0","body":{"type":"read","msg_id":${i}}}`);
      }
    }
    const done = runReader(source(), channel, log, decodeLine);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pulled).toBeLessThanOrEqual(6);
    const ids: number[] = [];
    for await (const event of channel) {
      if (event.kind === "eof") break;
      if (event.kind === "message" && event.message.body.type === "read") ids.push(event.message.body.msg_id);
    }
    await done;
    expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe("main loop", () => {
  it("handles events in order through the core and stops at eof", async () => {
    const { log } = memoryLogger();
    const channel = new Channel<RuntimeEvent>();
    const out = new SlowStream(new Rng(3));
    const writer = new Writer(out, { highWaterMark: 512 });
    const core = new GossipNode({ config: profiles.default });
    const msg = (body: Record<string, unknown>): RuntimeEvent =>
      ({ kind: "message", message: { src: "c1", dest: "n0", body } }) as RuntimeEvent;
    channel.send(msg({ type: "read", msg_id: 1 }));
    channel.send(msg({ type: "init", msg_id: 2, node_id: "n0", node_ids: ["n0"] }));
    for (let i = 0; i < 300; i++) {
      channel.send(msg({ type: "broadcast", msg_id: 10 + i, message: String(i) }));
      channel.send({ kind: "tick" });
    }
    channel.send({ kind: "refusal", reply: { src: "n0", dest: "c1", body: { type: "error", in_reply_to: 5, code: 10, text: "no" } } });
    channel.send(msg({ type: "read", msg_id: 3 }));
    channel.send({ kind: "eof" });
    channel.send(msg({ type: "read", msg_id: 4 }));
    let t = 0;
    expect(await runMainLoop({ events: channel, core, writer, log, now: () => t++ })).toBe("eof");
    await writer.flush();
    const replies = out.chunks.join("").trim().split("\n").map((l) => JSON.parse(l) as OutboundMessage);
    expect(replies.map((r) => r.body.type)).toEqual(["error", "init_ok", ...Array(300).fill("broadcast_ok"), "error", "read_ok"]);
    expect(replies[0]?.body).toMatchObject({ code: 11, in_reply_to: 1 });
    expect(replies.at(-1)?.body).toEqual({ type: "read_ok", in_reply_to: 3, messages: Array.from({ length: 300 }, (_, i) => i) });
  });

  it("stops before the next event once aborted", async () => {
    const { log } = memoryLogger();
    const channel = new Channel<RuntimeEvent>();
    const writer = new Writer(new SlowStream(new Rng(4)));
    const stop = new AbortController();
    stop.abort();
    channel.send({ kind: "tick" });
    const core = new GossipNode({ config: profiles.default });
    expect(await runMainLoop({ events: channel, core, writer, log, signal: stop.signal })).toBe("stopped");
  });
});
