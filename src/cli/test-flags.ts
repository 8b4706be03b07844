// The flags of `maelstrom test`, as `scripts/simulate test` takes them, and their merge with a preset's options into TestOptions.
import { Command, InvalidArgumentError, Option } from "commander";
import { availabilitySchema, type Availability } from "../sim/checking/availability.ts";
import { presetNames, presetOptions, type Preset, type RunOptions } from "../presets/presets.ts";
import { defaultTestOptions, ISOLATE_FROM_SHARE, ISOLATE_UNTIL_SHARE, type TestOptions } from "../sim/workloads/options.ts";
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

/** Maelstrom's `partition`, and the bench's own targeted cut of one node. */
export const nemesisFaults = ["partition", "isolate"] as const;
export type NemesisFault = (typeof nemesisFaults)[number];

/** Maelstrom's `--nemesis`: a comma-separated list of faults; Maelstrom's broadcast knows only `partition`. */
export function parseNemesis(raw: string): NemesisFault[] {
  const faults = [...new Set(raw.split(",").map((f) => f.trim()).filter(Boolean))];
  const known = (f: string): f is NemesisFault => (nemesisFaults as readonly string[]).includes(f);
  for (const f of faults) if (!known(f)) throw new InvalidArgumentError(`expected ${nemesisFaults.join(" or ")}, got "${f}"`);
  return faults.filter(known);
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
  inProcess?: string;
  nodeCount?: number;
  nodes?: string[];
  timeLimit: number;
  rate: number;
  latency: number;
  latencyDist: LatencyDist;
  topology: TopologyName;
  nemesis?: NemesisFault[];
  nemesisInterval: number;
  isolateNode?: string;
  isolateFrom?: number;
  isolateUntil?: number;
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
    .option("--in-process <module>", "instead of --bin: a JavaScript module whose default export is a node, run in this process on virtual time")
    .option("--node-count <n>", `servers n0..n{N-1} (default: n1..n${DEFAULT_NODE_COUNT}, as Maelstrom); overrides --nodes`, integer(1))
    .option("--nodes <names>", "comma-separated server names (Jepsen's --nodes)", parseNodes)
    .option("--time-limit <s>", "seconds of workload", positiveNumber(), d.timeLimit)
    .option("--rate <r>", "client operations per second, in total", positiveNumber(true), d.rate)
    .option("--latency <ms>", "server-to-server latency", integer(0), d.latency)
    .addOption(new Option("--latency-dist <d>", "latency distribution").choices(latencyDists).default(d.latencyDist))
    .addOption(new Option("--topology <t>", "the topology offered to the nodes").choices(topologyNames).default(d.topology))
    .option("--nemesis <faults>", "faults to inject: partition (Maelstrom's random cuts), or isolate (one node cut off from every other, see --isolate-*)", parseNemesis)
    .option("--nemesis-interval <s>", "mean seconds between nemesis operations", positiveNumber(), d.nemesisInterval)
    .option("--isolate-node <id>", "with --nemesis isolate: the node cut off (default: the first server)")
    .option("--isolate-from <s>", `with --nemesis isolate: seconds into the workload the cut starts (default: ${ISOLATE_FROM_SHARE} of --time-limit)`, positiveNumber(true))
    .option("--isolate-until <s>", `with --nemesis isolate: seconds into the workload it heals (default: ${ISOLATE_UNTIL_SHARE} of --time-limit)`, positiveNumber())
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
  if (options.nemesis !== undefined) out.nemesis = [options.nemesis];
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
  const ids = serverIds(flags.nodeCount, flags.nodes);
  const nodes = ids.length;
  const isolate = isolation(flags, ids);
  return {
    ...defaultTestOptions,
    nodeCount: flags.nodeCount,
    ...(flags.nodes !== undefined && { nodes: flags.nodes }),
    timeLimit: flags.timeLimit,
    rate: flags.rate,
    latency: flags.latency,
    latencyDist: flags.latencyDist,
    topology: flags.topology,
    nemesis: flags.nemesis?.includes("partition") ?? false,
    ...(isolate && { isolate }),
    nemesisInterval: flags.nemesisInterval,
    concurrency: flags.concurrency.perNode ? flags.concurrency.count * nodes : flags.concurrency.count,
    seed: flags.seed ?? Math.floor(Math.random() * 2 ** 31),
    recovery: flags.recovery,
    ...(flags.availability !== undefined && { availability: flags.availability }),
  };
}

/** `--nemesis isolate` and its `--isolate-*` flags, checked against each other, the nodes and the time limit. */
function isolation(flags: TestFlags, ids: readonly string[]): TestOptions["isolate"] {
  const given = flags.isolateNode !== undefined || flags.isolateFrom !== undefined || flags.isolateUntil !== undefined;
  if (!flags.nemesis?.includes("isolate")) {
    if (given) throw new UsageError("--isolate-node, --isolate-from and --isolate-until need --nemesis isolate");
    return undefined;
  }
  if (flags.nemesis.includes("partition")) throw new UsageError("--nemesis partition and isolate both cut the network; give one of them");
  if (flags.isolateNode !== undefined && !ids.includes(flags.isolateNode)) throw new UsageError(`--isolate-node ${flags.isolateNode} is not one of the servers (${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", …" : ""})`);
  const from = flags.isolateFrom ?? flags.timeLimit * ISOLATE_FROM_SHARE;
  const until = flags.isolateUntil ?? flags.timeLimit * ISOLATE_UNTIL_SHARE;
  if (!(from < until && until <= flags.timeLimit)) throw new UsageError(`--nemesis isolate needs --isolate-from < --isolate-until <= --time-limit, got ${from} s to ${until} s of ${flags.timeLimit} s`);
  return { ...(flags.isolateNode !== undefined && { node: flags.isolateNode }), from, until };
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
    } else if (value === true) argv.push(option.long);
    else if (key === "concurrency") argv.push(option.long, `${flags.concurrency.count}${flags.concurrency.perNode ? "n" : ""}`);
    else if (Array.isArray(value)) argv.push(option.long, value.join(","));
    else if (value !== false) argv.push(option.long, String(value));
  }
  return { options, argv };
}
