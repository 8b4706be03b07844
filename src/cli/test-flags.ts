// The flags of `maelstrom test`, as `scripts/simulate test` takes them, and their merge with a preset's options into TestOptions.
import { Command, InvalidArgumentError, Option } from "commander";
import { availabilitySchema, type Availability } from "../sim/checking/availability.ts";
import { presetNames, presetOptions, type Preset, type RunOptions } from "../presets/presets.ts";
import { defaultTestOptions, type TestOptions } from "../sim/workloads/options.ts";
import { workloadNames } from "../sim/workloads/index.ts";
import { DEFAULT_NODE_COUNT, isClientId, serverIds } from "../sim/world/ids.ts";
import { latencyDists, type LatencyDist } from "../sim/world/latency.ts";
import { topologyNames, type TopologyName } from "../sim/world/topology.ts";
import { integer, positiveNumber, UsageError } from "./kit.ts";

/** Maelstrom's `--concurrency`: a count, or `Kn` for K times the node count. */
export interface Concurrency {
  count: number;
  perNode: boolean;
}

export function parseConcurrency(raw: string): Concurrency {
  const m = /^(\d+)(n?)$/.exec(raw.trim());
  if (!m || Number(m[1]) < 1) throw new InvalidArgumentError("expected a count of at least 1, or Kn (K times the node count)");
  return { count: Number(m[1]), perNode: m[2] === "n" };
}

/** Maelstrom's `--nemesis`: a comma-separated list of which only `partition` exists for broadcast. */
export function parseNemesis(raw: string): boolean {
  const faults = raw.split(",").map((f) => f.trim()).filter(Boolean);
  for (const f of faults) if (f !== "partition") throw new InvalidArgumentError(`only "partition" is supported, got "${f}"`);
  return faults.length > 0;
}

/** Jepsen's `--nodes`: comma-separated server names, none of them a client's (c0, c1, …). */
export function parseNodes(raw: string): string[] {
  const names = raw.split(",").map((n) => n.trim()).filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError("expected comma-separated node names");
  const bad = names.find((n) => isClientId(n));
  if (bad !== undefined) throw new InvalidArgumentError(`"${bad}" is a client's name`);
  if (new Set(names).size !== names.length) throw new InvalidArgumentError("node names repeat");
  return names;
}

/** Maelstrom's `--availability`: `total`, or the least share of ops that must succeed, 0 to 1. */
export function parseAvailability(raw: string): Availability {
  const parsed = availabilitySchema.safeParse(raw === "total" ? raw : raw.trim() === "" ? NaN : Number(raw));
  if (!parsed.success) throw new InvalidArgumentError("expected total, or a number from 0 to 1");
  return parsed.data;
}

export interface TestFlags {
  workload: string;
  bin?: string;
  nodeCount?: number;
  nodes?: string[];
  timeLimit: number;
  rate: number;
  latency: number;
  latencyDist: LatencyDist;
  topology: TopologyName;
  nemesis?: boolean;
  nemesisInterval: number;
  availability?: Availability;
  concurrency: Concurrency;
  seed?: number;
  json?: string;
  preset?: string;
  logStderr?: boolean;
  logNetSend?: boolean;
  logNetRecv?: boolean;
  /** Test-only: milliseconds the bench blocks its own event loop every 100 ms, to show the load warning. */
  selfLoad?: number;
  store: string;
  recovery: number;
  report: boolean;
}

export function addTestFlags(command: Command): Command {
  const d = defaultTestOptions;
  return command
    .addOption(new Option("-w, --workload <name>", "the workload").choices(workloadNames).default("broadcast"))
    .option("--bin <path>", "the node executable")
    .option("--node-count <n>", `servers n0..n{N-1} (default: n1..n${DEFAULT_NODE_COUNT}, as Maelstrom); overrides --nodes`, integer(1))
    .option("--nodes <names>", "comma-separated server names (Jepsen's --nodes)", parseNodes)
    .option("--time-limit <s>", "seconds of workload", positiveNumber(), d.timeLimit)
    .option("--rate <r>", "client operations per second, in total", positiveNumber(true), d.rate)
    .option("--latency <ms>", "server-to-server latency", integer(0), d.latency)
    .addOption(new Option("--latency-dist <d>", "latency distribution").choices(latencyDists).default(d.latencyDist))
    .addOption(new Option("--topology <t>", "the topology offered to the nodes").choices(topologyNames).default(d.topology))
    .option("--nemesis <faults>", "faults to inject: partition", parseNemesis)
    .option("--nemesis-interval <s>", "mean seconds between nemesis operations", positiveNumber(), d.nemesisInterval)
    .option("--availability <a>", "total, or the least share of client ops that must succeed (default: not checked)", parseAvailability)
    .option("--concurrency <n>", "client workers: a count, or Kn for K per node", parseConcurrency, parseConcurrency("1n"))
    .option("--seed <n>", "seed for every random choice of the bench (default: random, printed)", integer(0))
    .option("--json <path>", "also write the results JSON here")
    .addOption(new Option("--preset <name>", "a Gossip Glomers preset: sets its flags and judges its thresholds").choices(presetNames()))
    .option("--log-stderr", "copy the nodes' stderr to this terminal")
    .option("--log-net-send", "log every message as it enters the network (stderr)")
    .option("--log-net-recv", "log every message as its receiver gets it (stderr)")
    .addOption(new Option("--self-load <ms>", "test only: block the bench's event loop this long every 100 ms").argParser(integer(1, 95)).hideHelp())
    .option("--store <dir>", "where runs are kept", "store")
    .option("--recovery <s>", "seconds between the final heal and the final reads (Maelstrom: always 10)", positiveNumber(true), d.recovery)
    .option("--no-report", "do not write report.html into the run's directory")
    .argument("[node-args...]", "arguments for the node, after --");
}

