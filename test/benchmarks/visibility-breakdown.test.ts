// The visibility breakdown on a hand-written history: each pair split at the value's arrival in the observer's log, early values apart.
import { describe, expect, it } from "vitest";
import type { Op } from "../../src/sim/checking/history.ts";
import { checkVisibility } from "../../src/sim/checking/visibility.ts";
import { breakDown, FIRST_MS } from "../../src/benchmarks/visibility-breakdown.ts";

function op(process: number, node: string, f: string, type: "invoke" | "ok", value: unknown, time: number): Op {
  return { process, node, f, type, value, time };
}

describe("breaking a cut's visibility down", () => {
  it("splits each seen pair into delivery and the wait for the node's next read, and the cut's first second from the rest", () => {
    const history: Op[] = [
      op(0, "n1", "broadcast", "invoke", 1, 1100),
      op(0, "n1", "broadcast", "ok", 1, 1100),
      op(0, "n1", "broadcast", "invoke", 2, 1000 + FIRST_MS + 500),
      op(0, "n1", "broadcast", "ok", 2, 1000 + FIRST_MS + 500),
      // n2 holds 1 from 1400 but is first read at 2000; 2 arrives at 2800 and is read at 2900.
      op(1, "n2", "read", "invoke", null, 2000),
      op(1, "n2", "read", "ok", [1], 2001),
      op(1, "n2", "read", "invoke", null, 2900),
      op(1, "n2", "read", "ok", [1, 2], 2901),
    ];
    const window = { nodes: ["n0", "n1", "n2"], cutOff: ["n0"], from: 1000, until: 9000, addF: "broadcast" };
    const arrivals = new Map([["n2", new Map([["1", 1400], ["2", 2800]])]]);
    const b = breakDown(history, window, arrivals);
    expect(b).toEqual({ pairs: 2, median: 900, p95: 900, p99: 900, max: 900, deliveryP99: 300, waitP99: 600, firstP99: 900, restP99: 400 });
    // The same pairs as the checker's.
    expect(checkVisibility(history, window).latencies?.["0.99"]).toBe(b?.p99);
    expect(breakDown(history, { ...window, from: 5000 }, arrivals)).toBeUndefined();
  });
});
