// Reads kept as changes to the previous read (SetRead) against the same reads in full: the same JSON, and set-full's chain walk against its value-by-value definition.
import { describe, expect, it, vi } from "vitest";
import type { Op, OpType } from "../../../src/sim/checking/history.ts";
import { checkSetFull, elementOutcomes, elementStates, type ElementResult } from "../../../src/sim/checking/set-full.ts";
import type { ElementState, Point } from "../../../src/sim/checking/set-walk.ts";
import { readValues, SetRead, SetReadChain } from "../../../src/sim/checking/set-read.ts";
import { checkVisibility } from "../../../src/sim/checking/visibility.ts";
import { broadcastWorkload } from "../../../src/sim/workloads/broadcast/workload.ts";
import { Rng } from "../../../src/sim/world/rng.ts";
import { LineEnvelope } from "../../../src/sim/world/line-envelope.ts";
import { GrowOnlySet } from "../../../src/datatypes/grow-only-set.ts";
import { LOCAL } from "../../../src/datatypes/delta-state.ts";
import { encodePieces } from "../../../src/protocol/encode.ts";

const later = (a: Point | null, b: Point): Point => (a === null || a.index < b.index ? b : a);

/**
 * Maelstrom's set-full, value by value: every ok read judged against every value added before
 * it completed (Jepsen's checker, `:linearizable? false`). Each value's marks, in the order of
 * first adds.
 */
function definitionStates(history: readonly Op[]): ElementState[] {
  const elements = new Map<unknown, ElementState>();
  const invoked = new Map<number, Point>();
  history.forEach((op, index) => {
    const point = { index, nanos: Math.round(op.time * 1e6) };
    if (op.type === "invoke") {
      invoked.set(op.process, point);
      if (op.f === "broadcast") elements.set(op.value, { element: op.value, addIndex: index, known: null, lastPresent: null, lastAbsent: null });
      return;
    }
    const invocation = invoked.get(op.process) as Point;
    if (op.f === "broadcast") {
      const marks = elements.get(op.value) as ElementState;
      if (op.type === "ok") marks.known ??= point;
      return;
    }
    if (op.type !== "ok") return;
    const shown = new Set(Array.isArray(op.value) ? op.value : []);
    for (const marks of elements.values()) {
      if (shown.has(marks.element)) {
        marks.known ??= point;
        marks.lastPresent = later(marks.lastPresent, invocation);
      } else marks.lastAbsent = later(marks.lastAbsent, invocation);
    }
  });
  return [...elements.values()];
}

/** The outcomes of the definition's marks, in value order. */
function definition(history: readonly Op[]): ElementResult[] {
  const results = definitionStates(history).map((m): ElementResult => {
    const present = m.lastPresent?.index ?? -1;
    const absent = m.lastAbsent?.index ?? -1;
    if (m.lastPresent === null || absent > present) {
      const lost = m.known !== null && m.lastAbsent !== null && m.known.index < absent;
      return { element: m.element, outcome: lost ? "lost" : "never-read" };
    }
    const stableNanos = m.lastAbsent === null ? 0 : m.lastAbsent.nanos + 1;
    return { element: m.element, outcome: "stable", stableLatency: Math.floor(Math.max(0, stableNanos - (m.known?.nanos ?? 0)) / 1e6) };
  });
  return results.sort((a, b) => (typeof a.element === "number" && typeof b.element === "number" ? a.element - b.element : String(a.element) < String(b.element) ? -1 : 1));
}

/**
 * A random history of four workers on five nodes: adds (some of them of a value already added,
 * some failing or indeterminate), reads of a node's log that mostly grows but loses values,
 * shows them again, repeats some, shows values before their add is invoked, and ends in a new
 * process after an indeterminate op.
 */
