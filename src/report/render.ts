// One run's report page: the verdict and figures first, then the charts that explain them.
import type { VerdictRow } from "../presets/verdict.ts";
import type { SetFullResult, StableLatencies } from "../sim/checking/results.ts";
import { setFullResults } from "../sim/workloads/index.ts";
import { latencyChart, timeChart, trafficChart } from "./charts.ts";
import type { ReportData, Timeline } from "./data.ts";
import { card, formatNumber, page, validityBadge } from "./page.ts";
import { exploreSections } from "./explore.ts";
import { whySection } from "./why.ts";
import { workloadSummary } from "./workload-section.ts";
import { clientLatencySection } from "./client-latency.ts";
import { color, esc } from "./svg.ts";

const QUANTILES: [keyof StableLatencies, string][] = [["0", "min"], ["0.5", "p50"], ["0.95", "p95"], ["0.99", "p99"], ["1", "max"]];

function summary(d: ReportData, w: SetFullResult): string {
  const r = d.results;
  const lat = w["stable-latencies"];
  const valid = r.valid;
  const ms = (v: number | undefined): string => (v === undefined ? "–" : `${v}<small>ms</small>`);
  const outcome = [
    card("valid", "valid", valid, esc(String(valid)), valid === true ? "ok" : valid === false ? "bad" : "warn"),
    card("lost-count", "lost", w["lost-count"], String(w["lost-count"]), w["lost-count"] > 0 ? "bad" : ""),
    card("stale-count", "stale", w["stale-count"], String(w["stale-count"])),
    card("never-read-count", "never read", w["never-read-count"], String(w["never-read-count"]), w["never-read-count"] > 0 ? "warn" : ""),
    card("attempt-count", "values added", w["attempt-count"], String(w["attempt-count"])),
    card("stable-count", "stable", w["stable-count"], String(w["stable-count"])),
    card("op-count", "operations", r.stats.count, String(r.stats.count)),
  ];
  const cost = [
    card("msgs-per-op-servers", "msgs/op servers", r.net.servers["msgs-per-op"], formatNumber(r.net.servers["msgs-per-op"])),
    card("msgs-per-op-all", "msgs/op all", r.net.all["msgs-per-op"], formatNumber(r.net.all["msgs-per-op"])),
    card("msg-count-servers", "server msgs", r.net.servers["msg-count"], String(r.net.servers["msg-count"])),
    ...QUANTILES.map(([q, name]) => card(`latency-${q}`, `latency ${name}`, lat?.[q], ms(lat?.[q]))),
  ];
  const lost = w["lost-count"] > 0 ? `<p class="note">Lost values: <span class="values">${esc(w.lost.slice(0, 50).join(" "))}${w.lost.length > 50 ? " …" : ""}</span></p>` : "";
  const errors = r["node-errors"]?.length ? `<ul class="errors">${r["node-errors"].map((e) => `<li>${esc(e)}</li>`).join("")}</ul>` : "";
  return `<section id="summary"><h2>Summary</h2>
<div class="group"><h3>Correctness</h3><div class="cards">${outcome.join("")}</div></div>
<div class="group"><h3>Cost and speed</h3><div class="cards">${cost.join("")}</div></div>${visibility(d)}${lost}${errors}</section>`;
}

const VISIBILITY_QUANTILES = [["0.5", "p50"], ["0.95", "p95"], ["0.99", "p99"], ["1", "max"]] as const;

/** Under an isolation: how soon the nodes left connected saw one another's values in their reads. */
function visibility(d: ReportData): string {
  const v = d.results.visibility;
  if (!v) return "";
  const l = v.latencies;
  const ms = (x: number | undefined): string => (x === undefined ? "–" : `${x}<small>ms</small>`);
  const cards = [
    ...VISIBILITY_QUANTILES.map(([q, name]) => card(`visibility-${q}`, `seen ${name}`, l?.[q], ms(l?.[q]))),
    card("visibility-unseen-count", "unseen before heal", v["unseen-count"], String(v["unseen-count"]), v["unseen-count"] > 0 ? "warn" : ""),
    card("visibility-seen-count", "pairs seen", v["seen-count"], String(v["seen-count"])),
    card("visibility-unjudged-count", "too late to judge", v["unjudged-count"], String(v["unjudged-count"])),
  ];
  const window = `${esc(v["cut-off"].join(" "))} cut off ${(v.from / 1000).toFixed(1)}–${(v.until / 1000).toFixed(1)} s`;
  return `\n<div class="group" id="visibility"><h3>Visibility while ${window}</h3><div class="cards">${cards.join("")}</div></div>`;
}

function verdictActual(row: VerdictRow): string {
  if (row.actual === null) return "none";
  return typeof row.actual === "number" ? formatNumber(row.actual) : String(row.actual);
}

