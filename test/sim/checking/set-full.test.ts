// The set-full checker on hand-written histories.
import { describe, it, expect } from "vitest";
import { checkSetFull, elementOutcomes, quantiles } from "../../../src/sim/checking/set-full.ts";
import type { Op, OpType } from "../../../src/sim/checking/history.ts";

/** Builds a history in the order ops are pushed; each op names its process, time and value. */
class History {
  readonly ops: Op[] = [];

  private push(process: number, type: OpType, f: string, value: unknown, time: number): this {
    this.ops.push({ process, type, f, value, time, node: `n${process % 5}` });
    return this;
  }

  addInvoke(process: number, value: number, time: number): this {
    return this.push(process, "invoke", "broadcast", value, time);
  }

  addDone(process: number, type: Exclude<OpType, "invoke">, value: number, time: number): this {
    return this.push(process, type, "broadcast", value, time);
  }

  readInvoke(process: number, time: number): this {
    return this.push(process, "invoke", "read", null, time);
  }

  readOk(process: number, values: readonly number[], time: number): this {
    return this.push(process, "ok", "read", [...values], time);
  }

  readFailed(process: number, type: "fail" | "info", time: number): this {
    return this.push(process, type, "read", null, time);
  }

  /** An add invoked and acknowledged at once. */
  add(process: number, value: number, invokeTime: number, okTime: number): this {
    return this.addInvoke(process, value, invokeTime).addDone(process, "ok", value, okTime);
  }

  /** A read that overlaps nothing. */
  read(process: number, values: readonly number[], invokeTime: number, okTime: number): this {
    return this.readInvoke(process, invokeTime).readOk(process, values, okTime);
  }
}

const zeros = { "0": 0, "0.5": 0, "0.95": 0, "0.99": 0, "1": 0 };

