import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { EdnError, EdnSymbol, Keyword, Tagged, kw, parseEdn, resultsFromEdn, toPlain } from "../src/presets/edn.ts";

const root = resolve(import.meta.dirname, "..");
const launcher = join(root, "maelstrom", "run");
const fake = join(root, "test", "fixtures", "fake-maelstrom");

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "maelstrom-run-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** What the stand-in Maelstrom was called with; undefined if it never ran. */
  argv: string[] | undefined;
}

function run(args: string[], env: Record<string, string | undefined> = {}, cwd = tempDir(), command = launcher): Run {
  const argvFile = join(cwd, "fake-argv.json");
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("FAKE_")));
  const merged: Record<string, string | undefined> = { ...base, MAELSTROM: fake, FAKE_MAELSTROM_ARGV: argvFile, ...env };
  const r = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined)),
  });
  const argv = existsSync(argvFile) ? (JSON.parse(readFileSync(argvFile, "utf8")) as string[]) : undefined;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, argv };
}

const base3d = ["test", "-w", "broadcast", "--bin", join(root, "bin", "gossip-node")];
const flags3d = ["--node-count", "25", "--time-limit", "20", "--rate", "100", "--latency", "100"];

describe("EDN reader", () => {
  it("reads scalars", () => {
    expect(parseEdn("nil")).toBeNull();
    expect(parseEdn("true")).toBe(true);
    expect(parseEdn("false")).toBe(false);
    expect(parseEdn("-42")).toBe(-42);
    expect(parseEdn("7N")).toBe(7);
    expect(parseEdn("14.732788")).toBe(14.732788);
    expect(parseEdn("2.5e3")).toBe(2500);
    expect(parseEdn("1.5M")).toBe(1.5);
    expect(parseEdn("1/4")).toBe(0.25);
    expect(parseEdn("##Inf")).toBe(Infinity);
    expect(parseEdn("##-Inf")).toBe(-Infinity);
    expect(parseEdn("##NaN")).toBeNaN();
    expect(parseEdn('"a \\"quoted\\" line\\n\\u00e9"')).toBe('a "quoted" line\né');
    expect(parseEdn("\\a")).toBe("a");
    expect(parseEdn("\\newline")).toBe("\n");
  });

  it("interns keywords and symbols, so they work as map keys", () => {
    expect(parseEdn(":valid?")).toBe(kw("valid?"));
    expect(parseEdn(":unknown")).toBeInstanceOf(Keyword);
    expect(parseEdn("jepsen.history.Op")).toBe(EdnSymbol.of("jepsen.history.Op"));
    const m = parseEdn("{:valid? :unknown, :count 3}") as Map<unknown, unknown>;
    expect(m.get(kw("valid?"))).toBe(kw("unknown"));
    expect(m.get(kw("count"))).toBe(3);
  });

  it("reads collections, comments, commas and discarded forms", () => {
    const text = `
      ; a comment line
      {:v [1 2 3], :l (4 5) ; trailing comment
       :s #{:a :b}, :skip #_ ignored-form :kept
       0.5 452, 1 791, "k" {}}`;
    const m = parseEdn(text) as Map<unknown, unknown>;
    expect(m.get(kw("v"))).toEqual([1, 2, 3]);
    expect(m.get(kw("l"))).toEqual([4, 5]);
    expect(m.get(kw("s"))).toEqual(new Set([kw("a"), kw("b")]));
    expect(m.get(kw("skip"))).toBe(kw("kept"));
    expect(m.get(0.5)).toBe(452);
    expect(m.get(1)).toBe(791);
    expect(m.get("k")).toEqual(new Map());
  });

  it("reads #inst as a Date and other tags as Tagged", () => {
    expect(parseEdn('#inst "2024-03-01T10:20:30.000-00:00"')).toEqual(new Date("2024-03-01T10:20:30Z"));
    const op = parseEdn("#jepsen.history.Op{:index 12, :type :ok}");
    expect(op).toBeInstanceOf(Tagged);
    expect((op as Tagged).tag).toBe("jepsen.history.Op");
    expect(toPlain(op)).toEqual({ index: 12, type: "ok" });
  });

  it("turns EDN into plain data with string keys", () => {
    expect(toPlain(parseEdn("{:stable-latencies {0 0, 0.5 86, 1 224}, :lost (), :valid? :unknown, :s #{1}}"))).toEqual({
      "stable-latencies": { "0": 0, "0.5": 86, "1": 224 },
      lost: [],
      "valid?": "unknown",
      s: [1],
    });
  });

  it("reports malformed input with its position", () => {
    expect(() => parseEdn('{:a "open')).toThrow(EdnError);
    expect(() => parseEdn("{:a 1 :b}")).toThrow(/even number of forms/);
    expect(() => parseEdn("[1 2]\n  ]")).toThrow(/after the value at line 2, column 3/);
    expect(() => parseEdn("(1 2")).toThrow(/end of input/);
    expect(() => parseEdn("12abc")).toThrow(/bad number/);
  });
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
    expect(r.workload.valid).toBe(true);
    expect(r.workload["stable-latencies"]).toEqual({ "0": 0, "0.5": 312, "0.95": 430, "0.99": 535, "1": 547 });
    expect(r.workload.duplicated).toEqual([]);
    expect(r.net.servers["msgs-per-op"]).toBe(14.25);
    expect(r.stats["by-f"]["broadcast"]?.count).toBe(991);
    // Maelstrom gives no per-op figure for client traffic; it is derived from the op count.
    expect(r.net.clients["msgs-per-op"]).toBeCloseTo(r.net.clients["msg-count"] / r.stats.count, 9);
  });

  it("keeps :valid? :unknown and the absence of stable latencies", () => {
    const r = resultsFromEdn(fakeResults({ FAKE_VALID: "unknown" }));
    expect(r.valid).toBe("unknown");
    expect(r.workload["stable-latencies"]).toBeUndefined();
  });

  it("names what is missing from a file that is not a broadcast result", () => {
    expect(() => resultsFromEdn("{:valid? true}")).toThrow(/workload/);
  });
});

