// The one owner of a run directory: store/<workload>/<timestamp>/ with results, history, net, partitions, node logs and report, written and read back through their schemas.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { z } from "zod";
import { historySchema, type Op } from "../sim/checking/history.ts";
import type { Results, ResultsOf, WorkloadResult } from "../sim/checking/results.ts";
import { setFullResults, workloadNames, workloads, type AnyResults } from "../sim/workloads/index.ts";
import { partitionEventSchema, type PartitionEvent } from "../sim/world/nemesis.ts";
import { UsageError } from "../cli/kit.ts";
import { netRecordSchema, type NetRecord } from "./net-recorder.ts";

const FILES = {
  results: "results.json",
  history: "history.json",
  partitions: "partitions.json",
  net: "net.json",
  report: "report.html",
  logs: "node-logs",
} as const;

export interface RunFiles<R = AnyResults> {
  results: R;
  /** Empty when the run directory has no history.json (e.g. a bare results.json). */
  history: Op[];
  partitions: PartitionEvent[];
  net: NetRecord[];
}

export interface RunSource {
  dir: string;
  /** The run directory's name: store/broadcast/<timestamp> gives the timestamp. */
  label: string;
  files: RunFiles;
}

/**
 * Maelstrom's store layout: a fresh store/<workload>/<timestamp>/ per run, and store/latest
 * pointing at the newest one.
 */
export function makeRunDir(root: string, workload: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "");
  let dir = join(root, workload, stamp);
  for (let n = 1; existsSync(dir); n++) dir = join(root, workload, `${stamp}-${n}`);
  mkdirSync(dir, { recursive: true });
  const latest = join(root, "latest");
  rmSync(latest, { force: true, recursive: false });
  symlinkSync(relative(root, dir), latest);
  return dir;
}

/** Where the nodes of the run in `dir` write their stderr. */
export function logDir(dir: string): string {
  return join(dir, FILES.logs);
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
}

/** Results alone, e.g. for `--json PATH`. */
export function writeResults(path: string, results: ResultsOf<WorkloadResult>): void {
  writeJson(path, results);
}

export function writeRun(dir: string, files: RunFiles<ResultsOf<WorkloadResult>>): void {
  writeResults(join(dir, FILES.results), files.results);
  writeJson(join(dir, FILES.history), files.history);
  writeJson(join(dir, FILES.partitions), files.partitions);
  // One record a line: a long run's net.json stays greppable and diffable.
  writeFileSync(join(dir, FILES.net), `[\n${files.net.map((r) => JSON.stringify(r)).join(",\n")}\n]\n`);
}

export function writeReport(dir: string, html: string): string {
  const path = join(dir, FILES.report);
  writeFileSync(path, html);
  return path;
}

function parseJsonFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new UsageError(`${path}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** A file of the run parsed by its schema; a malformed one is a usage error naming the file and the field. */
function readJson<T>(path: string, schema: z.ZodType<T>, fallback?: T): T {
  if (!existsSync(path) && fallback !== undefined) return fallback;
  return validate(path, parseJsonFile(path), schema);
}

const workloadNameSchema = z.looseObject({ "workload-name": z.enum(workloadNames) });

/** Results are read in two steps: their workload's name, then the rest through that workload's schema. */
function readResultsFile(path: string): AnyResults {
  const raw = parseJsonFile(path);
  const { "workload-name": name } = validate(path, raw, workloadNameSchema);
  const schema: z.ZodType<AnyResults> = workloads[name].resultsSchema;
  return validate(path, raw, schema);
}

function validate<T>(path: string, raw: unknown, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${path}: not a run's ${basename(path)} (${issue ? `${issue.path.join(".") || "top level"}: ${issue.message}` : "invalid"})`);
  }
  return parsed.data;
}

/** Reads a run given its directory or its results.json; the other files are optional. */
export function readRun(path: string): RunSource {
  const dir = existsSync(path) && statSync(path).isDirectory() ? path : dirname(path);
  const resultsPath = join(dir, FILES.results);
  if (!existsSync(resultsPath)) throw new UsageError(`${path}: not a run directory or its results.json`);
  return {
    dir,
    label: basename(dir),
    files: {
      results: readResultsFile(resultsPath),
      history: readJson(join(dir, FILES.history), historySchema, []),
      partitions: readJson(join(dir, FILES.partitions), partitionEventSchema.array(), []),
      net: readJson(join(dir, FILES.net), netRecordSchema.array(), []),
    },
  };
}

/** A results.json written by any run of any workload, e.g. through `--json`. */
export function readResults(path: string): AnyResults {
  return readResultsFile(path);
}

/** A results.json that must be a set-full workload's (broadcast, g-set), for the tools that draw stable latencies. */
export function readSetFullResults(path: string): Results {
  const results = setFullResults(readResultsFile(path));
  if (results === undefined) throw new UsageError(`${path}: not the results of a broadcast or g-set run`);
  return results;
}

/** Where the results of the run in `dir` are. */
export function resultsPath(dir: string): string {
  return join(dir, FILES.results);
}

/** Each node's stderr as the run kept it, by node id (n2 before n10). */
export function readNodeLogs(path: string): { node: string; text: string }[] {
  const dir = logDir(readRun(path).dir);
  if (!existsSync(dir)) throw new UsageError(`${path}: the run kept no node logs`);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".log"))
    .map((f) => ({ node: f.slice(0, -".log".length), text: readFileSync(join(dir, f), "utf8") }))
    .sort((a, b) => a.node.localeCompare(b.node, "en", { numeric: true }));
}
