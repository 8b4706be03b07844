// The lines scripts/simulate prints at the end of a run: a compact version of Maelstrom's.
import type { Validity } from "../sim/checking/results.ts";
import type { AnyResults } from "../sim/workloads/index.ts";
import type { TestOptions } from "../sim/workloads/options.ts";
import type { PartitionEvent } from "../sim/world/nemesis.ts";
import { DEFAULT_NODE_COUNT } from "../sim/world/ids.ts";
import { workloadLines } from "./workload-lines.ts";

/** Jepsen's closing words for each verdict. */
export function verdictLine(valid: Validity): string {
  if (valid === true) return "Everything looks good! ヽ(‘ー`)ノ";
  if (valid === false) return "Analysis invalid! (ﾉಥ益ಥ）ﾉ ┻━┻";
  return "Errors occurred during analysis, but no anomalies found. ಠ~ಠ";
}

const fixed = (x: number | undefined, digits = 2): string => (x === undefined ? "-" : x.toFixed(digits));

/** A compact version of what Maelstrom prints at the end of a run. */
export function formatSummary(options: TestOptions, r: AnyResults, partitions: readonly PartitionEvent[]): string[] {
  const s = r.stats;
  const byF = Object.entries(s["by-f"]).map(([f, c]) => `${f} ${c.count} (ok ${c["ok-count"]}, fail ${c["fail-count"]}, info ${c["info-count"]})`);
  const nodes = options.nodeCount ?? DEFAULT_NODE_COUNT;
  const target = options.availability === undefined ? "" : ` (needed: ${options.availability})`;
  const lines = [
    `${r["workload-name"]}: ${nodes} nodes, ${options.timeLimit} s at ${options.rate}/s, latency ${options.latency} ms ${options.latencyDist}, ` +
      `topology ${options.topology}${options.nemesis ? `, nemesis partition every ~${options.nemesisInterval} s` : ""}, seed ${options.seed}`,
    `ops         ${s.count} completed: ${byF.join(", ") || "none"}`,
    `available   ${fixed(r.availability["ok-fraction"] * 100, 1)}% of ops ok${target}${r.availability.valid ? "" : " — not enough"}`,
    `messages    servers ${r.net.servers["msg-count"]} (${fixed(r.net.servers["msgs-per-op"])} per op), all ${r.net.all["msg-count"]} (${fixed(r.net.all["msgs-per-op"])} per op)`,
    ...workloadLines(r),
  ];
  if (partitions.length) lines.push(`partitions  ${partitions.filter((p) => p.f === "start-partition").length} started`);
  for (const e of r["node-errors"] ?? []) lines.push(`node error  ${e}`);
  lines.push("", verdictLine(r.valid));
  return lines;
}
