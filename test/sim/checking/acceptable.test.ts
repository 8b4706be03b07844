// The counters' acceptable-sums checker on hand-written histories, with the cases of Maelstrom's own pn-counter tests.
import { describe, expect, it } from "vitest";
import { acceptableSums, checkCounter, unite } from "../../../src/sim/checking/acceptable.ts";
import type { Op, OpType } from "../../../src/sim/checking/history.ts";

let time = 0;
const add = (type: OpType, value: number): Op => ({ process: 0, type, f: "add", value, time: time++, node: "n0" });
const finalRead = (value: number): Op => ({ process: 1, type: "ok", f: "read", value, time: time++, node: "n1", final: true });

describe("checkCounter", () => {
  it("accepts only 0 on an empty history", () => {
    expect(checkCounter([])).toEqual({ valid: true, errors: null, "final-reads": [], acceptable: [[0, 0]] });
  });

  it("accepts exactly the sum of definite adds", () => {
    const wrong = finalRead(4);
    const r = checkCounter([add("ok", 2), add("ok", 3), finalRead(5), wrong]);
    expect(r).toEqual({ valid: false, errors: [wrong], "final-reads": [5, 4], acceptable: [[5, 5]] });
  });

  it("widens the set by every subset of indeterminate adds, merging ranges that touch", () => {
    const wrong = finalRead(11);
    const history = [add("ok", 10), add("info", 5), add("info", -1), add("info", -1), wrong, finalRead(15)];
    expect(checkCounter(history)).toEqual({ valid: false, errors: [wrong], "final-reads": [11, 15], acceptable: [[8, 10], [13, 15]] });
  });

  it("counts neither failed adds nor invocations, and judges only ok final reads", () => {
    const history: Op[] = [
      { ...add("invoke", 7) },
      add("fail", 7),
      { process: 1, type: "ok", f: "read", value: 99, time: time++, node: "n1" },
      { process: 1, type: "info", f: "read", value: null, time: time++, node: "n1", final: true },
      finalRead(0),
    ];
    expect(checkCounter(history)).toEqual({ valid: true, errors: null, "final-reads": [0], acceptable: [[0, 0]] });
  });
});

describe("unite", () => {
  it("merges overlapping and adjacent integer ranges and keeps a gap of one apart", () => {
    expect(unite([[0, 0]], [[1, 1]])).toEqual([[0, 1]]);
    expect(unite([[0, 0]], [[2, 2]])).toEqual([[0, 0], [2, 2]]);
    expect(unite([[0, 3], [10, 12]], [[2, 9]])).toEqual([[0, 12]]);
  });

  it("gives 2^k sums for k indeterminate adds that never collide", () => {
    const history = [1, 10, 100].map((d) => add("info", d));
    expect(acceptableSums(history)).toEqual([[0, 1], [10, 11], [100, 101], [110, 111]]);
  });
});
