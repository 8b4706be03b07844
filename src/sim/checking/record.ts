// What results.json records about the run itself, beside the checkers' figures: its identity, the bench's own lateness, the preset's verdict.
import { z } from "zod";

/** Everything needed to tell a run apart and to run it again. */
export const identitySchema = z.object({
  "bench-version": z.string(),
  /** argv after the interpreter, as typed. */
  command: z.array(z.string()),
  /** Every effective option of `simulate test`, defaults and preset values included, by flag name. */
  options: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
  bin: z.object({ path: z.string(), resolved: z.string(), sha256: z.string(), args: z.array(z.string()) }),
  "node-count": z.number().int().positive(),
  "started-at": z.string(),
  machine: z.object({ cores: z.number().int().positive(), "load-average": z.array(z.number()), platform: z.string(), node: z.string() }),
});
export type Identity = z.infer<typeof identitySchema>;

/** How late the bench's own event loop ran during the run, in ms: latency figures are only as good as this. */
export const loadSchema = z.object({
  "event-loop-delay-ms": z.object({ p50: z.number(), p99: z.number(), max: z.number(), mean: z.number() }),
  /** Set when the delay is large enough to distort latency figures, with why. */
  warning: z.string().optional(),
});
export type Load = z.infer<typeof loadSchema>;

export const verdictRowSchema = z.object({
  name: z.string(),
  /** null when the run produced no figure (no stable value, so no latencies). */
  actual: z.union([z.number(), z.boolean(), z.literal("unknown"), z.null()]),
  /** `true` for the validity row; otherwise the exclusive upper bound. */
  limit: z.union([z.number(), z.literal(true)]),
  pass: z.boolean(),
});
export type VerdictRow = z.infer<typeof verdictRowSchema>;

export const presetVerdictSchema = z.object({
  name: z.string(),
  pass: z.boolean(),
  /** Why only some thresholds were judged, when that is so. */
  note: z.string().optional(),
  rows: z.array(verdictRowSchema),
});
export type PresetVerdict = z.infer<typeof presetVerdictSchema>;
