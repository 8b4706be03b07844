// The challenge presets and their verdicts.
import { describe, expect, it } from "vitest";
import { getPreset, maelstromFlags, presetNames, presetOptions, type VariantOptions } from "../../src/presets/presets.ts";
import { formatVerdict, judgePreset } from "../../src/presets/verdict.ts";

const presetFlags = (preset: ReturnType<typeof getPreset>, options?: VariantOptions): string[] => maelstromFlags(presetOptions(preset, options));
import type { Results, StableLatencies, Validity } from "../../src/sim/checking/results.ts";

function results(opts: { valid?: Validity; msgsPerOp?: number; latencies?: StableLatencies }): Results {
  const side = { "send-count": 100, "recv-count": 100, "msg-count": 100, "msgs-per-op": opts.msgsPerOp ?? 1 };
  const counts = { valid: true, count: 10, "ok-count": 10, "fail-count": 0, "info-count": 0 };
  return {
    "workload-name": "broadcast",
    valid: opts.valid ?? true,
    availability: { valid: true, "ok-fraction": 1 },
    workload: {
      valid: opts.valid ?? true,
      "attempt-count": 5,
      "stable-count": 5,
      "lost-count": 0,
      lost: [],
      "never-read-count": 0,
      "never-read": [],
      "stale-count": 0,
      stale: [],
      ...(opts.latencies === undefined ? {} : { "stable-latencies": opts.latencies }),
      "duplicated-count": 0,
      duplicated: [],
    },
    net: { valid: true, all: side, servers: side, clients: side },
    stats: { ...counts, "by-f": { broadcast: counts, read: counts } },
  };
}

const quick: StableLatencies = { "0": 0, "0.5": 250, "0.95": 480, "0.99": 520, "1": 590 };

describe("presets", () => {
  it("lists the challenges Maelstrom runs without services, in order", () => {
    expect(presetNames()).toEqual(["1", "2", "3a", "3b", "3c", "3d", "3e", "4"]);
  });

  it("rejects an unknown name, listing the valid ones", () => {
    expect(() => getPreset("3z")).toThrow(/unknown preset "3z".*1, 2, 3a, 3b, 3c, 3d, 3e, 4/);
  });

  it("turns a preset into Maelstrom flags", () => {
    expect(presetFlags(getPreset("3a"))).toEqual(["--node-count", "1", "--time-limit", "20", "--rate", "10"]);
    expect(presetFlags(getPreset("3c"))).toEqual([
      "--node-count", "5", "--time-limit", "20", "--rate", "10", "--nemesis", "partition",
    ]);
    expect(presetFlags(getPreset("3d"))).toEqual([
      "--node-count", "25", "--time-limit", "20", "--rate", "100", "--latency", "100",
    ]);
  });

  it("adds the also-valid-with options for the variant, and refuses it where there is none", () => {
    expect(presetFlags(getPreset("3e"), { alsoValidWith: true })).toEqual([
      "--node-count", "25", "--time-limit", "20", "--rate", "100", "--latency", "100", "--nemesis", "partition",
    ]);
    expect(() => presetFlags(getPreset("3b"), { alsoValidWith: true })).toThrow(/no also-valid-with/);
  });

  it("keeps the published thresholds", () => {
    expect(getPreset("3d").thresholds).toEqual({ "msgs-per-op": 30, "median-latency-ms": 400, "max-latency-ms": 600 });
    expect(getPreset("3e").thresholds).toEqual({ "msgs-per-op": 20, "median-latency-ms": 1000, "max-latency-ms": 2000 });
    expect(getPreset("3b").thresholds).toBeUndefined();
  });
});

describe("judgePreset", () => {
  it("judges validity alone when the preset has no thresholds", () => {
    expect(judgePreset(getPreset("3b"), results({}))).toEqual([
      { name: "valid", actual: true, limit: true, pass: true },
    ]);
    expect(judgePreset(getPreset("3b"), results({ valid: "unknown" }))[0]?.pass).toBe(false);
  });

  it("passes a run under every threshold", () => {
    const rows = judgePreset(getPreset("3d"), results({ msgsPerOp: 12.34, latencies: quick }));
    expect(rows).toEqual([
      { name: "valid", actual: true, limit: true, pass: true },
      { name: "msgs-per-op", actual: 12.34, limit: 30, pass: true },
      { name: "median-latency-ms", actual: 250, limit: 400, pass: true },
      { name: "max-latency-ms", actual: 590, limit: 600, pass: true },
    ]);
    expect(formatVerdict(rows)).toEqual([
      "PASS valid true",
      "PASS msgs-per-op 12.34 < 30",
      "PASS median-latency-ms 250 < 400",
      "PASS max-latency-ms 590 < 600",
    ]);
  });

  it("fails at the limit itself: the criteria are strict", () => {
    const rows = judgePreset(getPreset("3d"), results({ msgsPerOp: 30, latencies: { ...quick, "1": 600 } }));
    expect(rows.map((r) => r.pass)).toEqual([true, false, true, false]);
    expect(formatVerdict(rows)).toContain("FAIL msgs-per-op 30 >= 30");
    expect(formatVerdict(rows)).toContain("FAIL max-latency-ms 600 >= 600");
  });

  it("fails an invalid run whatever its figures", () => {
    const rows = judgePreset(getPreset("3e"), results({ valid: false, msgsPerOp: 3, latencies: quick }));
    expect(rows[0]).toEqual({ name: "valid", actual: false, limit: true, pass: false });
    expect(formatVerdict(rows)[0]).toBe("FAIL valid false");
  });

  it("fails latency rows when no value became stable", () => {
    const rows = judgePreset(getPreset("3d"), results({ valid: "unknown", msgsPerOp: 0 }));
    expect(rows.slice(2)).toEqual([
      { name: "median-latency-ms", actual: null, limit: 400, pass: false },
      { name: "max-latency-ms", actual: null, limit: 600, pass: false },
    ]);
    expect(formatVerdict(rows)).toContain("FAIL median-latency-ms none (no stable value) < 400");
  });

  it("judges the also-valid-with variant on validity only", () => {
    const slow = results({ msgsPerOp: 90, latencies: { ...quick, "1": 15_000 } });
    expect(judgePreset(getPreset("3d"), slow, { alsoValidWith: true })).toEqual([
      { name: "valid", actual: true, limit: true, pass: true },
    ]);
  });

  it("prints enough digits that the figure never contradicts the verdict", () => {
    const rows = judgePreset(getPreset("3d"), results({ msgsPerOp: 29.996, latencies: quick }));
    expect(formatVerdict(rows)[1]).toBe("PASS msgs-per-op 29.996 < 30");
  });
});
