// Why a run is not valid, and what its nodes got wrong even when it stays valid: one schema for each, and the reasons every checker's figures give.
import { z } from "zod";
import type { Op } from "./history.ts";
import type { StatsResult } from "./results.ts";

/** How many anomalies of a run are kept whole; the rest are only counted. */
export const FIRST_ANOMALIES = 5;

export const anomalyKinds = ["malformed-reply", "wrong-reply", "misplaced-error"] as const;

/** A reply a client could not take as it stood: named even when the run stays valid (Maelstrom logs each one). */
export const anomalySchema = z.object({
  kind: z.enum(anomalyKinds),
  /** ms on the run's clock. */
  time: z.number(),
  node: z.string(),
  /** The operation the reply was for (or the one outstanding when it came). */
  f: z.string(),
  /** The body field at fault, dotted ("messages", "in_reply_to", "code"). */
  field: z.string(),
  expected: z.string(),
  /** What came instead, as JSON, cut short. */
  got: z.string(),
});
export type Anomaly = z.infer<typeof anomalySchema>;

export const anomaliesSchema = z.object({
  count: z.number().int().nonnegative(),
  "by-kind": z.record(z.string(), z.number().int().nonnegative()),
  first: z.array(anomalySchema),
});
export type Anomalies = z.infer<typeof anomaliesSchema>;

export const reasonKinds = [...anomalyKinds, "lost", "no-ok", "no-stable", "node-error", "threshold", "unacceptable-read", "not-echoed", "duplicate-id", "unavailable"] as const;

/** One cause of an invalid or unknown verdict (or of a failed preset), in the terms a node's author needs. */
export const reasonSchema = z.object({
  kind: z.enum(reasonKinds),
  text: z.string(),
  node: z.string().optional(),
  f: z.string().optional(),
  field: z.string().optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
});
export type Reason = z.infer<typeof reasonSchema>;

/** JSON text of `value`, cut to `max` characters. */
export function shortJson(value: unknown, max = 120): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Counts every anomaly, keeps the first few whole. */
export function summariseAnomalies(all: readonly Anomaly[]): Anomalies {
  const byKind: Record<string, number> = {};
  for (const a of all) byKind[a.kind] = (byKind[a.kind] ?? 0) + 1;
  return { count: all.length, "by-kind": byKind, first: all.slice(0, FIRST_ANOMALIES) };
}

/** One line per anomaly. */
export function describeAnomaly(a: Anomaly): string {
  const what = { "malformed-reply": "malformed reply", "wrong-reply": "reply to the wrong request", "misplaced-error": "error code where none fits" }[a.kind];
  return `${a.node} ${a.f} at ${(a.time / 1000).toFixed(2)} s: ${what}: ${a.field} should be ${a.expected}; got ${a.got}`;
}

/** The anomalies as reasons: the first of each kind, with how many there were. */
export function anomalyReasons(anomalies: Anomalies): Reason[] {
  return Object.entries(anomalies["by-kind"]).flatMap(([kind, n]) => {
    const first = anomalies.first.find((a) => a.kind === kind);
    if (!first) return [];
    const text = `${n} × ${describeAnomaly(first)}${n > 1 ? " (first of them)" : ""}`;
    return [{ kind: first.kind, text, node: first.node, f: first.f, field: first.field, expected: first.expected, actual: first.got }];
  });
}

/** A node error reads `n3: …`. */
export function nodeErrorReason(error: string): Reason {
  const node = /^(n\d+):/.exec(error)?.[1];
  return { kind: "node-error", text: error, ...(node !== undefined && { node }) };
}

/** Jepsen's stats checker fails a run when some operation never completed ok: say which, and the commonest error. */
export function statsReasons(stats: StatsResult, history: readonly Op[]): Reason[] {
  return Object.entries(stats["by-f"]).flatMap(([f, c]) => {
    if (c.valid) return [];
    const errors = new Map<string, { n: number; node: string }>();
    for (const op of history) {
      if (op.f !== f || op.type === "invoke" || op.type === "ok") continue;
      const key = op.error ?? op.type;
      const e = errors.get(key) ?? { n: 0, node: op.node };
      e.n++;
      errors.set(key, e);
    }
    const [top] = [...errors.entries()].sort((a, b) => b[1].n - a[1].n);
    const why = top ? `; commonest outcome (${top[1].n}×, first on ${top[1].node}): ${top[0]}` : "";
    return [{ kind: "no-ok" as const, f, text: `no ${f} completed ok: ${c.count} ${f} ops, ${c["fail-count"]} fail, ${c["info-count"]} info${why}`, expected: "at least one ok", actual: "0 ok" }];
  });
}