function randomHistory(rng: Rng): Op[] {
  const history: Op[] = [];
  const logs: unknown[][] = [[], [], [], [], []];
  const workers = [0, 1, 2, 3].map((w) => ({ process: w, node: w % 5, busy: undefined as undefined | { f: string; value: unknown } }));
  let next = 0;
  let time = 0;
  const push = (process: number, type: OpType, f: string, value: unknown, node: number): void => {
    history.push({ process, type, f, value, time: (time += rng.next() * 3), node: `n${node}` });
  };
  for (let step = 0; step < 160; step++) {
    // Values spread to the logs; now and then a log loses one, or shows one early.
    const log = logs[rng.int(5)] as unknown[];
    if (rng.int(3) === 0 && next > 0) log.push(rng.int(next));
    if (rng.int(10) === 0 && log.length) log.splice(rng.int(log.length), 1);
    if (rng.int(30) === 0) log.push(next);
    if (rng.int(40) === 0) log.push(`v${rng.int(3)}`);
    const worker = workers[rng.int(workers.length)] as (typeof workers)[number];
    if (worker.busy === undefined) {
      const add = rng.int(2) === 0;
      const value = add ? (rng.int(8) === 0 && next > 0 ? rng.int(next) : rng.int(20) === 0 ? `v${rng.int(3)}` : next++) : null;
      worker.busy = { f: add ? "broadcast" : "read", value };
      push(worker.process, "invoke", worker.busy.f, value, worker.node);
      continue;
    }
    const { f, value } = worker.busy;
    worker.busy = undefined;
    const type: OpType = rng.int(10) === 0 ? "info" : rng.int(10) === 0 ? "fail" : "ok";
    const shown = [...(logs[worker.node] as unknown[])];
    if (f === "read" && type === "ok" && rng.int(8) === 0 && shown.length) shown.push(shown[rng.int(shown.length)]);
    if (f === "read" && type === "ok" && rng.int(10) === 0) shown.reverse();
    if (f === "broadcast" && type !== "fail") (logs[worker.node] as unknown[]).push(value);
    push(worker.process, type, f, f === "read" ? (type === "ok" ? shown : null) : value, worker.node);
    if (type === "info") worker.process += workers.length;
  }
  return history;
}

/** How many times a process's read shows a value again that an earlier read of it showed and a later one missed. */
function reappearances(history: readonly Op[]): number {
  const gone = new Map<number, Set<unknown>>();
  const last = new Map<number, Set<unknown>>();
  let count = 0;
  for (const op of history) {
    if (op.f !== "read" || op.type !== "ok") continue;
    const now = new Set(op.value as unknown[]);
    const missing = gone.get(op.process) ?? new Set();
    for (const v of last.get(op.process) ?? []) if (!now.has(v)) missing.add(v);
    for (const v of now) if (missing.delete(v)) count++;
    gone.set(op.process, missing);
    last.set(op.process, now);
  }
  return count;
}

/** The history as the bench records it: each process's ok reads as a chain of SetReads. */
function compacted(history: readonly Op[]): Op[] {
  const chains = new Map<number, SetReadChain>();
  return history.map((op) => {
    if (op.f !== "read" || op.type !== "ok" || !Array.isArray(op.value)) return op;
    const chain = chains.get(op.process) ?? new SetReadChain();
    chains.set(op.process, chain);
    return { ...op, value: chain.next([op.value]) };
  });
}

describe("SetRead", () => {
  it("keeps a read that extends the previous one as its new values, and gives back every value in order", () => {
    const chain = new SetReadChain();
    const first = chain.next([[1, 2, 3]]);
    const second = chain.next([[1, 2, 3, 4, 5]]);
    const third = chain.next([[1, 3, 4, 5, 6]]);
    expect([second.kept, second.tail]).toEqual([3, [4, 5]]);
    expect(second.base).toBe(first);
    expect([third.kept, third.tail]).toEqual([1, [3, 4, 5, 6]]);
    expect(third.values()).toEqual([1, 3, 4, 5, 6]);
    expect(JSON.stringify([first, second, third])).toBe("[[1,2,3],[1,2,3,4,5],[1,3,4,5,6]]");
    expect(third.from(3)).toEqual([5, 6]);
    expect(second.from(1)).toEqual([2, 3, 4, 5]);
  });

  it("starts afresh when the first value differs, and reads anything else as no values", () => {
    const chain = new SetReadChain();
    chain.next([[1, 2]]);
    const read = chain.next([[2, 1]]);
    expect([read.kept, read.base, read.values()]).toEqual([0, undefined, [2, 1]]);
    expect(readValues(null)).toEqual([]);
    expect(readValues([7])).toEqual([7]);
    expect(readValues(read)).toEqual([2, 1]);
    expect(read).toBeInstanceOf(SetRead);
  });

  it("finds the values two reads share across chunks cut in different places", () => {
    const chain = new SetReadChain();
    chain.next([[1, 2], [3]]);
    const read = chain.next([[1], [2, 3, 4]]);
    expect([read.kept, read.tail]).toEqual([3, [4]]);
    const back = chain.next([[1, 2, 3], [4], [5]]);
    expect([back.kept, back.tail]).toEqual([4, [5]]);
  });

  it("takes a chunk the previous read had in the same place whole, without reading its values", () => {
    let indexed = 0;
    const count = <T extends object>(target: T): T =>
      new Proxy(target, {
        get(t, key, receiver) {
          if (typeof key === "string" && /^\d+$/.test(key)) indexed++;
          return Reflect.get(t, key, receiver) as unknown;
        },
      });
    const first = count([1, 2, 3]);
    const second = count([4]);
    const chain = new SetReadChain();
    chain.next([first, second]);
    indexed = 0;
    const same = chain.next([first, second]);
    const longer = chain.next([first, second, [5, 6]]);
    const shorter = chain.next([first]);
    expect(indexed).toBe(0);
    expect([same.kept, same.tail, longer.kept, longer.tail, shorter.kept, shorter.tail]).toEqual([4, [], 4, [5, 6], 3, []]);
    expect(shorter.values()).toEqual([1, 2, 3]);
  });
});

