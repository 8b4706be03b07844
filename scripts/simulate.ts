import { Command, CommanderError, Option } from "commander";
import { resolve, join } from "node:path";
import { accessSync, constants, writeFileSync } from "node:fs";
import {
  BAD_FLAG,
  UsageError,
  flag,
  integer,
  parseConcurrency,
  parseLatencyDist,
  parseNemesis,
  parseTopology,
  positiveNumber,
} from "../src/cli/flags.ts";
import { formatVerdict, getPreset, judgePreset, presetFlags, presetNames } from "../src/presets/presets.ts";
import { runProcesses } from "../src/sim/running/run-processes.ts";
import { makeRunDir, writeJson } from "../src/store/run-dir.ts";
import { formatSummary } from "../src/report/summary.ts";
import type { NetRecord, Verdict } from "../src/report/data.ts";
import { writeCompareReport, writeRunReport } from "../src/report/write.ts";
import { defaultTestOptions, type TestOptions } from "../src/sim/workloads/phases.ts";
import pkg from "../package.json" with { type: "json" };

const round = (ms: number): number => Math.round(ms * 10) / 10;

interface TestFlags {
  workload: string;
  bin?: string;
  nodeCount?: number;
  timeLimit: number;
  rate: number;
  latency: number;
  latencyDist: TestOptions["latencyDist"];
  topology: TestOptions["topology"];
  nemesis?: boolean;
  nemesisInterval: number;
  concurrency: string;
  seed?: number;
  json?: string;
  preset?: string;
  logStderr?: boolean;
  store: string;
  recovery: number;
  report: boolean;
}

function testCommand(): Command {
  return new Command("test")
    .description("run a node binary through Maelstrom's broadcast test, locally (same flags as `maelstrom test`)")
    .usage("-w broadcast --bin PATH [options] [-- node args...]")
    .addOption(new Option("-w, --workload <name>", "the workload; only broadcast").default("broadcast"))
    .option("--bin <path>", "the node executable")
    .option("--node-count <n>", "servers n0..n{N-1} (default: n1..n5, as Maelstrom)", flag(integer("--node-count", 1)))
    .option("--time-limit <s>", "seconds of workload", flag(positiveNumber("--time-limit")), defaultTestOptions.timeLimit)
    .option("--rate <r>", "client operations per second, in total", flag(positiveNumber("--rate", true)), defaultTestOptions.rate)
    .option("--latency <ms>", "server-to-server latency", flag(integer("--latency", 0)), defaultTestOptions.latency)
    .option("--latency-dist <d>", "constant, uniform or exponential", flag(parseLatencyDist), defaultTestOptions.latencyDist)
    .option("--topology <t>", "grid, line, tree, tree2, tree3, tree4 or total", flag(parseTopology), defaultTestOptions.topology)
    .option("--nemesis <faults>", "faults to inject: partition", flag(parseNemesis))
    .option("--nemesis-interval <s>", "mean seconds between nemesis operations", flag(positiveNumber("--nemesis-interval")), defaultTestOptions.nemesisInterval)
    .option("--concurrency <n>", "client workers: a count, or Kn for K per node", "1n")
    .option("--seed <n>", "seed for every random choice of the bench (default: random, printed)", flag(integer("--seed", 0)))
    .option("--json <path>", "also write the results JSON here")
    .option("--preset <name>", `a Gossip Glomers preset (${presetNames().join(", ")}): sets its flags and judges its thresholds`)
    .option("--log-stderr", "copy the nodes' stderr to this terminal")
    .option("--store <dir>", "where runs are kept", "store")
    .option("--recovery <s>", "seconds between the final heal and the final reads (Maelstrom: always 10)", flag(positiveNumber("--recovery", true)), defaultTestOptions.recovery)
    .option("--no-report", "do not write report.html into the run's directory")
    .argument("[node-args...]", "arguments for the node, after --");
}

