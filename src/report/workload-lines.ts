// The end-of-run summary's lines about the workload's own checker: what it found, and why a run is invalid.
import type { SetFullResult } from "../sim/checking/results.ts";
import type { AnyResults } from "../sim/workloads/index.ts";

const MAX_LISTED = 20;

function list(values: readonly unknown[]): string {
  const shown = values.slice(0, MAX_LISTED).map((v) => JSON.stringify(v));
  return `${shown.join(" ")}${values.length > MAX_LISTED ? " …" : ""}`;
}

function setFullLines(w: SetFullResult): string[] {
  const lat = w["stable-latencies"];
  const lines = [
    `values      attempted ${w["attempt-count"]}, stable ${w["stable-count"]}, lost ${w["lost-count"]}, never read ${w["never-read-count"]}, stale ${w["stale-count"]}`,
    `latency ms  ${lat ? `min ${lat["0"]}, median ${lat["0.5"]}, p95 ${lat["0.95"]}, p99 ${lat["0.99"]}, max ${lat["1"]}` : "no stable value"}`,
  ];
  if (w["lost-count"]) lines.push(`lost        ${list(w.lost)}`);
  return lines;
}

export function workloadLines(r: AnyResults): string[] {
  switch (r["workload-name"]) {
    case "broadcast":
    case "g-set":
      return setFullLines(r.workload);
    case "g-counter":
    case "pn-counter": {
      const w = r.workload;
      const acceptable = w.acceptable.map(([lower, upper]) => (lower === upper ? `${lower}` : `${lower}..${upper}`)).join(", ");
      const lines = [`final reads ${list(w["final-reads"])}`, `acceptable  ${acceptable}`];
      if (w.errors) lines.push(`outside     ${w.errors.map((op) => `${op.node} read ${String(op.value)}`).join(", ")}`);
      return lines;
    }
    case "echo": {
      const w = r.workload;
      const first = w.errors[0];
      if (first === undefined) return ["echoes      every reply carried its echo"];
      const why = first.error ?? `received ${JSON.stringify(first.received)}`;
      return [`echoes      ${w.errors.length} not echoed; first: ${JSON.stringify(first.expected)} ended ${first.type} (${why})`];
    }
    case "unique-ids": {
      const w = r.workload;
      const lines = [`ids         attempted ${w["attempted-count"]}, acknowledged ${w["acknowledged-count"]}, duplicated ${w["duplicated-count"]}`];
      if (w["duplicated-count"]) lines.push(`duplicates  ${w.duplicated.slice(0, MAX_LISTED).map(([id, n]) => `${JSON.stringify(id)} ×${n}`).join(", ")}`);
      return lines;
    }
  }
}