describe("maelstrom/run", () => {
  beforeAll(() => {
    if (!existsSync(join(root, "dist", "maelstrom-run.mjs"))) throw new Error("run `node scripts/build.mjs` first");
  });

  it("runs the preset's command line and passes a good run", () => {
    const r = run(["3d"]);
    expect(r.argv).toEqual([...base3d, ...flags3d]);
    expect(r.stdout).toContain("Everything looks good!"); // Maelstrom's own output is streamed
    expect(r.stdout).toContain(
      ["PASS valid true", "PASS msgs-per-op 14.25 < 30", "PASS median-latency-ms 312 < 400", "PASS max-latency-ms 547 < 600"].join(
        "\n",
      ),
    );
    expect(r.status).toBe(0);
  });

  it("fails a run over a threshold", () => {
    const r = run(["3d"], { FAKE_MAX: "640", FAKE_MSGS_PER_OP: "31.5" });
    expect(r.stdout).toContain("FAIL msgs-per-op 31.5 >= 30");
    expect(r.stdout).toContain("FAIL max-latency-ms 640 >= 600");
    expect(r.stdout).toContain("PASS median-latency-ms 312 < 400");
    expect(r.status).toBe(1);
  });

  it("fails an invalid run even though Maelstrom's exit code is all it could go by", () => {
    const r = run(["3c"], { FAKE_VALID: "false" });
    expect(r.argv).toEqual([...base3d, "--node-count", "5", "--time-limit", "20", "--rate", "10", "--nemesis", "partition"]);
    expect(r.stdout).toContain("FAIL valid false");
    expect(r.status).toBe(1);
  });

  it("runs the also-valid-with variant with --nemesis, judging validity only", () => {
    const r = run(["3e", "--nemesis"], { FAKE_MSGS_PER_OP: "60", FAKE_MAX: "9000" });
    expect(r.argv).toEqual([...base3d, ...flags3d, "--nemesis", "partition"]);
    expect(r.stdout).toContain("PASS valid true");
    expect(r.stdout).not.toContain("msgs-per-op 60");
    expect(r.status).toBe(0);
  });

  it("resolves --bin against the cwd and passes arguments after -- to Maelstrom", () => {
    const cwd = tempDir();
    const r = run(["3a", "--bin", "nodes/mine", "--", "--log-stderr", "--topology", "line"], {}, cwd);
    expect(r.argv).toEqual([
      "test", "-w", "broadcast", "--bin", join(cwd, "nodes", "mine"),
      "--node-count", "1", "--time-limit", "20", "--rate", "10", "--log-stderr", "--topology", "line",
    ]);
    expect(r.status).toBe(0);
  });

  it.each([
    [["3z"], /unknown preset "3z".*3a, 3b, 3c, 3d, 3e/],
    [["3c", "--nemesis"], /no also-valid-with variant/],
    [["3d", "--rate", "5"], /unknown option '--rate'/],
    [[], /missing required argument 'preset'/],
  ])("exits 2 on usage error %j, without running Maelstrom", (args, message) => {
    const r = run(args);
    expect(r.stderr).toMatch(message);
    expect(r.argv).toBeUndefined();
    expect(r.status).toBe(2);
  });

  it("exits 3 with install advice when Maelstrom is not installed", () => {
    const path = [dirname(process.execPath), "/usr/bin", "/bin"];
    if (path.some((dir) => existsSync(join(dir, "maelstrom")))) return; // a real one is installed here
    const r = run(["3b"], { MAELSTROM: undefined, PATH: path.join(delimiter) });
    expect(r.stderr).toContain("Maelstrom is not installed");
    expect(r.stderr).toContain("scripts/simulate");
    expect(r.status).toBe(3);
    expect(run(["3b"], { MAELSTROM: "/nonexistent/maelstrom" }).status).toBe(3);
  });

  it("refuses to judge a results.edn left over from an earlier run", () => {
    const cwd = tempDir();
    expect(run(["3b"], {}, cwd).status).toBe(0);
    const r = run(["3b"], { FAKE_CRASH: "1" }, cwd);
    expect(r.stderr).toContain("Maelstrom exited with code 255 and wrote no fresh store/latest/results.edn");
    expect(r.status).toBe(1);
  });

  it("works through a symlink from another directory", () => {
    const dir = tempDir();
    symlinkSync(launcher, join(dir, "mrun"));
    const r = run(["3b"], {}, dir, join(dir, "mrun"));
    expect(r.argv?.[4]).toBe(join(root, "bin", "gossip-node"));
    expect(r.status).toBe(0);
  });

  it("asks for a build when the bundle is missing", () => {
    const copy = tempDir();
    mkdirSync(join(copy, "maelstrom"));
    copyFileSync(launcher, join(copy, "maelstrom", "run"));
    const r = run(["3b"], {}, tempDir(), join(copy, "maelstrom", "run"));
    expect(r.stderr).toContain("run `make build` first");
    expect(r.status).toBe(2);
  });
});