async function runTest(args: readonly string[], flags: TestFlags): Promise<number> {
  if (flags.workload !== "broadcast") throw new UsageError(`only the broadcast workload is supported, got "${flags.workload}"`);
  if (!flags.bin) throw new UsageError("--bin is required: the node executable to test");
  const bin = resolve(flags.bin);
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    throw new UsageError(`--bin ${flags.bin} is not an executable file`);
  }
  if ((flags.latencyDist === "uniform" || flags.latencyDist === "exponential") && flags.latency === 0) {
    throw new UsageError(`--latency-dist ${flags.latencyDist} needs --latency > 0 (Maelstrom refuses it too)`);
  }
  const nodeCount = flags.nodeCount ?? 5;
  const options: TestOptions = {
    ...defaultTestOptions,
    nodeCount: flags.nodeCount,
    timeLimit: flags.timeLimit,
    rate: flags.rate,
    latency: flags.latency,
    latencyDist: flags.latencyDist,
    topology: flags.topology,
    nemesis: flags.nemesis ?? false,
    nemesisInterval: flags.nemesisInterval,
    concurrency: parseConcurrency(flags.concurrency, nodeCount),
    seed: flags.seed ?? Math.floor(Math.random() * 2 ** 31),
    recovery: flags.recovery,
  };
  const dir = makeRunDir(flags.store, "broadcast");
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  const net: NetRecord[] = [];
  const netIndex = new Map<number, number>();
  const output = await runProcesses({
    test: options,
    bin,
    args,
    dir,
    ...(flags.logStderr !== undefined && { logStderr: flags.logStderr }),
    onSend: (m, _deadline, now) => {
      if (m.id !== undefined) netIndex.set(m.id, net.push([round(now), null, m.src, m.dest, m.body.type]) - 1);
    },
    onDeliver: (m, now) => {
      const record = m.id === undefined ? undefined : net[netIndex.get(m.id) ?? -1];
      if (record) record[1] = round(now);
    },
    onProgress: (elapsed, test) => {
      const p = test.progress();
      const line = `[${(elapsed / 1000).toFixed(0).padStart(3)} s / ~${options.timeLimit + options.recovery} s] ${p.phase}: ${p.ops} ops, ${p.serverMsgs} server msgs${p.partition ? `, partition ${p.partition}` : ""}`;
      if (tty) process.stderr.write(`\r\x1b[K${line}`);
      else if (elapsed - lastLine >= 5000) {
        lastLine = elapsed;
        process.stderr.write(line + "\n");
      }
    },
  });
  if (tty) process.stderr.write("\r\x1b[K");
  writeJson(join(dir, "results.json"), output.results);
  writeJson(join(dir, "history.json"), output.history);
  writeJson(join(dir, "partitions.json"), output.partitions);
  writeFileSync(join(dir, "net.json"), `[\n${net.map((r) => JSON.stringify(r)).join(",\n")}\n]\n`);
  if (flags.json) writeJson(flags.json, output.results);
  const lines = formatSummary(options, output);
  const subtitle = lines[0];
  let pass = output.results.valid === true;
  let verdict: Verdict | undefined;
  if (flags.preset) {
    const rows = judgePreset(getPreset(flags.preset), output.results, { alsoValidWith: options.nemesis });
    lines.push(`preset ${flags.preset}${options.nemesis ? " (under partitions: validity only)" : ""}:`, ...formatVerdict(rows).map((l) => `  ${l}`));
    pass = rows.every((r) => r.pass);
    verdict = { preset: flags.preset, rows, ...(options.nemesis && { note: "Under partitions only validity is judged." }) };
  }
  lines.push(`store: ${dir}`);
  if (flags.report) {
    lines.push(`report: ${writeRunReport(dir, { ...(subtitle !== undefined && { subtitle }), ...(verdict && { verdict }) })}`);
  }
  process.stdout.write(lines.join("\n") + "\n");
  return pass ? 0 : 1;
}

function compareCommand(): Command {
  return new Command("compare")
    .description("render several runs side by side: their figures in one table, their latency curves on shared axes")
    .usage("RUN_DIR_OR_RESULTS_JSON... [--out PATH]")
    .argument("<runs...>", "run directories (store/broadcast/<time>) or their results.json files")
    .option("--out <path>", "where to write the page", join("store", "compare.html"));
}

function runCompare(paths: readonly string[], out: string): number {
  process.stdout.write(`report: ${writeCompareReport(paths, out)}\n`);
  return 0;
}

/** `--preset X` expands to the preset's flags, placed first so that explicit flags override them. */
function expandPreset(argv: readonly string[]): string[] {
  const sep = argv.indexOf("--");
  const own = sep === -1 ? argv : argv.slice(0, sep);
  const i = own.findIndex((a) => a === "--preset" || a.startsWith("--preset="));
  if (i === -1) return [...argv];
  const name = own[i]?.includes("=") ? own[i]?.split("=")[1] : own[i + 1];
  if (!name) return [...argv];
  const preset = getPreset(name);
  const at = own.indexOf("test");
  const out = [...argv];
  out.splice(at + 1, 0, ...presetFlags(preset));
  return out;
}

async function main(): Promise<number> {
  const program = new Command("simulate")
    .description("A local, Maelstrom-compatible bench for broadcast nodes")
    .version(pkg.version)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });
  let pending: Promise<number> = Promise.resolve(0);
  program.addCommand(
    testCommand()
      .exitOverride()
      .action((nodeArgs: string[], flags: TestFlags) => {
        pending = runTest(nodeArgs, flags);
      }),
  );
  program.addCommand(
    compareCommand()
      .exitOverride()
      .action((paths: string[], flags: { out: string }) => {
        pending = Promise.resolve().then(() => runCompare(paths, flags.out));
      }),
  );
  try {
    await program.parseAsync(expandPreset(process.argv.slice(2)), { from: "user" });
    return await pending;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0;
      if (err.code === BAD_FLAG) process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    if (err instanceof UsageError || (err instanceof Error && err.message.startsWith("unknown preset"))) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

process.exitCode = await main();
