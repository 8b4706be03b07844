// set-full's walk over each process's reads: how many values it looks at, and which reads it lists in full, held to what the reads changed.
import { describe, expect, it, vi } from "vitest";
import type { Op } from "../../../src/sim/checking/history.ts";
import { elementOutcomes, elementStates } from "../../../src/sim/checking/set-full.ts";
import { SetRead, SetReadChain } from "../../../src/sim/checking/set-read.ts";
import { ReadWalk, type Point } from "../../../src/sim/checking/set-walk.ts";
import { definition, definitionStates } from "./set-definition.ts";

/** A walk fed ops in history order, each op the next index (1 ms apart). */
class Ops {
  readonly walk = new ReadWalk();
  private index = 0;

  private next(): Point {
    const index = this.index++;
    return { index, nanos: index * 1_000_000 };
  }

  add(value: unknown): this {
    this.walk.added(value, this.next().index);
    return this;
  }

  /** An ok read by `process`, invoked and completed with nothing in between; returns its completion. */
  read(process: number, value: unknown): Point {
    const invoke = this.next();
    const done = this.next();
    this.walk.read(process, value, done, invoke);
    return done;
  }
}

describe("set-full's walk", () => {
  it("looks at each value a process's reads add once when they come as changes, and at their prefixes when they come in full", () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const chained = new Ops();
    const plain = new Ops();
    for (const v of values) [chained, plain].forEach((ops) => ops.add(v));
    const chain = new SetReadChain();
    for (let k = 1; k <= values.length; k++) {
      chained.read(1, chain.next([values.slice(0, k)]));
      plain.read(1, values.slice(0, k));
    }
    for (const walk of [chained.walk, plain.walk]) {
      // Value v is first shown by the read invoked at 100 + 2v, known when it completes, missed by the one before it, shown by the last at 298.
      const marks = walk.finish().map((s) => [s.known?.index, s.lastAbsent?.index ?? -1, s.lastPresent?.index]);
      expect(marks).toEqual(values.map((v) => [101 + 2 * v, v === 0 ? -1 : 98 + 2 * v, 298]));
    }
    // One per value a read added, then one per value as the history ends.
    expect(chained.walk.visited).toBe(100 + 100);
    // A read in full is compared with the previous one up to where they part: 1 + 2 + … + 100.
    expect(plain.walk.visited).toBe(5050 + 100);
  });

  it("looks at both reads whole, once, after a read that repeats a value, then at changes again", () => {
    const ops = new Ops().add(0).add(1);
    ops.read(1, [0, 0]); // 2: its values, as changes to nothing
    ops.read(1, [0]); // 3: this read's values and the last one's, as sets
    ops.read(1, [0, 1]); // 2: compared up to 1, which it adds
    const states = ops.walk.finish();
    expect(ops.walk.visited).toBe(2 + 3 + 2 + 2);
    expect(states.map((s) => [s.element, s.known?.index, s.lastPresent?.index, s.lastAbsent?.index])).toEqual([
      [0, 3, 6, undefined],
      [1, 7, 6, 4],
    ]);
  });

  it("looks at other processes' reads on an add only while one of their latest reads shows the value", () => {
    const ops = new Ops();
    ops.read(1, [5]); // 1: shows 5 before its add was invoked
    ops.read(2, []);
    ops.add(1); // no read shows it: nothing to look at
    ops.add(5); // 2: both processes' latest reads looked at, process 1's shows it
    const done = ops.read(1, [5]); // 2: compared up to 5, and the pending 5 made known
    expect(ops.walk.state(5)?.known).toEqual(done);
    ops.read(2, []);
    ops.read(1, []); // 1: 5 dropped, so no latest read shows it
    ops.add(5); // nothing to look at
    ops.read(2, []);
    expect(ops.walk.visited).toBe(1 + 2 + 2 + 1);
    const states = ops.walk.finish();
    // Then 1 and 5 against both processes' latest reads (process 1's came before 5's last add).
    expect(ops.walk.visited).toBe(6 + 4);
    expect(states.map((s) => [s.element, s.known, s.lastPresent, s.lastAbsent?.index])).toEqual([
      [1, null, null, 13],
      [5, null, null, 13],
    ]);
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
