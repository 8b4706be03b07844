// Jepsen's generator with the broadcast workload's ops: mix, stagger, thread rotation, timeouts and error codes.
import { describe, expect, it } from "vitest";
import type { Op } from "../../../src/sim/checking/history.ts";
import { type Envelope } from "../../../src/sim/world/network.ts";
import { Rng } from "../../../src/sim/world/rng.ts";
import { VirtualScheduler, type Scheduler } from "../../../src/sim/world/scheduler.ts";
import { broadcastWorkload } from "../../../src/sim/workloads/broadcast/workload.ts";
import { Clients } from "../../../src/sim/workloads/clients.ts";

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i}`);
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const n = (...xs: number[]): string[] => xs.map((x) => `n${x}`);

type Responder = (m: Envelope) => Envelope["body"] | undefined;

interface Harness {
  scheduler: VirtualScheduler;
  clients: Clients;
  sent: Envelope[];
  opened: string[];
  closed: string[];
}

/** The workload alone, against a stand-in cluster whose answers `respond` decides (undefined: no answer). */
function workloadHarness(opts: { nodes: number; concurrency: number; rate: number; seed: number; respond: Responder; replyDelay?: number | ((m: Envelope) => number) }): Harness {
  const scheduler = new VirtualScheduler();
  const handlers = new Map<string, (m: Envelope) => void>();
  const sent: Envelope[] = [];
  const opened: string[] = [];
  const closed: string[] = [];
  const clients = new Clients({
    rng: new Rng(opts.seed),
    nodes: ids(opts.nodes),
    concurrency: opts.concurrency,
    rate: opts.rate,
    workload: broadcastWorkload,
    net: { scheduler, send: (m) => {
      sent.push(m);
      const body = opts.respond(m);
      if (body === undefined) return;
      const delay = typeof opts.replyDelay === "function" ? opts.replyDelay(m) : (opts.replyDelay ?? 0);
      scheduler.at(scheduler.now() + delay, () =>
        handlers.get(m.src)?.({ src: m.dest, dest: m.src, body: { ...body, in_reply_to: m.body.msg_id } }),
      );
    },
    open: (handler) => {
      const id = `c${opened.length}`;
      opened.push(id);
      handlers.set(id, handler);
      return id;
    },
    close: (id) => {
      closed.push(id);
      handlers.delete(id);
    } },
  });
  return { scheduler, clients, sent, opened, closed };
}

const okResponder: Responder = (m) => (m.body.type === "broadcast" ? { type: "broadcast_ok" } : { type: "read_ok", messages: [] });
const invocations = (h: Harness): Op[] => h.clients.history.filter((op) => op.type === "invoke");

describe("workload", () => {
  it("issues a 50/50 mix, values 0, 1, 2, ... and a global stagger with mean gap 1/rate", () => {
    const h = workloadHarness({ nodes: 5, concurrency: 5, rate: 100, seed: 11, respond: okResponder });
    h.clients.start(100_000);
    h.scheduler.run();
    const inv = invocations(h);
    expect(inv.length).toBeGreaterThan(9_700);
    expect(inv.length).toBeLessThan(10_300);
    const broadcasts = inv.filter((op) => op.f === "broadcast");
    expect(Math.abs(broadcasts.length / inv.length - 0.5)).toBeLessThan(0.02);
    expect(broadcasts.map((op) => op.value)).toEqual(broadcasts.map((_, i) => i));
    expect(inv[0]?.time).toBe(0);
    const gaps = inv.slice(1).map((op, i) => op.time - (inv[i] as Op).time);
    expect(Math.abs(mean(gaps) - 10)).toBeLessThan(0.3);
    expect(Math.max(...gaps)).toBeLessThan(20);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(0);
    expect(inv.every((op) => op.time < 100_000)).toBe(true);
    // Every op completed ok, on the node its worker is bound to.
    expect(h.clients.history.filter((op) => op.type === "ok")).toHaveLength(inv.length);
    h.sent.forEach((m, i) => expect(m.dest).toBe((inv[i] as Op).node));
  });

  it("timers firing late (as Node's do) do not slow the stagger down", () => {
    const count = (lateBy: number): number => {
      const base = new VirtualScheduler();
      const late: Scheduler = { now: () => base.now(), at: (time, fn) => base.at(time + lateBy, fn) };
      const handlers: ((m: Envelope) => void)[] = [];
      const clients = new Clients({
        rng: new Rng(11),
        nodes: ids(5),
        concurrency: 5,
        rate: 100,
        workload: broadcastWorkload,
        net: {
          scheduler: late,
          send: (m) => handlers[Number(m.src.slice(1))]?.({ src: m.dest, dest: m.src, body: { ...(okResponder(m) as Envelope["body"]), in_reply_to: m.body.msg_id } }),
          open: (handler) => `c${handlers.push(handler) - 1}`,
          close: () => {},
        },
      });
      clients.start(20_000);
      base.run(() => base.now() >= 20_000);
      return clients.history.filter((op) => op.type === "invoke").length;
    };
    expect(count(1.5)).toBe(count(0));
    // A stall longer than timer jitter moves the schedule, as a late wake-up does in Jepsen.
    expect(count(30)).toBeLessThan(count(0) * 0.5);
  });

  it("hands ops round-robin over the threads, the nemesis slot wrapping to thread 0", () => {
    const h = workloadHarness({ nodes: 5, concurrency: 5, rate: 100, seed: 2, respond: okResponder });
    h.clients.start(2_000);
    h.scheduler.run();
    const processes = invocations(h).slice(0, 18).map((op) => op.process);
    expect(processes).toEqual([0, 1, 2, 3, 4, 0, 0, 1, 2, 3, 4, 0, 0, 1, 2, 3, 4, 0]);
    // Thread t talks to node t mod N, under client ids opened lazily in first-op order.
    expect(invocations(h).slice(0, 5).map((op) => op.node)).toEqual(ids(5));
    expect(h.opened).toEqual(["c0", "c1", "c2", "c3", "c4"]);
  });

  it("a nemesis operation takes a turn in the rotation", () => {
    const h = workloadHarness({ nodes: 3, concurrency: 3, rate: 10, seed: 2, respond: okResponder });
    h.clients.advance();
    h.clients.start(1_000);
    h.scheduler.run();
    expect(invocations(h).slice(0, 6).map((op) => op.process)).toEqual([1, 2, 0, 0, 1, 2]);
  });

  it("when every worker is busy, the next op goes out the moment one frees", () => {
    const h = workloadHarness({ nodes: 1, concurrency: 1, rate: 100, seed: 4, respond: okResponder, replyDelay: 50 });
    h.clients.start(5_000);
    h.scheduler.run();
    const history = h.clients.history;
    expect(invocations(h).length).toBe(100);
    for (let i = 1; i < history.length - 1; i += 2) {
      expect(history[i]?.type).toBe("ok");
      expect(history[i + 1]?.time).toBe(history[i]?.time);
    }
  });

  it("times out after 5 s: a broadcast is info (new process, new client), a read fails (same process)", () => {
    const h = workloadHarness({ nodes: 2, concurrency: 2, rate: 10, seed: 5, respond: (m) => (m.dest === "n1" ? undefined : okResponder(m)) });
    h.clients.start(60_000);
    h.scheduler.run();
    const history = h.clients.history;
    const onN1 = history.filter((op) => op.node === "n1");
    expect(onN1.filter((op) => op.type === "ok")).toHaveLength(0);
    const infos = onN1.filter((op) => op.type === "info");
    const fails = onN1.filter((op) => op.type === "fail");
    expect(infos.length).toBeGreaterThan(1);
    expect(fails.length).toBeGreaterThan(1);
    expect(infos.every((op) => op.f === "broadcast" && op.error === "net-timeout")).toBe(true);
    expect(fails.every((op) => op.f === "read" && op.error === "net-timeout")).toBe(true);
    // Each completion comes 5 s after its invocation, and the process moves on by C only after an info.
    let process = 1;
    let client = h.sent.find((m) => m.dest === "n1")?.src;
    const toN1 = h.sent.filter((m) => m.dest === "n1");
    let msgIndex = 0;
    for (let i = 0; i < onN1.length - 1; i += 2) {
      const [inv, done] = [onN1[i] as Op, onN1[i + 1] as Op];
      expect(inv.type).toBe("invoke");
      expect(inv.process).toBe(process);
      expect(done.time - inv.time).toBe(5_000);
      const m = toN1[msgIndex++] as Envelope;
      expect(m.src).toBe(client);
      if (done.type === "info") {
        expect(h.closed).toContain(client);
        process += 2;
        const next = toN1[msgIndex];
        if (next) {
          expect(next.src).not.toBe(client);
          expect(next.body.msg_id).toBe(1);
          client = next.src;
        }
      }
    }
    // n0's worker was never disturbed: one client, one process.
    expect(new Set(history.filter((op) => op.node === "n0").map((op) => op.process))).toEqual(new Set([0]));
  });

  it("definite error codes fail, indeterminate ones are info; any read error fails", () => {
    const definite = new Set([1, 10, 11, 12, 14, 20, 21, 22, 30]);
    const codes = [...definite, 0, 13, 1000];
    const h = workloadHarness({
      nodes: 1,
      concurrency: 1,
      rate: 50,
      seed: 6,
      respond: (m) => ({ type: "error", code: m.body.type === "broadcast" ? (codes[Number(m.body.message) % codes.length] as number) : 0, text: "no" }),
    });
    h.clients.start(10_000);
    h.scheduler.run();
    const completions = h.clients.history.filter((op) => op.type !== "invoke");
    const broadcasts = completions.filter((op) => op.f === "broadcast");
    expect(broadcasts.length).toBeGreaterThanOrEqual(codes.length);
    for (const op of broadcasts) {
      const code = codes[Number(op.value) % codes.length] as number;
      expect(op.type).toBe(definite.has(code) ? "fail" : "info");
      expect(op.error).toBe(`error ${code}: no`);
    }
    expect(completions.filter((op) => op.f === "read").every((op) => op.type === "fail")).toBe(true);
  });

  it("an unexpected reply is indeterminate, even for a read; a late reply to an older request is ignored", () => {
    const h = workloadHarness({ nodes: 1, concurrency: 1, rate: 20, seed: 8, respond: () => ({ type: "echo_ok" }) });
    h.clients.start(2_000);
    h.scheduler.run();
    const completions = h.clients.history.filter((op) => op.type !== "invoke");
    expect(completions.length).toBeGreaterThan(5);
    expect(completions.every((op) => op.type === "info" && op.error?.startsWith("indeterminate"))).toBe(true);

    // Reads are answered 6 s late, after they failed: a late reply arriving while the same client
    // waits on its next op must not complete that op.
    const slow = workloadHarness({ nodes: 1, concurrency: 1, rate: 2, seed: 3, respond: okResponder, replyDelay: (m) => (m.body.type === "read" ? 6_000 : 0) });
    slow.clients.start(60_000);
    slow.scheduler.run();
    const done = slow.clients.history.filter((op) => op.type !== "invoke");
    const reads = done.filter((op) => op.f === "read");
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(reads.every((op) => op.type === "fail" && op.error === "net-timeout")).toBe(true);
    expect(done.filter((op) => op.f === "broadcast").every((op) => op.type === "ok")).toBe(true);
    expect(new Set(slow.sent.map((m) => m.src))).toEqual(new Set(["c0"]));
  });

  it("final reads: one per worker, all at once, each on its own node", () => {
    const h = workloadHarness({ nodes: 3, concurrency: 6, rate: 10, seed: 1, respond: okResponder });
    h.clients.start(1_000);
    h.scheduler.run();
    const before = h.clients.history.length;
    let done = false;
    h.scheduler.at(20_000, () => h.clients.finalOps(() => (done = true)));
    h.scheduler.run();
    expect(done).toBe(true);
    const finals = h.clients.history.slice(before).filter((op) => op.type === "invoke");
    expect(finals.map((op) => op.f)).toEqual(Array(6).fill("read"));
    expect(finals.every((op) => op.time === 20_000)).toBe(true);
    expect(finals.map((op) => op.node)).toEqual(n(0, 1, 2, 0, 1, 2));
  });
});
