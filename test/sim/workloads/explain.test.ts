// Every workload's reasons for an invalid verdict, on hand-written histories, and its malformed replies named by field.
import { describe, expect, it } from "vitest";
import { availabilityReasons, checkAvailability } from "../../../src/sim/checking/availability.ts";
import type { Op, OpType } from "../../../src/sim/checking/history.ts";
import { workloads } from "../../../src/sim/workloads/index.ts";

let time = 0;
const op = (process: number, type: OpType, f: string, value: unknown, node = "n0", extra: Partial<Op> = {}): Op => ({ process, type, f, value, time: time++, node, ...extra });

describe("explain", () => {
  it("pn-counter: each final read outside the acceptable sums, with its node and value", () => {
    const w = workloads["pn-counter"];
    const history = [op(0, "invoke", "add", 3), op(0, "ok", "add", 3), op(1, "invoke", "read", null, "n2", { final: true }), op(1, "ok", "read", 7, "n2", { final: true })];
    const { reasons, misplacedErrors } = w.explain(history, w.check(history));
    expect(reasons).toEqual([expect.objectContaining({ kind: "unacceptable-read", node: "n2", field: "value", actual: "7", expected: "one of 3" })]);
    expect(reasons[0]?.text).toBe("final read on n2 gave 7, outside the sums the adds allow: one of 3");
    expect(misplacedErrors).toEqual([]);
  });

  it("g-counter: no reasons when every final read is acceptable", () => {
    const w = workloads["g-counter"];
    const history = [op(0, "invoke", "add", 2), op(0, "info", "add", 2), op(1, "ok", "read", 2, "n1", { final: true })];
    expect(w.explain(history, w.check(history)).reasons).toEqual([]);
  });

  it("echo: each op not echoed, with its node, what was sent and what came back", () => {
    const w = workloads.echo;
    const history = [
      op(0, "invoke", "echo", "Please echo 1", "n1"),
      op(0, "ok", "echo", { type: "echo_ok", echo: "Please echo 2" }, "n1"),
      op(1, "invoke", "echo", "Please echo 5", "n2"),
      op(1, "info", "echo", "Please echo 5", "n2", { error: "net-timeout" }),
    ];
    const { reasons } = w.explain(history, w.check(history));
    expect(reasons.map((r) => [r.kind, r.node, r.expected, r.actual])).toEqual([
      ["not-echoed", "n1", '"Please echo 1"', '{"type":"echo_ok","echo":"Please echo 2"}'],
      ["not-echoed", "n2", '"Please echo 5"', "info (net-timeout)"],
    ]);
  });

  it("unique-ids: each duplicated id, how often and by which nodes", () => {
    const w = workloads["unique-ids"];
    const history = [op(0, "ok", "generate", "a", "n1"), op(1, "ok", "generate", "a", "n2"), op(2, "ok", "generate", "b", "n1"), op(3, "ok", "generate", 7, "n3"), op(4, "ok", "generate", 7, "n3")];
    const { reasons } = w.explain(history, w.check(history));
    expect(reasons.map((r) => r.text)).toEqual(['id 7 returned 2 times, by n3', 'id "a" returned 2 times, by n1, n2']);
    expect(reasons[0]?.node).toBe("n3");
    expect(reasons[1]?.node).toBeUndefined();
  });

  it("g-set: a lost value named with the add's node and the read field", () => {
    const w = workloads["g-set"];
    const history = [op(0, "invoke", "add", 0), op(0, "ok", "add", 0, "n1"), op(1, "invoke", "read", null, "n2"), op(1, "ok", "read", [], "n2")];
    const { reasons } = w.explain(history, w.check(history));
    expect(reasons[0]).toMatchObject({ kind: "lost", node: "n1", field: "value", expected: "to contain 0" });
  });
});

describe("availabilityReasons", () => {
  const history = [op(0, "invoke", "generate", null), op(0, "ok", "generate", 1), op(1, "invoke", "generate", null), op(1, "fail", "generate", null)];

  it("gives the ok fraction against the requirement", () => {
    const target = 0.99;
    expect(availabilityReasons(checkAvailability(history, target), target)).toEqual([
      { kind: "unavailable", field: "availability", expected: "at least 99.0% ok", actual: "50.0% ok", text: "availability 50.0% ok of invoked ops, required at least 99.0% ok" },
    ]);
    expect(availabilityReasons(checkAvailability(history, "total"), "total")[0]?.expected).toBe("every op ok (total)");
  });

  it("gives none when met or not asked for", () => {
    expect(availabilityReasons(checkAvailability(history, 0.5), 0.5)).toEqual([]);
    expect(availabilityReasons(checkAvailability(history, undefined), undefined)).toEqual([]);
  });
});

describe("ok: a malformed reply names the field at fault, for every workload", () => {
  const read = { f: "read", value: null, body: { type: "read" }, idempotent: true };
  it.each([
    ["pn-counter", read, { type: "read_ok", in_reply_to: 1, value: "3" }, "value"],
    ["g-counter", read, { type: "read_ok", in_reply_to: 1 }, "value"],
    ["g-set", read, { type: "read_ok", in_reply_to: 1, value: 3 }, "value"],
    ["broadcast", read, { type: "read_ok", in_reply_to: 1, messages: {} }, "messages"],
    ["echo", { f: "echo", value: "Please echo 1", body: { type: "echo", echo: "Please echo 1" }, idempotent: false }, { type: "echo_ok", in_reply_to: 1 }, "echo"],
    ["unique-ids", { f: "generate", value: null, body: { type: "generate" }, idempotent: false }, { type: "generated_ok", in_reply_to: 1, id: 1 }, "type"],
  ] as const)("%s", (name, clientOp, reply, field) => {
    const verdict = workloads[name].ok(clientOp, reply);
    expect(verdict).toMatchObject({ ok: false, field });
  });

  it("judges by the protocol's schemas: a counter is an integer, a reply's msg_id a message id", () => {
    expect(workloads["g-counter"].ok(read, { type: "read_ok", in_reply_to: 1, value: 1.5 })).toEqual({ ok: false, field: "value", expected: "an integer" });
    expect(workloads.broadcast.ok(read, { type: "read_ok", in_reply_to: 1, msg_id: "m", messages: [] })).toMatchObject({ ok: false, field: "msg_id" });
  });

  it("takes the ok value from a well-formed reply", () => {
    expect(workloads["pn-counter"].ok(read, { type: "read_ok", in_reply_to: 1, value: 4 })).toEqual({ ok: true, value: 4 });
    expect(workloads["unique-ids"].ok({ ...read, f: "generate" }, { type: "generate_ok", in_reply_to: 1, id: "n1-3" })).toEqual({ ok: true, value: "n1-3" });
    expect(workloads.echo.ok({ ...read, f: "echo" }, { type: "echo_ok", echo: "x", in_reply_to: 1 })).toEqual({ ok: true, value: { type: "echo_ok", echo: "x", in_reply_to: 1 } });
  });
});
