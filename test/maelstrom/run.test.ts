// maelstrom/run against a stand-in Maelstrom: the preset's command line, the verdict from results.edn, the exit codes.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { EXIT, USAGE_EXIT } from "../../src/cli/kit.ts";

const root = resolve(import.meta.dirname, "..", "..");
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
  const argv = existsSync(argvFile) ? z.array(z.string()).parse(JSON.parse(readFileSync(argvFile, "utf8"))) : undefined;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, argv };
}

const base3d = ["test", "-w", "broadcast", "--bin", join(root, "bin", "gossip-node")];
const flags3d = ["--node-count", "25", "--time-limit", "20", "--rate", "100", "--latency", "100"];

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

  it("passes arguments after -- to the node through a generated wrapper", () => {
    const r = run(["3a", "--bin", "nodes/mine", "--", "--profile", "it's frugal"], {}, tempDir());
    const wrapper = r.argv?.[4] ?? "";
    expect(wrapper).toMatch(/maelstrom-run-.*\/node$/);
    expect(readFileSync(wrapper, "utf8")).toMatch(/^exec '.*nodes\/mine' '--profile' 'it'\\''s frugal' "\$@"$/m);
    expect(r.argv?.slice(5)).toEqual(["--node-count", "1", "--time-limit", "20", "--rate", "10"]);
    expect(r.status).toBe(0);
  });

  it("runs the also-valid-with variant with --nemesis, judging validity only", () => {
    const r = run(["3e", "--nemesis"], { FAKE_MSGS_PER_OP: "60", FAKE_MAX: "9000" });
    expect(r.argv).toEqual([...base3d, ...flags3d, "--nemesis", "partition"]);
    expect(r.stdout).toContain("PASS valid true");
    expect(r.stdout).not.toContain("msgs-per-op 60");
    expect(r.status).toBe(0);
  });

  it("resolves --bin against the cwd and passes --maelstrom-arg to Maelstrom", () => {
    const cwd = tempDir();
    const r = run(["3a", "--bin", "nodes/mine", "-m", "--log-stderr", "-m", "--topology", "-m", "line"], {}, cwd);
    expect(r.argv).toEqual([
      "test", "-w", "broadcast", "--bin", join(cwd, "nodes", "mine"),
      "--node-count", "1", "--time-limit", "20", "--rate", "10", "--log-stderr", "--topology", "line",
    ]);
    expect(r.status).toBe(0);
  });

  it.each([
    [["3z"], /value '3z' is invalid for argument 'preset'\. Allowed choices are 1, 2, 3a, 3b, 3c, 3d, 3e, 4/],
    [["3c", "--nemesis"], /no also-valid-with variant/],
    [["3d", "--rate", "5"], /unknown option '--rate'/],
    [[], /missing required argument 'preset'/],
  ])("exits 254 on usage error %j, without running Maelstrom", (args, message) => {
    const r = run(args);
    expect(r.stderr).toMatch(message);
    expect(r.argv).toBeUndefined();
    expect(r.status).toBe(USAGE_EXIT);
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
    expect(r.status).toBe(EXIT.internal);
  });
});
