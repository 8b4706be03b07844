// scripts/bench-gossip: messages against latency for the node's profiles and batching settings on the 3d/3e workload, plus Maelstrom's flooding reference node.
/**
 * The two presets run the same test and differ only in their limits. Each setting runs on several
 * seeds; the table gives medians.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DEFAULT_GOSSIP_INTERVAL_MS, profiles, type GossipConfig } from "../src/engine/config.ts";
import { integer, program, runCli } from "../src/cli/kit.ts";
import { median } from "../src/report/median.ts";
import type { Results } from "../src/sim/checking/results.ts";
import { runProcesses } from "../src/sim/running/run-processes.ts";
import { runVirtual } from "../src/sim/running/run-virtual.ts";
import { broadcastWorkload } from "../src/sim/workloads/broadcast/workload.ts";
import { defaultTestOptions, type TestOptions } from "../src/sim/workloads/options.ts";
import { logDir } from "../src/store/run-dir.ts";

interface Setting {
  name: string;
  /** Node arguments for the process bench. */
  args: string[];
  /** The same node for the simulator; absent for nodes that are not ours. */
  config?: GossipConfig;
  bin?: string;
}

const root = resolve(import.meta.dirname, "..");
const node = join(root, "bin", "gossip-node");

function ours(name: string, profile: keyof typeof profiles, fanoutDelay?: number, forwardDelay?: number): Setting {
  const args = ["--profile", profile];
  if (fanoutDelay !== undefined) args.push("--fanout-delay", String(fanoutDelay));
  if (forwardDelay !== undefined) args.push("--forward-delay", String(forwardDelay));
  const config = {
    ...profiles[profile],
    ...(fanoutDelay !== undefined && { fanoutDelay }),
    ...(forwardDelay !== undefined && { forwardDelay }),
  };
  return { name, args, config };
}

const settings: Setting[] = [
  ours("default, round 60 ms", "default", 60),
  ours("default, round 90 ms", "default", 90),
  ours("default (round 120 ms)", "default"),
  ours("default, round 160 ms", "default", 160),
  ours("default, round 240 ms", "default", 240),
  ours("frugal, round 600 / leaf 300 ms", "frugal", 600, 300),
  ours("frugal (round 800 / leaf 350 ms)", "frugal"),
  ours("frugal, round 1000 / leaf 450 ms", "frugal", 1000, 450),
  ours("pull (leaves forward at once, reads pull)", "pull"),
  ours("pull, leaves hold values 1000 ms or until their pull", "pull", undefined, 1000),
  ours("mesh on the grid", "mesh"),
  { name: "reference: flood the grid, skip sender", args: ["--skip-sender"], bin: join(root, "reference-nodes", "flood.mjs") },
];

const preset: TestOptions = {
  ...defaultTestOptions,
  nodeCount: 25,
  timeLimit: 20,
  rate: 100,
  latency: 100,
  concurrency: 25,
};

const row = (r: Results): number[] => {
  const l = r.workload["stable-latencies"];
  const read = r.latencies?.read;
  const write = r.latencies?.broadcast;
  return [
    r.net.servers["msgs-per-op"],
    l?.["0.5"] ?? NaN,
    l?.["0.95"] ?? NaN,
    l?.["0.99"] ?? NaN,
    l?.["1"] ?? NaN,
    r.valid === true ? 1 : 0,
    read?.["0.5"] ?? NaN,
    read?.["0.99"] ?? NaN,
    write?.["0.5"] ?? NaN,
    write?.["0.99"] ?? NaN,
  ];
};

async function main(): Promise<number> {
  const opts = program("bench-gossip", "messages against latency for the node's settings on the 3d/3e workload")
    .option("--seeds <n>", "seeds per setting", integer(1), 3)
    .option("--virtual", "run the cores in the simulator instead of real processes (our nodes only)")
    .option("--only <text>", "run only settings whose name contains this")
    .parse()
    .opts<{ seeds: number; virtual?: boolean; only?: string }>();
  const lines = [
    `| setting | servers msgs-per-op | median | p95 | p99 | max | valid | read median | read p99 | broadcast median | broadcast p99 |`,
    `|---|---|---|---|---|---|---|---|---|---|---|`,
  ];
  for (const setting of settings) {
    if (opts.only && !setting.name.includes(opts.only)) continue;
    if (opts.virtual && !setting.config) continue;
    const rows: number[][] = [];
    for (let seed = 1; seed <= opts.seeds; seed++) {
      const test = { ...preset, seed };
      if (opts.virtual && setting.config) {
        rows.push(row(runVirtual({ workload: broadcastWorkload, test, config: setting.config, tickInterval: DEFAULT_GOSSIP_INTERVAL_MS }).results));
        continue;
      }
      const dir = mkdtempSync(join(tmpdir(), "bench-gossip-"));
      const out = await runProcesses({ test, workload: broadcastWorkload, bin: setting.bin ?? node, args: setting.args, dir, logDir: logDir(dir) });
      rmSync(dir, { recursive: true, force: true });
      rows.push(row(out.results));
      process.stderr.write(`${setting.name}, seed ${seed}: ${rows.at(-1)?.map((x) => x.toFixed(2)).join(" ")}\n`);
    }
    const m = (i: number): number => median(rows.map((r) => r[i] as number));
    const valid = rows.every((r) => r[5] === 1) ? "yes" : `${rows.filter((r) => r[5] === 1).length}/${rows.length}`;
    lines.push(`| ${setting.name} | ${m(0).toFixed(2)} | ${m(1)} | ${m(2)} | ${m(3)} | ${m(4)} | ${valid} | ${m(6)} | ${m(7)} | ${m(8)} | ${m(9)} |`);
  }
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}

await runCli("bench-gossip", main);