describe("checkSetFull", () => {
  it("reports an empty history as unknown, with no latencies", () => {
    expect(checkSetFull([])).toStrictEqual({
      valid: "unknown",
      "attempt-count": 0,
      "stable-count": 0,
      "lost-count": 0,
      lost: [],
      "never-read-count": 0,
      "never-read": [],
      "stale-count": 0,
      stale: [],
      "duplicated-count": 0,
      duplicated: [],
    });
  });

  it("finds a value read right after its ack stable with zero latency", () => {
    const h = new History().add(0, 7, 0, 1).read(1, [7], 2, 3);
    const r = checkSetFull(h.ops);
    expect(r.valid).toBe(true);
    expect(r["attempt-count"]).toBe(1);
    expect(r["stable-count"]).toBe(1);
    expect(r["stale-count"]).toBe(0);
    expect(r.stale).toEqual([]);
    expect(r["stable-latencies"]).toEqual(zeros);
  });

  it("measures stable latency from the known time to just after the last missing read began", () => {
    const h = new History()
      .add(0, 0, 0, 10)
      .read(1, [], 20, 21)
      // The showing read's own times do not matter, only the miss's invocation.
      .read(1, [0], 1500.4, 1501);
    const r = checkSetFull(h.ops);
    expect(r.valid).toBe(true);
    expect(r["stable-count"]).toBe(1);
    expect(r["stale-count"]).toBe(1);
    expect(r.stale).toEqual([0]);
    expect(r["stable-latencies"]).toEqual({ "0": 10, "0.5": 10, "0.95": 10, "0.99": 10, "1": 10 });
  });

  it("truncates latencies to whole milliseconds, so a sub-millisecond miss is not stale", () => {
    const h = new History().add(0, 0, 0, 10).read(1, [], 10.9, 11).read(1, [0], 12, 13);
    const r = checkSetFull(h.ops);
    expect(r["stable-count"]).toBe(1);
    expect(r["stale-count"]).toBe(0);
    expect(r["stable-latencies"]).toEqual(zeros);
  });

  it("adds one nanosecond to the last miss's invocation time", () => {
    // 0.999999 ms plus 1 ns is exactly 1 ms; without the extra nanosecond it would truncate to 0.
    const h = new History().add(0, 0, 0, 10).read(1, [], 10.999999, 11).read(1, [0], 12, 13);
    const r = checkSetFull(h.ops);
    expect(r.stale).toEqual([0]);
    expect(r["stable-latencies"]?.["1"]).toBe(1);
  });

  it("works in whole nanoseconds, as Jepsen's clock does, so float noise cannot lose a millisecond", () => {
    // 9.299999 ms − 8.3 ms + 1 ns is exactly 1 ms in nanoseconds, a hair under it in float ms.
    const h = new History().add(0, 0, 0, 8.3).read(1, [], 9.299999, 9.5).read(1, [0], 12, 13);
    expect(checkSetFull(h.ops)["stable-latencies"]?.["1"]).toBe(1);
  });

  it("keeps the latest-invoked miss even when an earlier-invoked miss completes after it", () => {
    const h = new History()
      .add(0, 0, 0, 5)
      .readInvoke(1, 10)
      .readInvoke(2, 12)
      .readOk(2, [], 13)
      .readOk(1, [], 14)
      .read(1, [0], 20, 21);
    const r = checkSetFull(h.ops);
    expect(r["stable-count"]).toBe(1);
    expect(r["stable-latencies"]?.["0"]).toBe(7);
  });

  it("keeps the latest-invoked show even when an earlier-invoked show completes after it", () => {
    const h = new History()
      .add(0, 0, 0, 5)
      .readInvoke(1, 10) // shows it
      .readInvoke(2, 11) // misses it
      .readInvoke(3, 12) // shows it
      .readOk(3, [0], 13)
      .readOk(2, [], 14)
      .readOk(1, [0], 15);
    const r = checkSetFull(h.ops);
    expect(r["lost-count"]).toBe(0);
    expect(r["stable-latencies"]?.["0"]).toBe(6);
  });

  it("calls a value lost when a read invoked after it was known and after it was last seen misses it", () => {
    const h = new History().add(0, 0, 0, 1).read(1, [0], 2, 3).read(1, [], 4, 5);
    const r = checkSetFull(h.ops);
    expect(r.valid).toBe(false);
    expect(r["lost-count"]).toBe(1);
    expect(r.lost).toEqual([0]);
    expect(r["stable-count"]).toBe(0);
    expect(r["never-read-count"]).toBe(0);
    expect(r["stable-latencies"]).toBeUndefined();
  });

  it("calls an acknowledged value that no read ever shows lost", () => {
    const h = new History().add(0, 0, 0, 1).read(1, [], 2, 3);
    const r = checkSetFull(h.ops);
    expect(r.valid).toBe(false);
    expect(r.lost).toEqual([0]);
  });

  it("is invalid when any value is lost, even if others are stable", () => {
    const h = new History().add(0, 0, 0, 1).add(0, 1, 2, 3).read(1, [0, 1], 4, 5).read(1, [1], 6, 7);
    const r = checkSetFull(h.ops);
    expect(r.valid).toBe(false);
    expect(r.lost).toEqual([0]);
    expect(r["stable-count"]).toBe(1);
  });

  it("calls a timed-out add that never appears never-read, and alone that is unknown", () => {
    const h = new History().addInvoke(0, 0, 0).addDone(0, "info", 0, 5000).read(1, [], 5001, 5002);
    const r = checkSetFull(h.ops);
    expect(r.valid).toBe("unknown");
    expect(r["attempt-count"]).toBe(1);
    expect(r["never-read-count"]).toBe(1);
    expect(r["never-read"]).toEqual([0]);
    expect(r["lost-count"]).toBe(0);
  });

  it("calls an acknowledged value never-read when no read follows it", () => {
    const h = new History().add(0, 3, 0, 1).add(0, 1, 2, 3).read(1, [1, 3], 4, 5).add(0, 2, 6, 7);
    const r = checkSetFull(h.ops);
    expect(r.valid).toBe(true);
    expect(r["never-read-count"]).toBe(1);
    expect(r["never-read"]).toEqual([2]);
    expect(r["lost-count"]).toBe(0);
    expect(r["stable-count"]).toBe(2);
  });

  it("still counts failed and unacknowledged adds as attempts a read can make known", () => {
    const h = new History()
      .addInvoke(0, 0, 0)
      .addDone(0, "info", 0, 5000)
      .addInvoke(2, 1, 5001)
      .addDone(2, "fail", 1, 5002)
      .read(1, [0, 1], 5003, 5004)
      .read(1, [0], 5005, 5006);
    const r = checkSetFull(h.ops);
    expect(r["attempt-count"]).toBe(2);
    expect(r["stable-count"]).toBe(1);
    // Known through the first read, so the later miss loses it.
    expect(r.lost).toEqual([1]);
    expect(r.valid).toBe(false);
  });

  it("takes the known time from the first read showing a value when that beats the ack", () => {
    const h = new History()
      .addInvoke(0, 0, 0)
      .read(1, [0], 1, 2) // known at 2
      .addDone(0, "ok", 0, 6)
      .read(1, [], 7, 8)
      .read(1, [0], 9, 10);
    const r = checkSetFull(h.ops);
    expect(r.valid).toBe(true);
    // From the read's completion at 2, not the ack at 6, to just after 7.
    expect(r["stable-latencies"]?.["0"]).toBe(5);
    expect(r.stale).toEqual([0]);
  });

  it("lets an unacknowledged add become known only by a read, with latency from that read", () => {
    const h = new History()
      .addInvoke(0, 0, 0)
      .read(1, [0], 1, 4) // known at 4
      .read(1, [], 10, 11)
      .read(1, [0], 20, 21)
      .addDone(0, "info", 0, 5000);
    const r = checkSetFull(h.ops);
    expect(r["stable-count"]).toBe(1);
    expect(r["stable-latencies"]?.["0"]).toBe(6);
  });

  it("does not count a miss by a read invoked before the ack as lost", () => {
    const h = new History().addInvoke(0, 0, 0).readInvoke(1, 1).addDone(0, "ok", 0, 2).readOk(1, [], 3);
    const r = checkSetFull(h.ops);
    expect(r["lost-count"]).toBe(0);
    expect(r["never-read"]).toEqual([0]);
    expect(r.valid).toBe("unknown");
  });

  it("finds zero latency when a miss overlapping the add is followed by a read showing it", () => {
    const h = new History()
      .addInvoke(0, 0, 0)
      .readInvoke(1, 1)
      .addDone(0, "ok", 0, 2)
      .readOk(1, [], 3)
      .read(1, [0], 4, 5);
    const r = checkSetFull(h.ops);
    expect(r["stable-count"]).toBe(1);
    expect(r["stable-latencies"]).toEqual(zeros);
  });

  it("tracks a read that began before the add was invoked but missed it after", () => {
    const h = new History().readInvoke(1, 0).add(0, 0, 1, 2).readOk(1, [], 3).read(1, [0], 4, 5);
    const r = checkSetFull(h.ops);
    expect(r["stable-count"]).toBe(1);
    expect(r["stable-latencies"]).toEqual(zeros);
  });

  it("lets a concurrent read that shows the value make it known before the ack", () => {
    const h = new History().addInvoke(0, 0, 0).readInvoke(1, 1).readOk(1, [0], 3).addDone(0, "ok", 0, 5);
    const r = checkSetFull(h.ops);
    expect(r.valid).toBe(true);
    expect(r["stable-count"]).toBe(1);
    expect(r["stable-latencies"]).toEqual(zeros);
  });

  it("orders reads by invocation, not completion: a later-invoked miss that completes first loses it", () => {
    const h = new History()
      .add(0, 0, 0, 5)
      .readInvoke(1, 10) // shows it
      .readInvoke(2, 12) // misses it
      .readOk(2, [], 13)
      .readOk(1, [0], 14);
    const r = checkSetFull(h.ops);
    expect(r.lost).toEqual([0]);
    expect(r.valid).toBe(false);
  });

  it("orders reads by invocation, not completion: a later-invoked show that completes first keeps it", () => {
    const h = new History()
      .add(0, 0, 0, 5)
      .readInvoke(1, 10) // misses it
      .readInvoke(2, 12) // shows it
      .readOk(2, [0], 13)
      .readOk(1, [], 14);
    const r = checkSetFull(h.ops);
    expect(r["stable-count"]).toBe(1);
    expect(r["stable-latencies"]?.["0"]).toBe(5);
  });

  it("ignores failed and indeterminate reads", () => {
    const h = new History()
      .add(0, 0, 0, 1)
      .read(1, [0], 2, 3)
      .readInvoke(1, 4)
      .readFailed(1, "fail", 5)
      .readInvoke(2, 6)
      .readFailed(2, "info", 5006);
    const r = checkSetFull(h.ops);
    expect(r.valid).toBe(true);
    expect(r["stable-count"]).toBe(1);
    expect(r["lost-count"]).toBe(0);
  });

  it("reports no duplicates and stays valid when a read repeats a value, as Maelstrom does", () => {
    const h = new History().add(0, 0, 0, 1).add(0, 1, 2, 3).read(1, [0, 1, 0, 0], 4, 5);
    const r = checkSetFull(h.ops);
    expect(r["duplicated-count"]).toBe(0);
    expect(r.duplicated).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r["stable-count"]).toBe(2);
  });

  it("treats a read that returned no list as showing nothing", () => {
    const h = new History().add(0, 0, 0, 1).readInvoke(1, 2);
    h.ops.push({ process: 1, type: "ok", f: "read", value: null, time: 3, node: "n1" });
    expect(checkSetFull(h.ops).lost).toEqual([0]);
  });

  it("lists stale values in ascending order and picks quantiles from sorted latencies", () => {
    // Value i becomes stable i ms after its ack, so worst-first would be the reverse order.
    const h = new History();
    let t = 0;
    for (let i = 0; i < 10; i++) {
      const earlier = Array.from({ length: i }, (_, k) => k);
      h.add(0, i, t, t + 1).read(1, earlier, t + 1 + i, t + 1 + i + 0.5).read(1, [...earlier, i], t + 20, t + 21);
      t += 100;
    }
    const r = checkSetFull(h.ops);
    expect(r.valid).toBe(true);
    expect(r["stable-count"]).toBe(10);
    expect(r.stale).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(r["stale-count"]).toBe(9);
    expect(r["stable-latencies"]).toEqual({ "0": 0, "0.5": 5, "0.95": 9, "0.99": 9, "1": 9 });
  });

  it("sorts lost and never-read values numerically", () => {
    const h = new History().add(0, 10, 0, 1).add(0, 9, 2, 3).add(0, 100, 4, 5).read(1, [], 6, 7);
    expect(checkSetFull(h.ops).lost).toEqual([9, 10, 100]);
  });

  it("starts tracking afresh when the same value is added again, as Jepsen does", () => {
    const h = new History().add(0, 0, 0, 1).read(1, [0], 2, 3).addInvoke(0, 0, 4).addDone(0, "info", 0, 5000);
    const r = checkSetFull(h.ops);
    expect(r["attempt-count"]).toBe(1);
    expect(r["never-read"]).toEqual([0]);
    expect(r["stable-count"]).toBe(0);
  });

  it("rejects a completion whose process never invoked anything", () => {
    const h = new History().readOk(1, [], 1);
    expect(() => checkSetFull(h.ops)).toThrow(/never invoked/);
  });

  it("rejects an add's completion for a value its process never invoked", () => {
    const h = new History().addInvoke(0, 1, 0).addDone(0, "ok", 2, 1);
    expect(() => checkSetFull(h.ops)).toThrow(/completes broadcast 2, which was never invoked/);
  });

  it("keeps elements of every kind apart: 0 and \"0\", negative, fractional and large integers, text", () => {
    // g-set's elements are any JSON value; only small non-negative integers are Maelstrom's own.
    const others = [-1, 1.5, 2 ** 24, "x"];
    const history = (shown: unknown): Op[] => {
      const ops: Op[] = [];
      let t = 0;
      for (const value of [0, "0", ...others]) {
        ops.push({ process: 0, type: "invoke", f: "add", value, time: t++, node: "n0" });
        ops.push({ process: 0, type: "ok", f: "add", value, time: t++, node: "n0" });
      }
      ops.push({ process: 1, type: "invoke", f: "read", value: null, time: t++, node: "n1" });
      ops.push({ process: 1, type: "ok", f: "read", value: [shown, ...others], time: t++, node: "n1" });
      return ops;
    };
    for (const [shown, lost] of [[0, "0"], ["0", 0]]) {
      const r = checkSetFull(history(shown), "add");
      expect(r.lost).toEqual([lost]);
      expect(r["stable-count"]).toBe(5);
    }
  });

  it("orders elements that are not numbers by their text", () => {
    const h: Op[] = [];
    for (const [i, value] of ["b", "c", "a", 2, "10"].entries()) h.push({ process: i, type: "invoke", f: "add", value, time: i, node: "n0" });
    expect(checkSetFull(h, "add")["never-read"]).toEqual(["10", 2, "a", "b", "c"]);
  });

  it("ignores values a read shows that no add ever named", () => {
    const h = new History().read(1, [0, 7], 0, 1).add(0, 0, 2, 3).read(1, [0, 0, 7], 4, 5);
    const r = checkSetFull(h.ops);
    expect(r["attempt-count"]).toBe(1);
    expect(r["stable-count"]).toBe(1);
  });

  it("counts a value a read repeats once, so the values it lacks are all missed", () => {
    const h = new History().add(0, 0, 0, 1).add(0, 1, 2, 3).read(1, [1, 1], 4, 5);
    expect(checkSetFull(h.ops).lost).toEqual([0]);
  });

  it("judges a value added again by its latest add only, so another value's miss still counts", () => {
    const h = new History().add(0, 0, 0, 1).add(0, 1, 2, 3).add(0, 1, 4, 5).read(1, [1], 6, 7);
    const r = checkSetFull(h.ops);
    expect(r.lost).toEqual([0]);
    expect(r["stable-count"]).toBe(1);
  });

  it("calls a timed-out add that a later read misses never-read, not lost: it was never known", () => {
    const h = new History().addInvoke(0, 0, 0).addDone(0, "info", 0, 1).read(1, [], 2, 3);
    expect(checkSetFull(h.ops)).toMatchObject({ valid: "unknown", lost: [], "never-read": [0] });
  });

  it("gives each value's outcome, broadcast's adds by default", () => {
    const h = new History().add(0, 1, 0, 1).add(0, 0, 2, 3).read(1, [1], 4, 5);
    expect(elementOutcomes(h.ops)).toEqual([
      { element: 0, outcome: "lost" },
      { element: 1, outcome: "stable", stableLatency: 0 },
    ]);
  });

  it("finds a value stable that the very first op, a read, shows", () => {
    // The read's invocation is op 0: a present read at index 0 must still beat "no absent read".
    const h = new History().readInvoke(1, 0).addInvoke(0, 5, 1).readOk(1, [5], 2).addDone(0, "ok", 5, 3);
    expect(elementOutcomes(h.ops)).toEqual([{ element: 5, outcome: "stable", stableLatency: 0 }]);
  });

  it("leaves a value never-read that only the very first op, a read overlapping its add, misses", () => {
    // The miss's invocation is op 0: an absent read at index 0 must still beat "no present read".
    const h = new History().readInvoke(1, 0).addInvoke(0, 5, 1).readOk(1, [], 2).addDone(0, "ok", 5, 3);
    expect(elementOutcomes(h.ops)).toEqual([{ element: 5, outcome: "never-read" }]);
  });

  it("keeps elements whose texts are equal, 1 and \"1\", in the order of their adds", () => {
    for (const values of [["1", 1], [1, "1"]]) {
      const h: Op[] = values.map((value, i) => ({ process: i, type: "invoke", f: "add", value, time: i, node: "n0" }));
      expect(checkSetFull(h, "add")["never-read"]).toEqual(values);
    }
  });

  it("tracks 200 values that one read shows at once, more than twice what a process's first read has room for", () => {
    const h = new History();
    const all = Array.from({ length: 200 }, (_, i) => i);
    for (const i of all) h.add(0, i, 2 * i, 2 * i + 1);
    // The second read keeps all but the last, so the walk visits only that one again.
    h.read(1, all, 400, 401).read(1, all.slice(0, -1), 402, 403);
    const outcomes = elementOutcomes(h.ops);
    expect(outcomes.pop()).toEqual({ element: 199, outcome: "lost" });
    expect(outcomes).toEqual(all.slice(0, -1).map((element) => ({ element, outcome: "stable", stableLatency: 0 })));
  });

  it("checks 2,000 values against 2,000 large reads", () => {
    const h = new History();
    const shown: number[] = [];
    for (let i = 0; i < 2000; i++) {
      h.add(0, i, 10 * i, 10 * i + 1);
      shown.push(i);
      h.read(1, shown.slice(-1000), 10 * i + 2, 10 * i + 3);
    }
    const r = checkSetFull(h.ops);
    expect(r["attempt-count"]).toBe(2000);
    expect(r["stable-count"]).toBe(1000);
    expect(r["lost-count"]).toBe(1000);
  });
});

