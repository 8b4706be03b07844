// scripts/bench-runtime: the node's runtime speed, each figure a ratio against a baseline measured in the same run.
/**
 * Every measurement is repeated (baseline and node alternating) and reported as a median, so that
 * the two noisy cores of a CI machine cancel out as far as they can.
 */
import { InvalidArgumentError, Option } from "commander";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Bench, Row } from "../src/benchmarks/runtime/common.ts";
import { measureMemory } from "../src/benchmarks/runtime/memory.ts";
import { measureRead } from "../src/benchmarks/runtime/read.ts";
import { measureStartup } from "../src/benchmarks/runtime/startup.ts";
import { measureThroughput, mixes } from "../src/benchmarks/runtime/throughput.ts";
import { integer, program, runCli } from "../src/cli/kit.ts";

/** The bundle lives in dist/, one level below the project root. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const measurements = {
  throughput: (bench: Bench, count: number, mix: string | undefined) => measureThroughput(bench, count, mix),
  read: (bench: Bench) => measureRead(bench),
  startup: (bench: Bench) => measureStartup(bench),
  memory: (bench: Bench) => measureMemory(bench),
} as const;
type Measurement = keyof typeof measurements;
const measurementNames = Object.keys(measurements) as Measurement[];

const isMeasurement = (name: string): name is Measurement => Object.hasOwn(measurements, name);

function parseMeasurements(raw: string): Measurement[] {
  const names = raw.split(",").map((m) => m.trim());
  const known = names.filter(isMeasurement);
  if (known.length !== names.length) {
    const unknown = names.filter((m) => !isMeasurement(m));
    throw new InvalidArgumentError(`unknown measurement ${unknown.join(", ")}; choose from ${measurementNames.join(", ")}`);
  }
  return known;
}

interface Flags {
  runs: number;
  messages: number;
  only: Measurement[];
  mix?: string;
  node: string;
}

async function main(): Promise<number> {
  const flags = program("bench-runtime", "the node's runtime speed against bare Node.js baselines")
    .option("--runs <n>", "repetitions of each measurement", integer(1), 5)
    .option("--messages <n>", "requests per throughput run", integer(1), 200_000)
    .option("--only <list>", `comma-separated subset of: ${measurementNames.join(", ")} (default: all)`, parseMeasurements, measurementNames)
    .addOption(new Option("--mix <name>", "one throughput mix (default: all)").choices(mixes.map((m) => m.name)))
    .option("--node <path>", "the node executable to measure (default: bin/gossip-node of this checkout)", join(root, "bin", "gossip-node"))
    .parse()
    .opts<Flags>();
  const bench: Bench = { nodeBin: resolve(flags.node), simulateBin: join(root, "scripts", "simulate"), runs: flags.runs };
  const rows: Row[] = [];
  for (const name of measurementNames) {
    if (flags.only.includes(name)) rows.push(...(await measurements[name](bench, flags.messages, flags.mix)));
  }
  process.stdout.write(`${bench.nodeBin} on Node.js ${process.version}, ${flags.runs} runs each, medians\n\n`);
  process.stdout.write("| measurement | node | baseline | ratio | goal | met |\n|---|---|---|---|---|---|\n");
  for (const r of rows) {
    const met = r.met === undefined ? "—" : r.met ? "yes" : "no";
    process.stdout.write(`| ${r.measurement} | ${r.node} | ${r.baseline} | ${r.ratio.toFixed(2)} | ${r.goal} | ${met} |\n`);
  }
  return 0;
}

await runCli("bench-runtime", main, { exit: true });
