// The lines scripts/simulate prints at the end of a run: a compact version of Maelstrom's.
import type { Results } from "../sim/checking/results.ts";
import type { TestOptions } from "../sim/workloads/options.ts";
import type { RunOutput } from "../sim/workloads/phases.ts";
import { DEFAULT_NODE_COUNT } from "../sim/world/ids.ts";

/** Jepsen's closing words for each verdict. */
export function verdictLine(valid: Results["valid"]): string {
  if (valid === true) return "Everything looks good! ヽ(‘ー`)ノ";
  if (valid === false) return "Analysis invalid! (ﾉಥ益ಥ）ﾉ ┻━┻";
  return "Errors occurred during analysis, but no anomalies found. ಠ~ಠ";
}

const fixed = (x: number | undefined, digits = 2): string => (x === undefined ? "-" : x.toFixed(digits));

/** A compact version of what Maelstrom prints at the end of a run. */
export function formatSummary(options: TestOptions, output: RunOutput<Results["workload"]>): string[] {
  const r = output.results;
  const w = r.workload;
  const s = r.stats;
  const lat = w["stable-latencies"];
  const byF = (f: string): string => {
    const c = s["by-f"][f];
    return c ? `${f} ${c.count} (ok ${c["ok-count"]}, fail ${c["fail-count"]}, info ${c["info-count"]})` : `${f} 0`;
  };
  const nodes = options.nodeCount ?? DEFAULT_NODE_COUNT;
  const lines = [
    `broadcast: ${nodes} nodes, ${options.timeLimit} s at ${options.rate}/s, latency ${options.latency} ms ${options.latencyDist}, ` +
      `topology ${options.topology}${options.nemesis ? `, nemesis partition every ~${options.nemesisInterval} s` : ""}, seed ${options.seed}`,
    `ops         ${s.count} completed: ${byF("broadcast")}, ${byF("read")}`,
    `messages    servers ${r.net.servers["msg-count"]} (${fixed(r.net.servers["msgs-per-op"])} per op), all ${r.net.all["msg-count"]} (${fixed(r.net.all["msgs-per-op"])} per op)`,
    `values      attempted ${w["attempt-count"]}, stable ${w["stable-count"]}, lost ${w["lost-count"]}, never read ${w["never-read-count"]}, stale ${w["stale-count"]}`,
    `latency ms  ${lat ? `min ${lat["0"]}, median ${lat["0.5"]}, p95 ${lat["0.95"]}, p99 ${lat["0.99"]}, max ${lat["1"]}` : "no stable value"}`,
  ];
  if (w["lost-count"]) lines.push(`lost        ${w.lost.slice(0, 20).join(" ")}${w.lost.length > 20 ? " …" : ""}`);
  if (output.partitions.length) lines.push(`partitions  ${output.partitions.filter((p) => p.f === "start-partition").length} started`);
  for (const e of r["node-errors"] ?? []) lines.push(`node error  ${e}`);
  lines.push("", verdictLine(r.valid));
  return lines;
}
