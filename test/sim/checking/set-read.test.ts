// Reads kept as changes to the previous read (SetRead) against the same reads in full: the same JSON, and set-full's chain walk against its value-by-value definition.
import { describe, expect, it } from "vitest";
import type { Op, OpType } from "../../../src/sim/checking/history.ts";
import { checkSetFull, elementOutcomes, elementStates } from "../../../src/sim/checking/set-full.ts";
import { readValues, SetRead, SetReadChain } from "../../../src/sim/checking/set-read.ts";
import { definition, definitionStates } from "./set-definition.ts";
import { checkVisibility } from "../../../src/sim/checking/visibility.ts";
import { broadcastWorkload } from "../../../src/sim/workloads/broadcast/workload.ts";
import { Rng } from "../../../src/sim/world/rng.ts";
import { LineEnvelope } from "../../../src/sim/world/line-envelope.ts";
import { GrowOnlySet } from "../../../src/datatypes/grow-only-set.ts";
import { LOCAL } from "../../../src/datatypes/delta-state.ts";
import { encodePieces } from "../../../src/protocol/encode.ts";

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