describe("quantiles", () => {
  it("returns nothing for no latencies", () => {
    expect(quantiles([])).toBeUndefined();
  });

  it("picks index floor(n·q) of 10 sorted latencies, capped at the last", () => {
    expect(quantiles([90, 10, 80, 20, 70, 30, 60, 40, 50, 100])).toEqual({
      "0": 10,
      "0.5": 60,
      "0.95": 100,
      "0.99": 100,
      "1": 100,
    });
  });

  it("picks index floor(n·q) of 101 sorted latencies", () => {
    const latencies = Array.from({ length: 101 }, (_, i) => (100 - i) * 10);
    expect(quantiles(latencies)).toEqual({ "0": 0, "0.5": 500, "0.95": 950, "0.99": 990, "1": 1000 });
  });

  it("sorts numerically, not as text", () => {
    expect(quantiles([9, 10, 100])).toEqual({ "0": 9, "0.5": 10, "0.95": 100, "0.99": 100, "1": 100 });
  });
});

/** The checker's definition, element by element over every read: what the faster walk must reproduce. */
function naiveOutcomes(history: readonly Op[]): Map<unknown, [number, number]> {
  const invokedAt = new Map<number, number>();
  const tracked = new Map<unknown, [number, number]>();
  history.forEach((op, index) => {
    if (op.type === "invoke") {
      invokedAt.set(op.process, index);
      if (op.f === "broadcast") tracked.set(op.value, [-1, -1]);
      return;
    }
    const inv = invokedAt.get(op.process) ?? -1;
    if (op.f !== "read" || op.type !== "ok") return;
    const seen = new Set(op.value as unknown[]);
    for (const [value, marks] of tracked) {
      const i = seen.has(value) ? 0 : 1;
      marks[i] = Math.max(marks[i], inv);
    }
  });
  return tracked;
}

