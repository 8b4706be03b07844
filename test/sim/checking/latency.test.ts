// Client-visible latency quantiles from hand-written histories.
import { describe, expect, it } from "vitest";
import type { Op } from "../../../src/sim/checking/history.ts";
import { opLatencies } from "../../../src/sim/checking/latency.ts";

const op = (process: number, type: Op["type"], f: string, time: number): Op => ({ process, type, f, value: null, time, node: "n0" });

describe("opLatencies", () => {
  it("pairs each completion with its process's invocation, by f, ok ops only", () => {
    const history = [
      op(0, "invoke", "read", 0),
      op(1, "invoke", "broadcast", 1),
      op(1, "ok", "broadcast", 3.4),
      op(0, "ok", "read", 200),
      op(0, "invoke", "read", 300),
      op(0, "info", "read", 5300),
      op(2, "invoke", "read", 310),
      op(2, "ok", "read", 320),
      op(2, "invoke", "read", 400),
      op(2, "fail", "read", 401),
    ];
    expect(opLatencies(history)).toEqual({
      broadcast: { "0": 2, "0.5": 2, "0.95": 2, "0.99": 2, "1": 2 },
      read: { "0": 10, "0.5": 200, "0.95": 200, "0.99": 200, "1": 200 },
    });
  });

  it("is empty for a history with no ok op", () => {
    expect(opLatencies([op(0, "invoke", "read", 0), op(0, "info", "read", 5000)])).toEqual({});
  });
});