/** The preset's options as the flags they stand for. */
function presetFlags(options: RunOptions): Partial<TestFlags> {
  const out: Partial<TestFlags> = {};
  if (options["node-count"] !== undefined) out.nodeCount = options["node-count"];
  if (options["time-limit"] !== undefined) out.timeLimit = options["time-limit"];
  if (options.rate !== undefined) out.rate = options.rate;
  if (options.latency !== undefined) out.latency = options.latency;
  if (options["latency-dist"] !== undefined) out.latencyDist = options["latency-dist"];
  if (options.topology !== undefined) out.topology = options.topology;
  if (options.nemesis !== undefined) out.nemesis = true;
  if (options["nemesis-interval"] !== undefined) out.nemesisInterval = options["nemesis-interval"];
  if (options.availability !== undefined) out.availability = options.availability;
  return out;
}

/**
 * The flags the user typed win over the preset's options, which win over the defaults; the
 * preset's workload is its own, and naming another with -w is a usage error.
 */
export function mergePreset(command: Command, flags: TestFlags, preset: Preset | undefined): TestFlags {
  if (!preset) return flags;
  if (command.getOptionValueSource("workload") === "cli" && flags.workload !== preset.workload) {
    throw new UsageError(`--preset runs -w ${preset.workload}, not -w ${flags.workload}`);
  }
  const given = Object.fromEntries(Object.entries(flags).filter(([key]) => command.getOptionValueSource(key) === "cli"));
  return { ...flags, ...presetFlags(presetOptions(preset)), ...given, workload: preset.workload };
}

export function toTestOptions(flags: TestFlags): TestOptions {
  if ((flags.latencyDist === "uniform" || flags.latencyDist === "exponential") && flags.latency === 0) {
    throw new UsageError(`--latency-dist ${flags.latencyDist} needs --latency > 0 (Maelstrom refuses it too)`);
  }
  const nodes = serverIds(flags.nodeCount, flags.nodes).length;
  return {
    ...defaultTestOptions,
    nodeCount: flags.nodeCount,
    ...(flags.nodes !== undefined && { nodes: flags.nodes }),
    timeLimit: flags.timeLimit,
    rate: flags.rate,
    latency: flags.latency,
    latencyDist: flags.latencyDist,
    topology: flags.topology,
    nemesis: flags.nemesis ?? false,
    nemesisInterval: flags.nemesisInterval,
    concurrency: flags.concurrency.perNode ? flags.concurrency.count * nodes : flags.concurrency.count,
    seed: flags.seed ?? Math.floor(Math.random() * 2 ** 31),
    recovery: flags.recovery,
    ...(flags.availability !== undefined && { availability: flags.availability }),
  };
}

/** Options that say where a run goes or what it prints, not what it runs: a replay picks its own. */
const NOT_REPLAYED = new Set(["json", "store", "logStderr", "logNetSend", "logNetRecv", "selfLoad"]);

/**
 * Every effective option as the argv that sets it, defaults included, with the seed drawn: what
 * `simulate replay` runs again. Keyed by attribute name in `options`, for results.json.
 */
export function effectiveArgs(command: Command, flags: TestFlags, seed: number): { options: Record<string, unknown>; argv: string[] } {
  const values: Record<string, unknown> = { ...flags, seed };
  const options: Record<string, unknown> = {};
  const argv: string[] = [];
  for (const option of command.options) {
    const key = option.attributeName();
    const value = values[key];
    if (value === undefined || option.long === undefined) continue;
    options[key] = value;
    if (NOT_REPLAYED.has(key)) continue;
    if (option.negate) {
      if (value === false) argv.push(option.long);
    } else if (value === true) argv.push(option.long, ...(key === "nemesis" ? ["partition"] : []));
    else if (key === "concurrency") argv.push(option.long, `${flags.concurrency.count}${flags.concurrency.perNode ? "n" : ""}`);
    else if (Array.isArray(value)) argv.push(option.long, value.join(","));
    else if (value !== false) argv.push(option.long, String(value));
  }
  return { options, argv };
}
