// The echo, unique-ids and availability checkers on hand-written histories.
import { describe, expect, it } from "vitest";
import { checkAvailability } from "../../../src/sim/checking/availability.ts";
import { checkEcho } from "../../../src/sim/checking/echo.ts";
import type { Op, OpType } from "../../../src/sim/checking/history.ts";
import { checkUniqueIds } from "../../../src/sim/checking/unique-ids.ts";

let time = 0;
const op = (process: number, type: OpType, f: string, value: unknown, error?: string): Op => ({
  process,
  type,
  f,
  value,
  time: time++,
  node: "n0",
  ...(error !== undefined && { error }),
});

describe("checkEcho", () => {
  it("passes replies that carry the echo back", () => {
    const history = [op(0, "invoke", "echo", "Please echo 3"), op(0, "ok", "echo", { type: "echo_ok", echo: "Please echo 3", in_reply_to: 1 })];
    expect(checkEcho(history)).toEqual({ valid: true, errors: [] });
  });

  it("flags a wrong echo, a timed-out one and one never completed, with what came back", () => {
    const history = [
      op(0, "invoke", "echo", "Please echo 1"),
      op(0, "ok", "echo", { type: "echo_ok", echo: "Please echo 2" }),
      op(1, "invoke", "echo", "Please echo 5"),
      op(1, "info", "echo", "Please echo 5", "net-timeout"),
      op(2, "invoke", "echo", "Please echo 9"),
    ];
    expect(checkEcho(history)).toEqual({
      valid: false,
      errors: [
        { expected: "Please echo 1", received: { type: "echo_ok", echo: "Please echo 2" }, type: "ok", node: "n0" },
        { expected: "Please echo 5", received: "Please echo 5", type: "info", error: "net-timeout", node: "n0" },
        { expected: "Please echo 9", received: null, type: "never completed", node: "n0" },
      ],
    });
  });
});

describe("checkUniqueIds", () => {
  it("counts attempts and acknowledgements and gives the range of distinct ids", () => {
    const history = [op(0, "invoke", "generate", null), op(0, "ok", "generate", 3), op(0, "invoke", "generate", null), op(0, "ok", "generate", 1), op(0, "invoke", "generate", null), op(0, "info", "generate", null, "net-timeout")];
    expect(checkUniqueIds(history)).toEqual({ valid: true, "attempted-count": 3, "acknowledged-count": 2, "duplicated-count": 0, duplicated: [], range: [1, 3] });
  });

  it("lists duplicates with how often each was returned, in id order", () => {
    const ids = ["b", "a", "b", "c", "a", "b"];
    const history = ids.flatMap((id) => [op(0, "invoke", "generate", null), op(0, "ok", "generate", id)]);
    expect(checkUniqueIds(history)).toEqual({
      valid: false,
      "attempted-count": 6,
      "acknowledged-count": 6,
      "duplicated-count": 2,
      duplicated: [["a", 2], ["b", 3]],
      range: ["a", "c"],
    });
  });

  it("tells structured ids apart by value", () => {
    const history = [[1, 2], [1, 2], [2, 1]].flatMap((id) => [op(0, "invoke", "generate", null), op(0, "ok", "generate", id)]);
    expect(checkUniqueIds(history)["duplicated"]).toEqual([[[1, 2], 2]]);
  });

  it("has no range when nothing was acknowledged", () => {
    expect(checkUniqueIds([op(0, "invoke", "generate", null), op(0, "fail", "generate", null)]).range).toBeNull();
  });
});

describe("checkAvailability", () => {
  const history = [op(0, "invoke", "generate", null), op(0, "ok", "generate", 1), op(0, "invoke", "generate", null), op(0, "info", "generate", null)];
  it("reports the ok share of invocations, and judges it only against a target", () => {
    expect(checkAvailability(history, undefined)).toEqual({ valid: true, "ok-fraction": 0.5 });
    expect(checkAvailability(history, 0.5)).toEqual({ valid: true, "ok-fraction": 0.5 });
    expect(checkAvailability(history, 0.6)).toEqual({ valid: false, "ok-fraction": 0.5 });
    expect(checkAvailability(history, "total")).toEqual({ valid: false, "ok-fraction": 0.5 });
    expect(checkAvailability(history.slice(0, 2), "total")).toEqual({ valid: true, "ok-fraction": 1 });
  });

  it("counts an empty history as fully available", () => {
    expect(checkAvailability([], "total")).toEqual({ valid: true, "ok-fraction": 1 });
  });
});