describe("set-full's walk over the values a read lacks", () => {
  it("finds the same latest present and absent reads as a check of every value, on seeded random histories with repeats and old misses", () => {
    let x = 12345;
    const rand = (n: number): number => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return x % n;
    };
    for (let round = 0; round < 30; round++) {
      const h = new History();
      const added: number[] = [];
      for (let t = 0; t < 60; t++) {
        if (rand(2) === 0) {
          const value = rand(4) === 0 && added.length ? (added[rand(added.length)] as number) : t;
          h.add(0, value, t, t + 0.5);
          added.push(value);
        } else {
          const shown = added.filter(() => rand(5) !== 0);
          h.readInvoke(1, t).readOk(1, [...shown, ...shown.slice(0, rand(3))], t + 0.5);
        }
      }
      const expected = naiveOutcomes(h.ops);
      const result = checkSetFull(h.ops);
      const lostNaive = [...expected].filter(([, [present, absent]]) => absent > present && absent >= 0).length;
      expect(result["attempt-count"]).toBe(expected.size);
      expect(result["stable-count"] + result["lost-count"] + result["never-read-count"]).toBe(expected.size);
      const stableNaive = [...expected].filter(([, [present, absent]]) => present >= 0 && absent < present).length;
      expect(result["stable-count"]).toBe(stableNaive);
      expect(result["lost-count"] + result["never-read-count"]).toBe(lostNaive + [...expected].filter(([, [p, a]]) => p < 0 && a < 0).length);
    }
  });
});
