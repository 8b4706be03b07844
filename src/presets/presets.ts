/**
 * The fly.io broadcast challenges (3a–3e) as Maelstrom command lines and pass criteria, shared by
 * the local bench and the real-Maelstrom runner so both judge a run the same way.
 */
import { z } from "zod";
import data from "./challenges.json" with { type: "json" };
import type { Results, Validity } from "../sim/checking/results.ts";

/** Options that become `--name value` flags of `maelstrom test -w broadcast`. */
const runOptionsShape = {
  "node-count": z.number().int().positive(),
  "time-limit": z.number().positive(),
  rate: z.number().positive(),
  latency: z.number().nonnegative(),
  "latency-dist": z.enum(["constant", "uniform", "exponential"]),
  topology: z.enum(["grid", "line", "tree", "tree2", "tree3", "tree4", "total"]),
  nemesis: z.literal("partition"),
  "nemesis-interval": z.number().positive(),
};
type RunOptionKey = keyof typeof runOptionsShape;
/** Flag order on the command line: stable, so tests and logs can compare argv. */
const RUN_OPTION_KEYS = Object.keys(runOptionsShape) as RunOptionKey[];

const runOptions = z.strictObject(runOptionsShape).partial();

const thresholdsSchema = z.strictObject({
  "msgs-per-op": z.number().positive(),
  "median-latency-ms": z.number().positive(),
  "max-latency-ms": z.number().positive(),
});

const presetSchema = runOptions.extend({
  title: z.string().min(1),
  "node-count": z.number().int().positive(),
  "time-limit": z.number().positive(),
  rate: z.number().positive(),
  thresholds: thresholdsSchema.optional(),
  /** A harsher run in which only validity is required (the fly.io pages ask for it to stay correct). */
  "also-valid-with": runOptions.optional(),
});

const challengesSchema = z.object({
  about: z.string(),
  presets: z.record(z.string(), presetSchema),
});

export type Thresholds = z.infer<typeof thresholdsSchema>;
export type Preset = z.infer<typeof presetSchema> & { name: string };

// Parsed once at load: a malformed data file is a build defect, so failing loudly at start is right.
const presets: ReadonlyMap<string, Preset> = new Map(
  Object.entries(challengesSchema.parse(data).presets).map(([name, p]) => [name, { ...p, name }]),
);

export function presetNames(): string[] {
  return [...presets.keys()];
}

export function getPreset(name: string): Preset {
  const preset = presets.get(name);
  if (preset === undefined) {
    throw new Error(`unknown preset "${name}"; valid presets: ${presetNames().join(", ")}`);
  }
  return preset;
}

export interface FlagOptions {
  /** Run the preset's `also-valid-with` variant (e.g. 3d/3e under partitions). */
  alsoValidWith?: boolean;
}

/** The preset's options as Maelstrom flags, e.g. `["--node-count", "5", "--time-limit", "20", ...]`. */
export function presetFlags(preset: Preset, options: FlagOptions = {}): string[] {
  let merged: z.infer<typeof runOptions> = preset;
  if (options.alsoValidWith === true) {
    const variant = preset["also-valid-with"];
    if (variant === undefined) throw new Error(`preset ${preset.name} has no also-valid-with variant`);
    merged = { ...preset, ...variant };
  }
  return RUN_OPTION_KEYS.flatMap((key) => {
    const value = merged[key];
    return value === undefined ? [] : [`--${key}`, String(value)];
  });
}

export interface VerdictRow {
  name: string;
  /** null when the run produced no figure (no stable value, so no latencies). */
  actual: number | Validity | null;
  /** `true` for the validity row; otherwise the exclusive upper bound. */
  limit: number | true;
  pass: boolean;
}

/**
 * One row per pass criterion: validity always, the thresholds when the preset has them. The
 * `also-valid-with` variant is judged on validity only, as the challenge asks only that it stay correct.
 */
export function judgePreset(preset: Preset, results: Results, options: FlagOptions = {}): VerdictRow[] {
  const rows: VerdictRow[] = [{ name: "valid", actual: results.valid, limit: true, pass: results.valid === true }];
  const thresholds = preset.thresholds;
  if (thresholds === undefined || options.alsoValidWith === true) return rows;

  const latencies = results.workload["stable-latencies"];
  const below = (name: keyof Thresholds, actual: number | undefined): VerdictRow => {
    const limit = thresholds[name];
    return actual === undefined
      ? { name, actual: null, limit, pass: false }
      : { name, actual, limit, pass: actual < limit };
  };
  rows.push(
    below("msgs-per-op", results.net.servers["msgs-per-op"]),
    below("median-latency-ms", latencies?.["0.5"]),
    below("max-latency-ms", latencies?.["1"]),
  );
  return rows;
}

/** Lines like `PASS msgs-per-op 12.3 < 30` or `FAIL max-latency-ms 812 >= 600`. */
export function formatVerdict(rows: readonly VerdictRow[]): string[] {
  return rows.map((row) => {
    const status = row.pass ? "PASS" : "FAIL";
    if (row.limit === true) return `${status} ${row.name} ${String(row.actual)}`;
    if (typeof row.actual !== "number") return `${status} ${row.name} none (no stable value) < ${row.limit}`;
    const shown = formatNumber(row.actual, row.limit);
    return `${status} ${row.name} ${shown} ${row.pass ? "<" : ">="} ${row.limit}`;
  });
}

/** At most two decimals, unless rounding would make the printed figure contradict the verdict (29.996 → "30 < 30"). */
function formatNumber(actual: number, limit: number): string {
  if (Number.isInteger(actual)) return String(actual);
  const short = String(Number(actual.toFixed(2)));
  return Number(short) < limit === actual < limit ? short : String(actual);
}
