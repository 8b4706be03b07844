// Judges a run's results against a preset's pass criteria, and prints the verdict lines.
import type { Reason } from "../sim/checking/reasons.ts";
import type { VerdictRow } from "../sim/checking/record.ts";
import { setFullResultSchema, type ResultsOf, type WorkloadResult } from "../sim/checking/results.ts";
import type { Preset, Thresholds, VariantOptions } from "./presets.ts";

export type { VerdictRow };

/**
 * One row per pass criterion: validity always, the thresholds when the preset has them. The
 * `also-valid-with` variant is judged on validity only, as the challenge asks only that it stay correct.
 */
export function judgePreset(preset: Preset, results: ResultsOf<WorkloadResult>, options: VariantOptions = {}): VerdictRow[] {
  const rows: VerdictRow[] = [{ name: "valid", actual: results.valid, limit: true, pass: results.valid === true }];
  const thresholds = preset.thresholds;
  if (thresholds === undefined || options.alsoValidWith === true) return rows;

  // Latency thresholds are set-full's stable latencies; a workload without them has none to pass.
  const setFull = setFullResultSchema.safeParse(results.workload);
  const latencies = setFull.success ? setFull.data["stable-latencies"] : undefined;
  const below = (name: keyof Thresholds, actual: number | undefined): VerdictRow => {
    const limit = thresholds[name];
    return actual === undefined ? { name, actual: null, limit, pass: false } : { name, actual, limit, pass: actual < limit };
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
    return `${status} ${row.name} ${verdictFigure(row.actual, row.limit)} ${row.pass ? "<" : ">="} ${row.limit}`;
  });
}

/** At most two decimals, unless rounding would make the printed figure contradict the verdict (29.996 → "30 < 30"). */
function verdictFigure(actual: number, limit: number): string {
  if (Number.isInteger(actual)) return String(actual);
  const short = String(Number(actual.toFixed(2)));
  return Number(short) < limit === actual < limit ? short : String(actual);
}

/** Each threshold missed, with the figure and what was required. */
export function thresholdReasons(preset: string, rows: readonly VerdictRow[]): Reason[] {
  return rows.flatMap((row) => {
    if (row.pass || row.limit === true) return [];
    const actual = typeof row.actual === "number" ? verdictFigure(row.actual, row.limit) : "none (no stable value)";
    return [{ kind: "threshold" as const, field: row.name, actual, expected: `< ${row.limit}`, text: `preset ${preset}: ${row.name} ${actual}, required < ${row.limit}` }];
  });
}
