// The top of a run's report: why the verdict is what it is, the replies that were wrong, the bench's own lateness, and what was run.
import { describeAnomaly } from "../sim/checking/reasons.ts";
import type { ResultsOf, WorkloadResult } from "../sim/checking/results.ts";
import { esc } from "./svg.ts";

function reasons(r: ResultsOf<WorkloadResult>): string {
  const list = r.reasons ?? [];
  if (list.length === 0) return "";
  const items = list.map((x) => `<li data-reason="${esc(x.kind)}"${x.node ? ` data-node="${esc(x.node)}"` : ""}>${esc(x.text)}</li>`).join("");
  return `<div id="why"><h3>Why</h3><ul class="errors">${items}</ul></div>`;
}

function anomalies(r: ResultsOf<WorkloadResult>): string {
  const a = r.anomalies;
  if (!a || a.count === 0) return "";
  const items = a.first.map((x) => `<li data-anomaly="${esc(x.kind)}" data-node="${esc(x.node)}">${esc(describeAnomaly(x))}</li>`).join("");
  return `<div id="anomalies" data-count="${a.count}"><h3>${a.count} replies not taken as they stood</h3><ul class="values">${items}</ul>${a.count > a.first.length ? `<p class="note">…and ${a.count - a.first.length} more.</p>` : ""}</div>`;
}

function load(r: ResultsOf<WorkloadResult>): string {
  if (!r.load) return "";
  const d = r.load["event-loop-delay-ms"];
  const warning = r.load.warning ? `<p class="errors" id="load-warning">${esc(r.load.warning)}</p>` : "";
  return `<p class="note" id="load" data-p99="${d.p99}" data-max="${d.max}">Bench event-loop delay: p50 ${d.p50} ms, p99 ${d.p99} ms, max ${d.max} ms (10 ms is idle).</p>${warning}`;
}

function identity(r: ResultsOf<WorkloadResult>): string {
  const id = r.identity;
  if (!id) return "";
  const machine = `${id.machine.cores} cores, load ${id.machine["load-average"].join(" ")}`;
  return `<p class="note" id="identity">${esc(`${id.bin.path} ${id.bin.args.join(" ")}`)} (sha256 ${esc(id.bin.sha256.slice(0, 12))}) · seed ${id.seed} · ${id["node-count"]} nodes · started ${esc(id["started-at"])} · bench ${esc(id["bench-version"])} · ${esc(machine)}</p>`;
}

export function whySection(r: ResultsOf<WorkloadResult>): string {
  const body = [reasons(r), anomalies(r), load(r), identity(r)].join("");
  return body ? `<section id="explain">${body}</section>` : "";
}
