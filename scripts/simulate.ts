// scripts/simulate: `maelstrom test` re-implemented on the local bench, and `compare` to put several runs side by side.
import { Command } from "commander";
import { accessSync, constants } from "node:fs";
import { join, resolve } from "node:path";
import pkg from "../package.json" with { type: "json" };
import { configure, program, runCli, UsageError } from "../src/cli/kit.ts";
import { addTestFlags, mergePreset, toTestOptions, type TestFlags } from "../src/cli/test-flags.ts";
import { getPreset } from "../src/presets/presets.ts";
import { formatVerdict, judgePreset } from "../src/presets/verdict.ts";
import type { Verdict } from "../src/report/data.ts";
import { formatSummary } from "../src/report/summary.ts";
import { writeCompareReport, writeRunReport } from "../src/report/write.ts";
import { runProcesses } from "../src/sim/running/run-processes.ts";
import { isWorkloadName, workloads } from "../src/sim/workloads/index.ts";
import type { Workload } from "../src/sim/workloads/workload.ts";
import { NetRecorder } from "../src/store/net-recorder.ts";
import { logDir, makeRunDir, readResults, resultsPath, writeResults, writeRun } from "../src/store/run-dir.ts";

async function runTest(args: readonly string[], flags: TestFlags): Promise<number> {
  if (!flags.bin) throw new UsageError("--bin is required: the node executable to test");
  const bin = resolve(flags.bin);
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    throw new UsageError(`--bin ${flags.bin} is not an executable file`);
  }
  const options = toTestOptions(flags);
  if (!isWorkloadName(flags.workload)) throw new UsageError(`-w ${flags.workload}: no such workload`);
  const workload: Workload = workloads[flags.workload];
  const dir = makeRunDir(flags.store, workload.name);
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  const net = new NetRecorder();
  const output = await runProcesses({
    test: options,
    workload,
    bin,
    args,
    dir,
    logDir: logDir(dir),
    ...(flags.logStderr !== undefined && { logStderr: flags.logStderr }),
    onSend: net.onSend,
    onDeliver: net.onDeliver,
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
  writeRun(dir, { ...output, net: net.records });
  if (flags.json) writeResults(flags.json, output.results);
  // Read back through the store, which picks the workload's schema: what a report would see.
  const results = readResults(resultsPath(dir));
  const lines = formatSummary(options, results, output.partitions);
  const subtitle = lines[0];
  let pass = results.valid === true;
  let verdict: Verdict | undefined;
  if (flags.preset) {
    const rows = judgePreset(getPreset(flags.preset), results, { alsoValidWith: options.nemesis });
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

async function main(): Promise<number> {
  const cli = program("simulate", "A local, Maelstrom-compatible bench for nodes of its workloads").version(pkg.version);
  let pending: () => Promise<number> = async () => 0;
  const test: Command = configure(addTestFlags(new Command("test")))
    .description("run a node binary through a Maelstrom test, locally (same flags as `maelstrom test`)")
    .usage("-w WORKLOAD --bin PATH [options] [-- node args...]")
    .action((nodeArgs: string[], flags: TestFlags) => {
      const preset = flags.preset === undefined ? undefined : getPreset(flags.preset);
      pending = () => runTest(nodeArgs, mergePreset(test, flags, preset));
    });
  const compare = configure(new Command("compare"))
    .description("render several runs side by side: their figures in one table, their latency curves on shared axes")
    .usage("RUN_DIR_OR_RESULTS_JSON... [--out PATH]")
    .argument("<runs...>", "run directories (store/broadcast/<time>) or their results.json files")
    .option("--out <path>", "where to write the page", join("store", "compare.html"))
    .action((paths: string[], flags: { out: string }) => {
      pending = async () => {
        process.stdout.write(`report: ${writeCompareReport(paths, flags.out)}\n`);
        return 0;
      };
    });
  cli.addCommand(test).addCommand(compare);
  const argv = process.argv.slice(2);
  // commander would print the whole help as its complaint.
  if (argv.length === 0) throw new UsageError("a command is required: test or compare (see --help)");
  await cli.parseAsync(argv, { from: "user" });
  return pending();
}

await runCli("simulate", main);
