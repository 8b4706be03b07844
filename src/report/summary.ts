// The lines scripts/simulate prints at the end of a run: a compact version of Maelstrom's.
import { formatVerdict } from "../presets/verdict.ts";
import { describeAnomaly } from "../sim/checking/reasons.ts";
import type { Validity } from "../sim/checking/results.ts";
import type { AnyResults } from "../sim/workloads/index.ts";
import type { TestOptions } from "../sim/workloads/options.ts";
import type { PartitionEvent } from "../sim/world/nemesis.ts";
import { serverIds } from "../sim/world/ids.ts";
import { workloadLines } from "./workload-lines.ts";

/** Jepsen's closing words for each verdict; a valid run that failed its preset's thresholds does not look good. */
export function verdictLine(valid: Validity, presetPass?: boolean): string {
  if (valid === true && presetPass === false) return "Valid, but the preset's thresholds were missed (see why above). ಠ_ಠ";
  if (valid === true) return "Everything looks good! ヽ(‘ー`)ノ";
  if (valid === false) return "Analysis invalid! (ﾉಥ益ಥ）ﾉ ┻━┻";
  return "Errors occurred during analysis, but no anomalies found. ಠ~ಠ";
}

const fixed = (x: number | undefined, digits = 2): string => (x === undefined ? "-" : x.toFixed(digits));

/**
 * A compact version of what Maelstrom prints at the end of a run: the figures, the replies that
 * were wrong, the bench's own lateness, the preset's verdict and every reason for the verdict;
 * the closing words, which the caller prints last, follow that verdict.
 */
export function formatSummary(options: TestOptions, r: AnyResults, partitions: readonly PartitionEvent[]): { subtitle: string; body: string[]; closing: string } {
  const s = r.stats;
  const byF = Object.entries(s["by-f"]).map(([f, c]) => `${f} ${c.count} (ok ${c["ok-count"]}, fail ${c["fail-count"]}, info ${c["info-count"]})`);
  const nodes = serverIds(options.nodeCount, options.nodes).length;
  const target = options.availability === undefined ? "" : ` (needed: ${options.availability})`;
  const lines = [
    `${r["workload-name"]}: ${nodes} nodes, ${options.timeLimit} s at ${options.rate}/s, latency ${options.latency} ms ${options.latencyDist}, ` +
      `topology ${options.topology}${options.nemesis ? `, nemesis partition every ~${options.nemesisInterval} s` : ""}${isolateText(options)}, seed ${options.seed}`,
    `ops         ${s.count} completed: ${byF.join(", ") || "none"}`,
    `available   ${fixed(r.availability["ok-fraction"] * 100, 1)}% of ops ok${target}${r.availability.valid ? "" : " — not enough"}`,
    `messages    servers ${r.net.servers["msg-count"]} (${fixed(r.net.servers["msgs-per-op"])} per op), all ${r.net.all["msg-count"]} (${fixed(r.net.all["msgs-per-op"])} per op)`,
    ...workloadLines(r),
    ...clientLatencyLines(r),
  ];
  if (partitions.length) lines.push(`partitions  ${partitions.filter((p) => p.f === "start-partition").length} started`);
  lines.push(...visibilityLines(r));
  for (const e of r["node-errors"] ?? []) lines.push(`node error  ${e}`);
  lines.push(...anomalyLines(r), ...loadLines(r));
  if (r.preset) {
    lines.push(`preset ${r.preset.name}${r.preset.note ? ` (${r.preset.note})` : ""}:`, ...formatVerdict(r.preset.rows).map((l) => `  ${l}`));
  }
  const reasons = r.reasons ?? [];
  if (reasons.length) lines.push(`why ${verdictWord(r)}:`, ...reasons.map((reason) => `  - ${reason.text}`));
  return { subtitle: lines[0] ?? "", body: lines, closing: verdictLine(r.valid, r.preset?.pass) };
}

function isolateText(options: TestOptions): string {
  const i = options.isolate;
  return i ? `, nemesis isolate ${i.node ?? serverIds(options.nodeCount, options.nodes)[0] ?? ""} from ${i.from} s to ${i.until} s` : "";
}

/** The nodes left connected during an isolation: how soon a read showed one another's values. */
function visibilityLines(r: AnyResults): string[] {
  const v = r.visibility;
  if (!v) return [];
  const l = v.latencies;
  const delays = l ? `median ${l["0.5"]} ms, p95 ${l["0.95"]}, p99 ${l["0.99"]}, max ${l["1"]}` : "no value seen";
  return [
    `visibility  while ${v["cut-off"].join(" ")} was cut off (${(v.from / 1000).toFixed(1)}–${(v.until / 1000).toFixed(1)} s on the run clock), the others' values reached each other's reads: ${delays}; ` +
      `${v["unseen-count"]} unseen before the heal (of ${v["seen-count"] + v["unseen-count"]} pairs; ${v["unjudged-count"]} too late to judge)`,
  ];
}

function verdictWord(r: AnyResults): string {
  return r.valid === false ? "invalid" : r.valid === "unknown" ? "unknown" : `preset ${r.preset?.name ?? ""} failed`;
}

/** Client-visible latency of each op, as Maelstrom's latency plots show it. */
function clientLatencyLines(r: AnyResults): string[] {
  const byF = Object.entries(r.latencies ?? {});
  if (!byF.length) return [];
  return [`client ms   ${byF.map(([f, q]) => `${f} median ${q["0.5"]}, p95 ${q["0.95"]}, p99 ${q["0.99"]}, max ${q["1"]}`).join("; ")}`];
}

function anomalyLines(r: AnyResults): string[] {
  const a = r.anomalies;
  if (!a || a.count === 0) return [];
  const kinds = Object.entries(a["by-kind"]).map(([k, n]) => `${n} ${k}`).join(", ");
  return [`anomalies   ${a.count} replies not taken as they stood (${kinds}); the first ${a.first.length}:`, ...a.first.map((x) => `  - ${describeAnomaly(x)}`)];
}

function loadLines(r: AnyResults): string[] {
  const load = r.load;
  if (!load) return [];
  const d = load["event-loop-delay-ms"];
  const line = `bench load  event-loop delay p50 ${d.p50} ms, p99 ${d.p99} ms, max ${d.max} ms (10 ms is idle)`;
  return load.warning ? [line, `WARNING     ${load.warning}`] : [line];
}