/** An ok read by `process` of `value`, invoked at `time` and completed 1 ms later. */
function readOps(process: number, value: unknown, time: number): Op[] {
  return [
    { process, type: "invoke", f: "read", value: null, time, node: "n1" },
    { process, type: "ok", f: "read", value, time: time + 1, node: "n1" },
  ];
}

/** Values 0 … n−1 added and acknowledged by process 9, one per 2 ms from 0. */
function addOps(n: number): Op[] {
  return Array.from({ length: n }, (_, v): Op[] => [
    { process: 9, type: "invoke", f: "broadcast", value: v, time: 2 * v, node: "n0" },
    { process: 9, type: "ok", f: "broadcast", value: v, time: 2 * v + 1, node: "n0" },
  ]).flat();
}

/** The history with each SetRead replaced by its values, as history.json holds it. */
function plainOf(history: readonly Op[]): Op[] {
  return history.map((op) => (op.value instanceof SetRead ? { ...op, value: op.value.values() } : op));
}

describe("set-full's walk over one process's chain of reads", () => {
  it("takes each read from its changes alone: it lists no read's values but the first, and after a repeat the next", () => {
    const chain = new SetReadChain();
    const shown = [[0], [0, 1], [0, 1, 2], [0, 1], [0, 1, 3], [0, 1, 3, 3], [0, 1, 3], [0, 1, 3, 4]];
    const history = [...addOps(5), ...shown.flatMap((values, k) => readOps(1, chain.next([values]), 10 + 2 * k))];
    const expected = definition(plainOf(history));
    const spy = vi.spyOn(SetRead.prototype, "values");
    try {
      expect(elementOutcomes(history)).toEqual(expected);
      // The first read (nothing before it to take changes from), then the read after the repeat
      // and the one it repeated (compared as sets).
      expect(spy).toHaveBeenCalledTimes(3);
    } finally {
      spy.mockRestore();
    }
    expect(expected).toEqual([
      { element: 0, outcome: "stable", stableLatency: 0 },
      { element: 1, outcome: "stable", stableLatency: 7 },
      { element: 2, outcome: "lost" },
      { element: 3, outcome: "stable", stableLatency: 9 },
      { element: 4, outcome: "stable", stableLatency: 13 },
    ]);
  });

  it("stays exact when a read's base is another process's read, or the read after a chain holds no list", () => {
    const chain = new SetReadChain();
    const [r1, r2, r3] = [[0], [0, 1], [0, 1, 2]].map((values) => chain.next([values]));
    // Process 1 reads r1 and r3, whose base r2 process 2 read: r3 is no change to process 1's r1.
    const history = [...addOps(3), ...readOps(1, r1, 10), ...readOps(2, r2, 12), ...readOps(2, null, 14), ...readOps(1, r3, 16)];
    const plain = plainOf(history);
    expect(elementStates(history)).toEqual(definitionStates(plain));
    const outcomes = elementOutcomes(history);
    expect(outcomes).toEqual(definition(plain));
    expect(outcomes).toEqual([
      { element: 0, outcome: "stable", stableLatency: 13 },
      { element: 1, outcome: "stable", stableLatency: 11 },
      { element: 2, outcome: "stable", stableLatency: 9 },
    ]);
  });
});