function verdict(d: ReportData): string {
  const preset = d.results.preset;
  if (!preset) return "";
  const rows = preset.rows
    .map((row) => {
      const status = row.pass ? "PASS" : "FAIL";
      const limit = row.limit === true ? "true" : `&lt; ${row.limit}`;
      return `<tr data-threshold="${esc(row.name)}" data-pass="${row.pass}"><td class="${row.pass ? "pass" : "fail"}">${status}</td><td style="text-align:left">${esc(row.name)}</td><td>${esc(verdictActual(row))}</td><td>${limit}</td></tr>`;
    })
    .join("");
  const pass = preset.pass;
  const note = preset.note ? `<p class="note">${esc(preset.note)}</p>` : "";
  return `<section id="verdict" data-preset="${esc(preset.name)}" data-pass="${pass}"><h2>Preset ${esc(preset.name)}: <span class="badge ${pass ? "ok" : "bad"}">${pass ? "PASS" : "FAIL"}</span></h2>
<table class="narrow"><thead><tr><th>result</th><th style="text-align:left">criterion</th><th>actual</th><th>required</th></tr></thead><tbody>${rows}</tbody></table>${note}</section>`;
}

function worstStale(d: ReportData, w: SetFullResult): string {
  if (d.worstStale.length === 0) return `<p class="note">No stale value: every value was in every read that began after it was acknowledged.</p>`;
  const top = d.worstStale[0]?.latency ?? 1;
  const rows = d.worstStale
    .map(
      (s) =>
        `<tr data-stale-value="${esc(s.value)}"><td>${esc(s.value)}</td><td><span class="bar" style="width:${Math.max(2, Math.round((s.latency / top) * 90))}px"></span>${s.latency}</td></tr>`,
    )
    .join("");
  return `<table><thead><tr><th>value</th><th>stable latency (ms)</th></tr></thead><tbody>${rows}</tbody></table>
<p class="note">${w["stale-count"]} stale values in all: some read that began after the value was known still missed it.</p>`;
}

const perSecond = (counts: readonly number[], bucketMs: number): number[] => counts.map((c) => (c * 1000) / bucketMs);

const OP_COLORS: Record<string, string> = { "broadcast ok": color(0), "read ok": color(2), fail: color(3), info: color(1) };

function overTime(t: Timeline): string {
  const ops = timeChart(
    t.ops.map((s) => ({ label: s.name, color: OP_COLORS[s.name] ?? color(4), rates: perSecond(s.counts, t.bucketMs), bucketMs: t.bucketMs })),
    t.end,
    t.partitions,
    "operations / s",
  );
  const msgSeries = [{ label: "server msgs sent", color: color(0), rates: perSecond(t.serverMsgs, t.bucketMs), bucketMs: t.bucketMs, fill: true }];
  if (t.droppedMsgs.some((c) => c > 0)) {
    msgSeries.push({ label: "of those, lost", color: color(3), rates: perSecond(t.droppedMsgs, t.bucketMs), bucketMs: t.bucketMs, fill: true });
  }
  const msgs = timeChart(msgSeries, t.end, t.partitions, "server messages / s");
  const list = t.partitions.length
    ? `<ol class="parts">${t.partitions.map((p) => `<li data-partition="${esc(p.description)}">${(p.from / 1000).toFixed(1)}–${(p.to / 1000).toFixed(1)} s: ${esc(p.description)}</li>`).join("")}</ol>`
    : `<p class="note">No partition in this run.</p>`;
  return `<section id="over-time"><h2>Over time</h2>${ops}${msgs}
<p class="note">Averaged over ${t.bucketMs} ms buckets. Shaded: network partitions.</p>${list}</section>`;
}

/** Stable latencies exist only for the workloads set-full judges. */
function latencySection(d: ReportData, w: SetFullResult): string {
  return `<section id="latency"><div class="two"><div><h2>Stable latency</h2>${latencyChart(d.latencies, w["stable-latencies"])}
<p class="note">Per value, the time from its add being known (acknowledged or read) until every later read showed it (${d.latencies.length} stable values); line: cumulative share.</p></div>
<div id="worst-stale"><h2>Worst stale values</h2>${worstStale(d, w)}</div></div></section>`;
}

export function renderReport(d: ReportData): string {
  const title = `${d.results["workload-name"]} run ${d.label}`;
  const header = `<header><h1>${esc(title)}</h1>${validityBadge(d.results.valid)}</header>
<p class="sub">${d.subtitle ? esc(d.subtitle) : "&nbsp;"}</p>`;
  const setFull = setFullResults(d.results)?.workload;
  const figures = setFull ? summary(d, setFull) + latencySection(d, setFull) : workloadSummary(d.results);
  const traffic = `<section id="traffic"><h2>Messages per node</h2>${trafficChart(d.traffic)}
<p class="note">Node-to-node messages only; hover a bar for client traffic.</p></section>`;
  return page(title, [header, whySection(d.results), verdict(d), figures, clientLatencySection(d.results.latencies), overTime(d.timeline), traffic, exploreSections(d.explore, d.logs)].join("\n"));
}

