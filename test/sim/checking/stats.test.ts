// The stats checker and the network statistics on hand-written histories.
import { describe, it, expect } from "vitest";
import { netStats, opStats } from "../../../src/sim/checking/stats.ts";
import type { NetTotals } from "../../../src/sim/world/network.ts";
import type { Op, OpType } from "../../../src/sim/checking/history.ts";

function op(process: number, type: OpType, f: string, time: number): Op {
  return { process, type, f, value: null, time, node: "n0" };
}

/** Three broadcasts (2 ok, 1 info) and three reads (ok, fail, info), plus one still pending. */
const mixed: Op[] = [
  op(0, "invoke", "broadcast", 0),
  op(0, "ok", "broadcast", 1),
  op(1, "invoke", "read", 2),
  op(1, "ok", "read", 3),
  op(0, "invoke", "broadcast", 4),
  op(0, "info", "broadcast", 5004),
  op(2, "invoke", "broadcast", 5005),
  op(2, "ok", "broadcast", 5006),
  op(1, "invoke", "read", 5007),
  op(1, "fail", "read", 5008),
  op(1, "invoke", "read", 5009),
  op(1, "info", "read", 10009),
  op(3, "invoke", "read", 10010),
];

describe("opStats", () => {
  it("counts completions overall and by f, ignoring invocations", () => {
    expect(opStats(mixed)).toEqual({
      valid: true,
      count: 6,
      "ok-count": 3,
      "fail-count": 1,
      "info-count": 2,
      "by-f": {
        broadcast: { valid: true, count: 3, "ok-count": 2, "fail-count": 0, "info-count": 1 },
        read: { valid: true, count: 3, "ok-count": 1, "fail-count": 1, "info-count": 1 },
      },
    });
  });

  it("keeps by-f in sorted key order", () => {
    const reversed = [op(1, "invoke", "read", 0), op(1, "ok", "read", 1), op(0, "invoke", "broadcast", 2), op(0, "ok", "broadcast", 3)];
    expect(Object.keys(opStats(reversed)["by-f"])).toEqual(["broadcast", "read"]);
  });

  it("is invalid when some f never succeeded, although other ops did", () => {
    const history = [
      op(0, "invoke", "broadcast", 0),
      op(0, "ok", "broadcast", 1),
      op(1, "invoke", "read", 2),
      op(1, "fail", "read", 3),
      op(1, "invoke", "read", 4),
      op(1, "info", "read", 5004),
    ];
    const s = opStats(history);
    expect(s.valid).toBe(false);
    expect(s["ok-count"]).toBe(1);
    expect(s["by-f"]["read"]).toEqual({ valid: false, count: 2, "ok-count": 0, "fail-count": 1, "info-count": 1 });
    expect(s["by-f"]["broadcast"]?.valid).toBe(true);
  });

  it("is valid with nothing to count, since no f failed to succeed", () => {
    expect(opStats([op(0, "invoke", "read", 0)])).toEqual({
      valid: true,
      count: 0,
      "ok-count": 0,
      "fail-count": 0,
      "info-count": 0,
      "by-f": {},
    });
  });
});

describe("netStats", () => {
  // 6 of 98 messages dropped by partitions: sent and counted, never received.
  const tallies: NetTotals = {
    all: { send: 98, recv: 92 },
    servers: { send: 84, recv: 78 },
    clients: { send: 14, recv: 14 },
  };

  it("divides message counts by every invocation, completed or not", () => {
    // mixed holds 7 invocations but only 6 completions.
    expect(netStats(tallies, mixed)).toEqual({
      valid: true,
      all: { "send-count": 98, "recv-count": 92, "msg-count": 98, "msgs-per-op": 14 },
      servers: { "send-count": 84, "recv-count": 78, "msg-count": 84, "msgs-per-op": 12 },
      clients: { "send-count": 14, "recv-count": 14, "msg-count": 14, "msgs-per-op": 2 },
    });
  });

  it("keeps fractional ratios", () => {
    const threeInvocations = mixed.slice(0, 5);
    expect(netStats(tallies, threeInvocations).servers["msgs-per-op"]).toBeCloseTo(28, 10);
    expect(netStats(tallies, threeInvocations).clients["msgs-per-op"]).toBeCloseTo(14 / 3, 10);
  });

  it("reports 0 messages per op when nothing was invoked", () => {
    expect(netStats(tallies, []).all["msgs-per-op"]).toBe(0);
    expect(netStats(tallies, []).servers["msg-count"]).toBe(84);
  });
});
