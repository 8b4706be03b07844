// The reasons the checkers' figures give, on hand-written anomalies, stats and histories.
import { describe, expect, it } from "vitest";
import {
  FIRST_ANOMALIES,
  anomalyReasons,
  describeAnomaly,
  nodeErrorReason,
  shortJson,
  statsReasons,
  summariseAnomalies,
  type Anomaly,
} from "../../../src/sim/checking/reasons.ts";
import type { Op, OpType } from "../../../src/sim/checking/history.ts";
import { opStats } from "../../../src/sim/checking/stats.ts";

function anomaly(kind: Anomaly["kind"], time: number, node = "n1"): Anomaly {
  return { kind, time, node, f: "read", field: "messages", expected: "an array", got: `"x${time}"` };
}

function op(process: number, type: OpType, f: string, node: string, error?: string): Op {
  return { process, type, f, value: null, time: 0, node, ...(error !== undefined && { error }) };
}

describe("shortJson", () => {
  it("keeps text up to the limit and cuts what is longer with an ellipsis", () => {
    expect(shortJson({ a: 1 })).toBe('{"a":1}');
    expect(shortJson("x".repeat(4), 6)).toBe('"xxxx"');
    expect(shortJson("x".repeat(5), 6)).toBe('"xxxxx…');
    expect(shortJson("y".repeat(200))).toHaveLength(121);
  });

  it("names what JSON cannot write", () => {
    expect(shortJson(undefined)).toBe("undefined");
  });
});

describe("summariseAnomalies", () => {
  it("counts every anomaly by kind and keeps only the first few whole", () => {
    const all = [
      ...Array.from({ length: FIRST_ANOMALIES + 2 }, (_, i) => anomaly("malformed-reply", i)),
      anomaly("wrong-reply", 100),
    ];
    const s = summariseAnomalies(all);
    expect(s.count).toBe(FIRST_ANOMALIES + 3);
    expect(s["by-kind"]).toEqual({ "malformed-reply": FIRST_ANOMALIES + 2, "wrong-reply": 1 });
    expect(s.first).toEqual(all.slice(0, FIRST_ANOMALIES));
  });

  it("gives zero and no kinds for no anomalies", () => {
    expect(summariseAnomalies([])).toEqual({ count: 0, "by-kind": {}, first: [] });
  });
});

describe("describeAnomaly", () => {
  it("names the node, the op, the time in seconds, the kind and the field", () => {
    expect(describeAnomaly(anomaly("malformed-reply", 1234))).toBe(
      'n1 read at 1.23 s: malformed reply: messages should be an array; got "x1234"',
    );
    expect(describeAnomaly(anomaly("wrong-reply", 0))).toContain("reply to the wrong request");
    expect(describeAnomaly(anomaly("misplaced-error", 0))).toContain("error code where none fits");
  });
});

describe("anomalyReasons", () => {
  it("gives one reason per kind: its count and its first anomaly", () => {
    const reasons = anomalyReasons(summariseAnomalies([anomaly("wrong-reply", 0, "n2"), anomaly("wrong-reply", 10), anomaly("misplaced-error", 20, "n3")]));
    expect(reasons).toEqual([
      {
        kind: "wrong-reply",
        text: `2 × ${describeAnomaly(anomaly("wrong-reply", 0, "n2"))} (first of them)`,
        node: "n2",
        f: "read",
        field: "messages",
        expected: "an array",
        actual: '"x0"',
      },
      {
        kind: "misplaced-error",
        text: `1 × ${describeAnomaly(anomaly("misplaced-error", 20, "n3"))}`,
        node: "n3",
        f: "read",
        field: "messages",
        expected: "an array",
        actual: '"x20"',
      },
    ]);
  });

  it("skips a kind whose anomalies were all past the first few", () => {
    const first = Array.from({ length: FIRST_ANOMALIES }, (_, i) => anomaly("malformed-reply", i));
    const reasons = anomalyReasons(summariseAnomalies([...first, anomaly("wrong-reply", 99)]));
    expect(reasons.map((r) => r.kind)).toEqual(["malformed-reply"]);
  });
});

describe("nodeErrorReason", () => {
  it("names the node an error starts with, and no node otherwise", () => {
    expect(nodeErrorReason("n3: exited with code 1")).toEqual({ kind: "node-error", text: "n3: exited with code 1", node: "n3" });
    expect(nodeErrorReason("the bench lost n3")).toStrictEqual({ kind: "node-error", text: "the bench lost n3" });
    expect(nodeErrorReason("n12: exited with code 1").node).toBe("n12");
    expect(nodeErrorReason("while n0 waited, n3: exited with code 1")).not.toHaveProperty("node");
  });
});

describe("statsReasons", () => {
  it("names each f with no ok op, its counts and its commonest outcome with where it first came", () => {
    const history = [
      op(0, "invoke", "read", "n1"),
      op(0, "fail", "read", "n1", "timeout"),
      op(1, "invoke", "read", "n2"),
      op(1, "info", "read", "n2", "crashed"),
      op(2, "invoke", "read", "n3"),
      op(2, "info", "read", "n3", "crashed"),
      op(3, "invoke", "read", "n1"),
      op(3, "fail", "read", "n1"),
      op(4, "invoke", "broadcast", "n1"),
      op(4, "ok", "broadcast", "n1"),
      op(5, "invoke", "broadcast", "n1"),
      op(5, "fail", "broadcast", "n1", "timeout"),
    ];
    expect(statsReasons(opStats(history), history)).toEqual([
      {
        kind: "no-ok",
        f: "read",
        text: "no read completed ok: 4 read ops, 2 fail, 2 info; commonest outcome (2×, first on n2): crashed",
        expected: "at least one ok",
        actual: "0 ok",
      },
    ]);
  });

  it("names an op's type when it carries no error, and says nothing of outcomes when none are known", () => {
    const history = [op(0, "invoke", "read", "n1"), op(0, "fail", "read", "n1")];
    expect(statsReasons(opStats(history), history)[0]?.text).toBe("no read completed ok: 1 read ops, 1 fail, 0 info; commonest outcome (1×, first on n1): fail");
    expect(statsReasons(opStats(history), [])[0]?.text).toBe("no read completed ok: 1 read ops, 1 fail, 0 info");
  });

  it("gives nothing when every f has an ok op", () => {
    const history = [op(0, "invoke", "read", "n1"), op(0, "ok", "read", "n1")];
    expect(statsReasons(opStats(history), history)).toEqual([]);
  });
});
