// The mapping of a Maelstrom broadcast results.edn onto Results, on files the stand-in Maelstrom writes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resultsFromEdn } from "../../src/presets/results-edn.ts";
import { setFullResultSchema } from "../../src/sim/checking/results.ts";

const fake = join(resolve(import.meta.dirname, "..", ".."), "test", "fixtures", "fake-maelstrom");

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "results-edn-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("resultsFromEdn", () => {
  function fakeResults(env: Record<string, string>): string {
    const cwd = tempDir();
    spawnSync(fake, ["test"], { cwd, env: { ...process.env, ...env } });
    return readFileSync(join(cwd, "store", "latest", "results.edn"), "utf8");
  }

  it("maps a broadcast results.edn onto Results", () => {
    const r = resultsFromEdn(fakeResults({ FAKE_MSGS_PER_OP: "14.25", FAKE_MEDIAN: "312", FAKE_MAX: "547" }));
    expect(r.valid).toBe(true);
    expect(r["workload-name"]).toBe("broadcast");
    expect(r.availability).toEqual({ valid: true, "ok-fraction": 1 });
    const w = setFullResultSchema.parse(r.workload);
    expect(w.valid).toBe(true);
    expect(w["stable-latencies"]).toEqual({ "0": 0, "0.5": 312, "0.95": 430, "0.99": 535, "1": 547 });
    expect(w.duplicated).toEqual([]);
    expect(r.net.servers["msgs-per-op"]).toBe(14.25);
    expect(r.stats["by-f"]["broadcast"]?.count).toBe(991);
    // Maelstrom gives no per-op figure for client traffic; it is derived from the op count.
    expect(r.net.clients["msgs-per-op"]).toBeCloseTo(r.net.clients["msg-count"] / r.stats.count, 9);
  });

  it("keeps :valid? :unknown and the absence of stable latencies", () => {
    const r = resultsFromEdn(fakeResults({ FAKE_VALID: "unknown" }));
    expect(r.valid).toBe("unknown");
    expect(setFullResultSchema.parse(r.workload)["stable-latencies"]).toBeUndefined();
  });

  it("names what is missing from a file that is not a broadcast result", () => {
    expect(() => resultsFromEdn("{:valid? true}")).toThrow(/workload/);
  });
});
