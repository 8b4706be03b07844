// A run's results as one zod schema, with Maelstrom's results.edn names (`:valid?` becomes `valid`): written, read back and judged through it.
import { z } from "zod";
import { anomaliesSchema, reasonSchema } from "./reasons.ts";
import { identitySchema, loadSchema, presetVerdictSchema } from "./record.ts";
import { visibilityResultSchema } from "./visibility.ts";

const count = z.number().int().nonnegative();

export const validitySchema = z.union([z.boolean(), z.literal("unknown")]);
export type Validity = z.infer<typeof validitySchema>;

export const stableLatenciesSchema = z.object({
  "0": z.number(),
  "0.5": z.number(),
  "0.95": z.number(),
  "0.99": z.number(),
  "1": z.number(),
});
export type StableLatencies = z.infer<typeof stableLatenciesSchema>;

/** Client-visible latency quantiles (ms) of the ok ops, by f. */
export const opLatenciesSchema = z.record(z.string(), stableLatenciesSchema);
export type OpLatencies = z.infer<typeof opLatenciesSchema>;

/** Jepsen's set-full checker's figures. */
export const setFullResultSchema = z.object({
  valid: validitySchema,
  "attempt-count": count,
  "stable-count": count,
  "lost-count": count,
  lost: z.array(z.unknown()),
  "never-read-count": count,
  "never-read": z.array(z.unknown()),
  "stale-count": count,
  /** The stale values in ascending order, as Jepsen sorts them (its worst-first list is :worst-stale). */
  stale: z.array(z.unknown()),
  /** Absent when no value is stable. */
  "stable-latencies": stableLatenciesSchema.optional(),
  "duplicated-count": count,
  duplicated: z.array(z.unknown()),
});
export type SetFullResult = z.infer<typeof setFullResultSchema>;

export const netSideSchema = z.object({
  "send-count": count,
  "recv-count": count,
  "msg-count": count,
  "msgs-per-op": z.number(),
});
export type NetSide = z.infer<typeof netSideSchema>;

export const netResultSchema = z.object({
  valid: z.literal(true),
  all: netSideSchema,
  servers: netSideSchema,
  clients: netSideSchema,
});
export type NetResult = z.infer<typeof netResultSchema>;

export const opCountsSchema = z.object({
  valid: z.boolean(),
  count,
  "ok-count": count,
  "fail-count": count,
  "info-count": count,
});
export type OpCounts = z.infer<typeof opCountsSchema>;

export const statsResultSchema = opCountsSchema.extend({ "by-f": z.record(z.string(), opCountsSchema) });
export type StatsResult = z.infer<typeof statsResultSchema>;

/** Maelstrom's availability checker: the share of invoked client ops that completed ok, against `--availability`. */
export const availabilityResultSchema = z.object({ valid: z.boolean(), "ok-fraction": z.number() });
export type AvailabilityResult = z.infer<typeof availabilityResultSchema>;

/** What every workload's checker gives: at least a verdict. */
export type WorkloadResult = { valid: Validity };

/** The checkers every workload shares, beside the workload's own, and what the bench records of the run. */
const commonShape = {
  valid: validitySchema,
  net: netResultSchema,
  stats: statsResultSchema,
  availability: availabilityResultSchema,
  /** The bench's own: client-visible latency by op. Absent in results read from Maelstrom's. */
  latencies: opLatenciesSchema.optional(),
  /** Set when a node misbehaved (crashed, wrote a non-protocol line): the run is invalid. */
  "node-errors": z.array(z.string()).optional(),
  /** Why the run is not valid (or failed its preset); empty when it is valid. Absent in results read from Maelstrom's. */
  reasons: z.array(reasonSchema).optional(),
  /** Replies the clients could not take as they stood, valid run or not. */
  anomalies: anomaliesSchema.optional(),
  identity: identitySchema.optional(),
  /** Under `--nemesis isolate`, for the sets: how soon the nodes not cut off saw each other's values. */
  visibility: visibilityResultSchema.optional(),
  load: loadSchema.optional(),
  preset: presetVerdictSchema.optional(),
};

/**
 * The results of a run of workload `name`, whose checker gives `workload`. The name (Jepsen's
 * test :name) is what the store reads first to pick the schema for the rest.
 */
export function resultsSchemaOf<N extends string, W extends z.ZodType<WorkloadResult>>(name: N, workload: W) {
  return z.object({ "workload-name": z.literal(name), ...commonShape, workload });
}

/** The same results for any workload, its checker's figures in `workload`. */
export type ResultsOf<W extends WorkloadResult, N extends string = string> = z.infer<z.ZodObject<typeof commonShape>> & {
  "workload-name": N;
  workload: W;
};

/** The broadcast workload's results. */
export const resultsSchema = resultsSchemaOf("broadcast", setFullResultSchema);
/** The results of a workload judged by set-full: broadcast's, g-set's. */
export type Results = ResultsOf<SetFullResult>;
