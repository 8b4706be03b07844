// The fly.io challenges Maelstrom runs without services (1, 2, 3a–3e, 4) as run options and pass criteria, shared by the local bench and the real-Maelstrom runner.
import { z } from "zod";
import { availabilitySchema } from "../sim/checking/availability.ts";
import { workloadNames } from "../sim/workloads/index.ts";
import { latencyDists } from "../sim/world/latency.ts";
import { topologyNames } from "../sim/world/topology.ts";
import data from "./challenges.json" with { type: "json" };

/** Options that become `--name value` flags of `maelstrom test -w WORKLOAD`, in this order. */
const runOptionsShape = {
  "node-count": z.number().int().positive(),
  "time-limit": z.number().positive(),
  rate: z.number().positive(),
  latency: z.number().nonnegative(),
  "latency-dist": z.enum(latencyDists),
  topology: z.enum(topologyNames),
  nemesis: z.literal("partition"),
  "nemesis-interval": z.number().positive(),
  availability: availabilitySchema,
};
type RunOptionKey = keyof typeof runOptionsShape;
const RUN_OPTION_KEYS = Object.keys(runOptionsShape) as RunOptionKey[];

const runOptionsSchema = z.strictObject(runOptionsShape).partial();
export type RunOptions = z.infer<typeof runOptionsSchema>;

const thresholdsSchema = z.strictObject({
  "msgs-per-op": z.number().positive(),
  "median-latency-ms": z.number().positive(),
  "max-latency-ms": z.number().positive(),
});

const presetSchema = runOptionsSchema.extend({
  title: z.string().min(1),
  /** `-w`: the workload the challenge runs. */
  workload: z.enum(workloadNames),
  "node-count": z.number().int().positive(),
  "time-limit": z.number().positive(),
  thresholds: thresholdsSchema.optional(),
  /** A harsher run in which only validity is required (the fly.io pages ask for it to stay correct). */
  "also-valid-with": runOptionsSchema.optional(),
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

/** In challenge order: 1, 2, 3a … 3e, 4. */
export function presetNames(): string[] {
  return [...presets.keys()].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

/** `name` must be one of presetNames(): the CLIs offer them as commander choices. */
export function getPreset(name: string): Preset {
  const preset = presets.get(name);
  if (preset === undefined) throw new Error(`unknown preset "${name}"; valid presets: ${presetNames().join(", ")}`);
  return preset;
}

export interface VariantOptions {
  /** Run the preset's `also-valid-with` variant (e.g. 3d/3e under partitions). */
  alsoValidWith?: boolean;
}

/** The preset's run options, with its variant's merged over them when asked for. */
export function presetOptions(preset: Preset, options: VariantOptions = {}): RunOptions {
  const own: RunOptions = Object.fromEntries(RUN_OPTION_KEYS.flatMap((key) => (preset[key] === undefined ? [] : [[key, preset[key]]])));
  if (options.alsoValidWith !== true) return own;
  const variant = preset["also-valid-with"];
  if (variant === undefined) throw new Error(`preset ${preset.name} has no also-valid-with variant`);
  return { ...own, ...variant };
}

/** Run options as Maelstrom flags, e.g. `["--node-count", "5", "--time-limit", "20", ...]`, in a stable order. */
export function maelstromFlags(options: RunOptions): string[] {
  return RUN_OPTION_KEYS.flatMap((key) => {
    const value = options[key];
    return value === undefined ? [] : [`--${key}`, String(value)];
  });
}
