// scripts/simulate: `maelstrom test` re-implemented on the local bench; `replay` runs a stored run again, `compare` puts runs side by side, `logs` merges a run's node logs.
import { Command } from "commander";
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };
import { binHash } from "../src/cli/identity.ts";
import { configure, program, runCli, UsageError } from "../src/cli/kit.ts";
import { runTest } from "../src/cli/run-test.ts";
import { addTestFlags, mergePreset, type TestFlags } from "../src/cli/test-flags.ts";
import { getPreset } from "../src/presets/presets.ts";
import { mergeLogs } from "../src/report/logs.ts";
import { writeCompareReport } from "../src/report/write.ts";
import { readNodeLogs, readRun } from "../src/store/run-dir.ts";

/** The `test` command, fresh for each parse: `replay` parses a stored run's arguments with it. */
function testCommand(then: (command: Command, nodeArgs: string[], flags: TestFlags) => void): Command {
  const test: Command = configure(addTestFlags(new Command("test")))
    .description("run a node binary through a Maelstrom test, locally (same flags as `maelstrom test`)")
    .usage("-w WORKLOAD --bin PATH [options] [-- node args...]")
    .action((nodeArgs: string[], flags: TestFlags) => {
      const preset = flags.preset === undefined ? undefined : getPreset(flags.preset);
      then(test, nodeArgs, mergePreset(test, flags, preset));
    });
  return test;
}

/** A stored run's arguments, its binary checked against the hash it ran with. */
function replayArgv(dir: string, store: string): string[] {
  const identity = readRun(dir).files.results.identity;
  if (!identity) throw new UsageError(`${dir}: its results.json records no identity, so it cannot be replayed`);
  const replayArgs = identity.options["replay-args"];
  if (!Array.isArray(replayArgs) || !replayArgs.every((a) => typeof a === "string")) throw new UsageError(`${dir}: results.json has no replay-args`);
  let now: string | undefined;
  try {
    now = binHash(identity.bin.path).sha256;
  } catch {
    throw new UsageError(`${identity.bin.path}: the run's node binary is gone`);
  }
  if (now !== identity.bin.sha256) process.stderr.write(`simulate: warning: ${identity.bin.path} changed since the run (sha256 ${identity.bin.sha256.slice(0, 12)} then, ${now.slice(0, 12)} now)\n`);
  return [...replayArgs, "--store", store, "--", ...identity.bin.args];
}

async function main(): Promise<number> {
  const cli = program("simulate", "A local, Maelstrom-compatible bench for nodes of its workloads").version(pkg.version);
  let pending: () => Promise<number> = async () => 0;
  const test = testCommand((command, nodeArgs, flags) => {
    pending = () => runTest(command, nodeArgs, flags);
  });
  const replay = configure(new Command("replay"))
    .description("run a stored run again: the same node, arguments, options and seed")
    .usage("RUN_DIR [--store DIR]")
    .argument("<run>", "a run directory (store/<workload>/<time>)")
    .option("--store <dir>", "where the new run is kept", "store")
    .action((dir: string, flags: { store: string }) => {
      pending = async () => {
        const argv = replayArgv(dir, flags.store);
        process.stderr.write(`simulate: replaying ${dir}: test ${argv.join(" ")}\n`);
        let again: () => Promise<number> = async () => 0;
        await testCommand((command, nodeArgs, f) => {
          again = () => runTest(command, nodeArgs, f);
        }).parseAsync(argv, { from: "user" });
        return again();
      };
    });
  const compare = configure(new Command("compare"))
    .description("render several runs side by side: their figures in one table, their latency curves on shared axes")
    .usage("RUN_DIR_OR_RESULTS_JSON... [--out PATH]")
    .argument("<runs...>", "run directories (store/<workload>/<time>) or their results.json files")
    .option("--out <path>", "where to write the page", join("store", "compare.html"))
    .action((paths: string[], flags: { out: string }) => {
      pending = async () => {
        process.stdout.write(`report: ${writeCompareReport(paths, flags.out)}\n`);
        return 0;
      };
    });
  const logs = configure(new Command("logs"))
    .description("a run's node logs merged in time order, each line with its node id and a readable level")
    .usage("RUN_DIR [--color]")
    .argument("<run>", "a run directory (store/<workload>/<time>)")
    .option("--color", "colour the levels (default: when stdout is a terminal)")
    .action((dir: string, flags: { color?: boolean }) => {
      pending = async () => {
        process.stdout.write(mergeLogs(readNodeLogs(dir), { colour: flags.color ?? process.stdout.isTTY === true }));
        return 0;
      };
    });
  cli.addCommand(test).addCommand(replay).addCommand(compare).addCommand(logs);
  const argv = process.argv.slice(2);
  // commander would print the whole help as its complaint.
  if (argv.length === 0) throw new UsageError("a command is required: test, replay, compare or logs (see --help)");
  await cli.parseAsync(argv, { from: "user" });
  return pending();
}

await runCli("simulate", main);