describe("set-full over chains of reads", () => {
  it("gives the value-by-value definition's marks and outcomes on 300 seeded random histories, reads in full or as chains", () => {
    const rng = new Rng(20261201);
    let lost = 0;
    let stale = 0;
    let reappeared = 0;
    for (let round = 0; round < 300; round++) {
      const plain = randomHistory(rng);
      const compact = compacted(plain);
      const expected = definition(plain);
      // Each value's known time and latest present and absent reads, exactly, not only what they decide.
      const marks = definitionStates(plain);
      expect(elementStates(plain)).toEqual(marks);
      expect(elementStates(compact)).toEqual(marks);
      expect(elementOutcomes(plain)).toEqual(expected);
      expect(elementOutcomes(compact)).toEqual(expected);
      const result = checkSetFull(compact);
      expect(result).toEqual(checkSetFull(plain));
      expect(JSON.stringify(compact)).toBe(JSON.stringify(plain));
      expect(broadcastWorkload.explain(compact, result)).toEqual(broadcastWorkload.explain(plain, result));
      const window = { nodes: ["n0", "n1", "n2", "n3", "n4"], cutOff: ["n4"], from: 0, until: 200, addF: "broadcast", horizon: 20 };
      expect(checkVisibility(compact, window)).toEqual(checkVisibility(plain, window));
      lost += result["lost-count"];
      stale += result["stale-count"];
      reappeared += reappearances(plain);
    }
    // The histories do exercise what the walk must get right.
    expect(lost).toBeGreaterThan(50);
    expect(stale).toBeGreaterThan(50);
    expect(reappeared).toBeGreaterThan(50);
  });
});

describe("a grow-only set's judge of one process's reads", () => {
  it("gives ok's verdict on every reply, checking only what differs from the previous read, and records the read as a SetRead", () => {
    const judge = broadcastWorkload.judge?.();
    if (!judge) throw new Error("broadcast judges per process");
    const read = { f: "read", value: null, body: { type: "read" }, idempotent: true };
    const replies = [
      { type: "read_ok", in_reply_to: 1, messages: [1, 2] },
      { type: "read_ok", in_reply_to: 2, messages: [1, 2, 3] },
      { type: "read_ok", in_reply_to: 3, messages: [1, 2, 3, undefined] },
      { type: "read_ok", messages: [1, 2, 3, 4] },
      { type: "read_ok", in_reply_to: 5, messages: [1, 2, 3, 4] },
      { type: "read_ok", in_reply_to: 6, messages: "1 2 3" },
      { type: "read_ok", in_reply_to: 7, messages: [2, 1] },
    ];
    const verdicts = replies.map((body) => judge(read, { src: "n1", dest: "c1", body }));
    expect(verdicts.map((v) => (v.ok ? (v.value instanceof SetRead ? v.value.values() : v.value) : v))).toEqual(
      replies.map((reply) => {
        const v = broadcastWorkload.ok(read, reply);
        return v.ok ? v.value : v;
      }),
    );
    expect(verdicts[2]).toEqual({ ok: false, field: "messages.3", expected: expect.any(String) });
    const extended = verdicts[4];
    expect(extended?.ok && extended.value instanceof SetRead && [extended.value.kept, extended.value.tail]).toEqual([3, [4]]);
  });

  it("reads an in-process node's replies fragment by fragment to the same values", () => {
    const judge = broadcastWorkload.judge?.();
    if (!judge) throw new Error("broadcast judges per process");
    const read = { f: "read", value: null, body: { type: "read" }, idempotent: true };
    const set = new GrowOnlySet();
    let previous: LineEnvelope | undefined;
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 9000; i++) set.add(String(round * 9000 + i), LOCAL, 0);
      const reply = new LineEnvelope("n1", "c1", encodePieces({ src: "n1", dest: "c1", body: { type: "read_ok", in_reply_to: round + 1, messages: set.all() } as { type: string } }));
      reply.read(previous);
      previous = reply;
      const verdict = judge(read, reply);
      const full = broadcastWorkload.ok(read, (JSON.parse(reply.line) as { body: { type: string } }).body);
      expect(verdict.ok && verdict.value instanceof SetRead && verdict.value.values()).toEqual(full.ok && full.value);
      if (round > 0) expect(verdict.ok && verdict.value instanceof SetRead && verdict.value.kept).toBe(round * 9000);
    }
  });
});

