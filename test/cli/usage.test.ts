// Every executable's usage mistakes end the same way: one line on stderr, no stack trace, exit code USAGE_EXIT.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { USAGE_EXIT } from "../../src/cli/kit.ts";

const root = resolve(import.meta.dirname, "..", "..");

const cases: [name: string, bin: string, argvs: string[][]][] = [
  ["bin/gossip-node", join(root, "bin", "gossip-node"), [["--frobnicate"], ["--profile", "fast"], ["--gossip-interval", "0"]]],
  ["scripts/simulate", join(root, "scripts", "simulate"), [[], ["test", "--frobnicate"], ["test", "--rate", "x"], ["test", "--preset", "9z"], ["test"], ["frob"],
    // The targeted cut's flags: each mistake is a usage error, never a run.
    ["test", "--bin", join(root, "bin", "gossip-node"), "--isolate-node", "n1"],
    ["test", "--bin", join(root, "bin", "gossip-node"), "--nemesis", "isolate", "--isolate-node", "n9"],
    ["test", "--bin", join(root, "bin", "gossip-node"), "--nemesis", "isolate", "--time-limit", "10", "--isolate-until", "11"],
    ["test", "--bin", join(root, "bin", "gossip-node"), "--nemesis", "isolate,partition"],
    ["test", "--bin", join(root, "bin", "gossip-node"), "--nemesis", "isolate", "--isolate-from", "-1"]]],
  ["scripts/dst", join(root, "scripts", "dst"), [["--frobnicate"], ["--seeds", "0"], ["--profile", "fast"], ["--workload", "echo"], ["--in-process", "dist/examples/echo.mjs"], ["--in-process", "dist/examples/echo.mjs", "--workload", "echo", "--profile", "frugal"], ["--in-process", "test/fixtures/not-a-node.mjs", "--workload", "echo"]]],
  ["scripts/bench-gossip", join(root, "scripts", "bench-gossip"), [["--frobnicate"], ["--seeds", "x"]]],
  ["scripts/bench-scale", join(root, "scripts", "bench-scale"), [["--frobnicate"], ["--rates", "4x"], ["--nodes", "0"], ["--profile", "fast"]]],
  ["scripts/bench-runtime", join(root, "scripts", "bench-runtime"), [["--frobnicate"], ["--only", "speed"], ["--runs", "0"]]],
  ["scripts/fidelity", join(root, "scripts", "fidelity"), [["--frobnicate"], ["--seeds", "1,x"]]],
  ["maelstrom/run", join(root, "maelstrom", "run"), [["--frobnicate"], ["3z"], []]],
];

describe.concurrent("usage errors", () => {
  for (const [name, bin, argvs] of cases) {
    it(`${name}: each bad command line gives one stderr line and exit ${USAGE_EXIT}`, () => {
      for (const argv of argvs) {
        const r = spawnSync(bin, argv, { encoding: "utf8", input: "", env: { ...process.env, MAELSTROM: "/nonexistent" } });
        expect({ argv, status: r.status }).toEqual({ argv, status: USAGE_EXIT });
        const lines = r.stderr.trimEnd().split("\n");
        expect(lines, r.stderr).toHaveLength(1);
        const program = name.startsWith("maelstrom/") ? name : name.slice(name.indexOf("/") + 1);
        expect(lines[0]?.startsWith(`${program}: error: `), lines[0]).toBe(true);
        expect(r.stdout).toBe("");
      }
    });
  }
});
