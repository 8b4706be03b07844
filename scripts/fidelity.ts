// scripts/fidelity: the bench's message counts and latencies against Maelstrom's published figures.
/**
 * Bench fidelity: runs the reference flooding node through the real bench (scripts/simulate:
 * node processes on the wall clock) in the configurations for which Maelstrom's
 * doc/03-broadcast/02-performance.md publishes real-Maelstrom figures, and prints markdown
 * tables comparing them. Message counts must agree within ±5 %; stable latencies are printed for
 * information, since they depend on when reads happen to sample each node.
 *
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { integerList, program, runCli } from "../src/cli/kit.ts";
import { median } from "../src/report/median.ts";
import type { Results, StableLatencies } from "../src/sim/checking/results.ts";
import { readSetFullResults } from "../src/store/run-dir.ts";

const TOLERANCE = 0.05;
const QUANTILES = ["0", "0.5", "0.95", "0.99", "1"] as const;
type Latencies = StableLatencies;

interface Configuration {
  name: string;
  /** Flags after `--bin`, as in the doc's command lines (all with --time-limit 20 --rate 100). */
  flags: string[];
  skipSender: boolean;
  /** Published :servers :msgs-per-op, when the doc gives it. */
  msgsPerOp?: number;
  /** Published :stable-latencies, when the doc gives them. */
  latencies?: Latencies;
}

const configurations: Configuration[] = [
  { name: "5 nodes, grid, flood incl. sender", flags: [], skipSender: false, msgsPerOp: 5.0125566 },
  { name: "5 nodes, grid, skip sender", flags: [], skipSender: true, msgsPerOp: 2.94182 },
  { name: "25 nodes, grid, skip sender", flags: ["--node-count", "25"], skipSender: true, msgsPerOp: 27.806324 },
  { name: "25 nodes, line, skip sender", flags: ["--node-count", "25", "--topology", "line"], skipSender: true, msgsPerOp: 12.005973 },
  {
    name: "25 nodes, tree4, latency 100, skip sender",
    flags: ["--node-count", "25", "--topology", "tree4", "--latency", "100"],
    skipSender: true,
    msgsPerOp: 11.994184,
    latencies: { "0": 0, "0.5": 386, "0.95": 489, "0.99": 498, "1": 505 },
  },
  {
    name: "25 nodes, grid, latency 100, skip sender",
    flags: ["--node-count", "25", "--topology", "grid", "--latency", "100"],
    skipSender: true,
    latencies: { "0": 0, "0.5": 452, "0.95": 656, "0.99": 748, "1": 791 },
  },
];

const root = dirname(dirname(fileURLToPath(import.meta.url)));

function runBench(config: Configuration, seed: number): Promise<Results> {
  const dir = mkdtempSync(join(tmpdir(), "fidelity-"));
  const json = join(dir, "results.json");
  const args = [
    "test", "-w", "broadcast", "--bin", join(root, "reference-nodes", "flood.mjs"),
    "--time-limit", "20", "--rate", "100", ...config.flags,
    "--seed", String(seed), "--store", join(dir, "store"), "--json", json,
    ...(config.skipSender ? ["--", "--skip-sender"] : []),
  ];
  const child = spawn(join(root, "scripts", "simulate"), args, { stdio: ["ignore", "ignore", "inherit"] });
  return new Promise((resolve, reject) => {
    child.on("close", (code) => {
      try {
        if (code !== 0 && code !== 1) throw new Error(`scripts/simulate ${args.join(" ")} exited with ${code}`);
        resolve(readSetFullResults(json));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}


const fmtLatencies = (l: Latencies | undefined): string => (l ? `{${QUANTILES.map((q) => `${q} ${l[q]}`).join(", ")}}` : "—");
const pct = (measured: number, published: number): number => ((measured - published) / published) * 100;
const signed = (x: number): string => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(1)} %`;

async function main(): Promise<number> {
  const opts = program("fidelity", "compare the bench's figures with Maelstrom's published ones")
    .option("--seeds <list>", "comma-separated seeds; the median of the runs is reported", integerList(0), [1, 2, 3])
    .option("--only <text>", "only the configurations whose name contains this")
    .parse()
    .opts<{ seeds: number[]; only?: string }>();
  const { seeds } = opts;
  const chosen = configurations.filter((c) => !opts.only || c.name.includes(opts.only));

  const rows: { config: Configuration; runs: Results[] }[] = [];
  for (const config of chosen) {
    const runs: Results[] = [];
    for (const seed of seeds) {
      process.stderr.write(`fidelity: ${config.name}, seed ${seed}\n`);
      const r = await runBench(config, seed);
      process.stderr.write(`  servers msgs-per-op ${r.net.servers["msgs-per-op"].toFixed(3)}, ops ${r.stats.count}, valid ${String(r.valid)}, latencies ${fmtLatencies(r.workload["stable-latencies"])}\n`);
      runs.push(r);
    }
    rows.push({ config, runs });
  }

  let pass = true;
  const out = [
    `Seeds ${seeds.join(", ")}; medians over the runs. Every run: \`--time-limit 20 --rate 100\`, reference node reference-nodes/flood.mjs.`,
    "",
    "| configuration | published msgs-per-op | measured msgs-per-op | difference | within ±5 % | valid |",
    "|---|---:|---:|---:|:---:|:---:|",
  ];
  for (const { config, runs } of rows) {
    if (config.msgsPerOp === undefined) continue;
    const measured = median(runs.map((r) => r.net.servers["msgs-per-op"]));
    const diff = pct(measured, config.msgsPerOp);
    const ok = Math.abs(diff) <= TOLERANCE * 100;
    pass &&= ok;
    const valid = runs.every((r) => r.valid === true) ? "yes" : "NO";
    out.push(`| ${config.name} | ${config.msgsPerOp} | ${measured.toFixed(3)} | ${signed(diff)} | ${ok ? "yes" : "NO"} | ${valid} |`);
  }
  out.push("", "| configuration | published stable latencies (ms) | measured (median per quantile) | difference at 0.5 / 0.95 / 1 |", "|---|---|---|---|");
  for (const { config, runs } of rows) {
    if (!config.latencies) continue;
    const all = runs.map((r) => r.workload["stable-latencies"]).filter((l): l is Latencies => l !== undefined);
    const measured = all.length ? (Object.fromEntries(QUANTILES.map((q) => [q, median(all.map((l) => l[q]))])) as Latencies) : undefined;
    const published = config.latencies;
    const diffs = measured ? (["0.5", "0.95", "1"] as const).map((q) => signed(pct(measured[q], published[q]))).join(" / ") : "—";
    out.push(`| ${config.name} | ${fmtLatencies(published)} | ${fmtLatencies(measured)} | ${diffs} |`);
  }
  process.stdout.write(out.join("\n") + "\n");
  return pass ? 0 : 1;
}

await runCli("fidelity", main);
