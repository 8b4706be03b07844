// maelstrom/run: a Gossip Glomers preset under the real Maelstrom, judged from its results.edn.
/**
 * Runs a fly.io broadcast challenge under the real Maelstrom and judges its results.edn the way
 * the local bench judges its own runs. Exit codes: 0 pass, 1 fail, USAGE_EXIT (2) usage error, 3 Maelstrom missing.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, readFileSync, realpathSync, statSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Argument } from "commander";
import { program, runCli, UsageError } from "../src/cli/kit.ts";
import { getPreset, maelstromFlags, presetNames, presetOptions, type Preset } from "../src/presets/presets.ts";
import { resultsFromEdn } from "../src/presets/results-edn.ts";
import { formatVerdict, judgePreset } from "../src/presets/verdict.ts";
import type { ResultsOf, WorkloadResult } from "../src/sim/checking/results.ts";

const EXIT = { pass: 0, fail: 1, notInstalled: 3 } as const;

// Both this source file and its bundle (dist/maelstrom-run.mjs) sit one level below the repo root.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Maelstrom writes `store/` in its working directory, which is ours. */
const RESULTS_PATH = join("store", "latest", "results.edn");

interface Invocation {
  preset: Preset;
  alsoValidWith: boolean;
  bin: string;
  extra: string[];
}

function parseArgs(argv: string[]): Invocation {
  let presetName = "";
  let extra: string[] = [];
  const cli = program("maelstrom/run", "Run a broadcast challenge preset under Maelstrom, then judge store/latest/results.edn.")
    .addArgument(new Argument("<preset>", "challenge preset").choices(presetNames()))
    .argument("[maelstrom-args...]", "extra Maelstrom arguments, after --")
    .option("--bin <path>", "the node executable", join(repoRoot, "bin", "gossip-node"))
    .option("--nemesis", "run the preset's also-valid-with variant (3d, 3e: under partitions)")
    .action((name: string, rest: string[]) => {
      presetName = name;
      extra = rest;
    });
  cli.parse(argv, { from: "user" });
  const opts = cli.opts<{ bin: string; nemesis?: boolean }>();
  const preset = getPreset(presetName);
  const alsoValidWith = opts.nemesis === true;
  if (alsoValidWith && preset["also-valid-with"] === undefined) {
    throw new UsageError(`preset ${preset.name} has no also-valid-with variant, so --nemesis does not apply`);
  }
  return { preset, alsoValidWith, bin: resolve(opts.bin), extra };
}

/** `$MAELSTROM` if set, else `maelstrom` on PATH; undefined when neither is an executable. */
function findMaelstrom(): string | undefined {
  const configured = process.env["MAELSTROM"];
  const candidates =
    configured !== undefined && configured !== ""
      ? [resolve(configured)]
      : (process.env["PATH"] ?? "")
          .split(delimiter)
          .filter((dir) => dir !== "")
          .map((dir) => join(dir, "maelstrom"));
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return statSync(path).isFile();
    } catch {
      return false;
    }
  });
}

function notInstalledMessage(): string {
  return [
    "maelstrom/run: Maelstrom is not installed (no executable at $MAELSTROM, no `maelstrom` on PATH).",
    "Install it (it needs a JDK, plus graphviz and gnuplot): download maelstrom.tar.bz2 from",
    "https://github.com/jepsen-io/maelstrom/releases, unpack it, then put its `maelstrom` script on",
    "PATH or set MAELSTROM=/path/to/maelstrom.",
    "Without Maelstrom, `scripts/simulate` runs the same broadcast test locally.",
  ].join("\n");
}

/**
 * Runs Maelstrom with our stdio, passing on a SIGINT/SIGTERM so a stopped run leaves no JVM behind.
 * Resolves with how it ended: an exit code or the signal that killed it.
 */
function runMaelstrom(command: string, args: string[]): Promise<number | string> {
  return new Promise((done, failed) => {
    const child = spawn(command, args, { stdio: "inherit" });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward).on("SIGTERM", forward);
    child.on("error", failed);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward).off("SIGTERM", forward);
      done(code ?? signal ?? "an unknown signal");
    });
  });
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Where store/latest/results.edn really is, and when it was written: each Maelstrom run writes a
 * new timestamped directory, so an unchanged identity after a run means a leftover from an earlier one.
 */
function resultsIdentity(): string | undefined {
  try {
    return `${realpathSync(RESULTS_PATH)}@${statSync(RESULTS_PATH).mtimeMs}`;
  } catch {
    return undefined;
  }
}

async function main(argv: string[]): Promise<number> {
  const inv = parseArgs(argv);

  const maelstrom = findMaelstrom();
  if (maelstrom === undefined) {
    console.error(notInstalledMessage());
    return EXIT.notInstalled;
  }

  const args = [
    "test",
    "-w",
    inv.preset.workload,
    "--bin",
    inv.bin,
    ...maelstromFlags(presetOptions(inv.preset, { alsoValidWith: inv.alsoValidWith })),
    ...inv.extra,
  ];
  console.log(`maelstrom/run: ${maelstrom} ${args.join(" ")}`);
  const before = resultsIdentity();
  const ended = await runMaelstrom(maelstrom, args);

  // Jepsen exits 1 for an invalid run and 2 for an unknown one; both still write results.edn.
  const after = resultsIdentity();
  if (after === undefined || after === before) {
    const how = typeof ended === "number" ? `exited with code ${ended}` : `was killed by ${ended}`;
    console.error(`maelstrom/run: Maelstrom ${how} and wrote no fresh ${RESULTS_PATH}`);
    return EXIT.fail;
  }
  let results: ResultsOf<WorkloadResult>;
  try {
    results = resultsFromEdn(readFileSync(RESULTS_PATH, "utf8"), inv.preset.workload);
  } catch (e) {
    console.error(`maelstrom/run: cannot read ${RESULTS_PATH}: ${messageOf(e)}`);
    return EXIT.fail;
  }
  const rows = judgePreset(inv.preset, results, { alsoValidWith: inv.alsoValidWith });

  const variant = inv.alsoValidWith ? " (also-valid-with variant)" : "";
  console.log(`\nPreset ${inv.preset.name}: ${inv.preset.title}${variant}, judged from ${RESULTS_PATH}`);
  for (const line of formatVerdict(rows)) console.log(line);
  const pass = rows.every((row) => row.pass);
  console.log(pass ? "PASS" : "FAIL");
  return pass ? EXIT.pass : EXIT.fail;
}

await runCli("maelstrom/run", () => main(process.argv.slice(2)));
