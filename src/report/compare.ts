// Several runs on one page: their figures in one table and their curves on shared axes.
import { cdfChart, scatterChart, timeChart } from "./charts.ts";
import { setFullResults } from "../sim/workloads/index.ts";
import type { ReportData } from "./data.ts";
import { dataAttrs, formatNumber, page, validityBadge } from "./page.ts";
import { color, esc } from "./svg.ts";

function presetCell(preset: ReportData["results"]["preset"]): string {
  if (!preset) return `<td ${dataAttrs("preset-pass", undefined)}>–</td>`;
  return `<td ${dataAttrs("preset-pass", preset.pass)}><span class="badge ${preset.pass ? "ok" : "bad"}">${esc(preset.name)} ${preset.pass ? "PASS" : "FAIL"}</span></td>`;
}

function table(runs: readonly ReportData[]): string {
  const head = ["run", "nodes", "valid", "preset", "lost", "stale", "msgs/op servers", "msgs/op all", "median ms", "p95 ms", "p99 ms", "max ms", "ops"];
  const rows = runs.map((d, i) => {
    const r = d.results;
    // Lost, stale and latency are set-full's figures; other workloads leave those cells empty.
    const w = setFullResults(r)?.workload;
    const lat = w?.["stable-latencies"];
    const cell = (metric: string, value: number | undefined): string => `<td ${dataAttrs(metric, value)}>${formatNumber(value)}</td>`;
    return `<tr data-run="${esc(d.label)}"><td><span class="bar" style="width:10px;background:${color(i)}"></span>${esc(d.label)}</td>
<td>${d.traffic.length}</td><td ${dataAttrs("valid", r.valid)}>${validityBadge(r.valid)}</td>${presetCell(r.preset)}${cell("lost-count", w?.["lost-count"])}${cell("stale-count", w?.["stale-count"])}
${cell("msgs-per-op-servers", r.net.servers["msgs-per-op"])}${cell("msgs-per-op-all", r.net.all["msgs-per-op"])}${cell("latency-0.5", lat?.["0.5"])}${cell("latency-0.95", lat?.["0.95"])}${cell("latency-0.99", lat?.["0.99"])}${cell("latency-1", lat?.["1"])}${cell("op-count", r.stats.count)}</tr>`;
  });
  return `<table id="runs"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

export function renderCompare(runs: readonly ReportData[]): string {
  const cdf = cdfChart(runs.map((d) => ({ label: d.label, sorted: d.latencies })));
  const scatter = scatterChart(
    runs.map((d) => ({ label: d.label, x: d.results.net.servers["msgs-per-op"], y: setFullResults(d.results)?.workload["stable-latencies"]?.["0.5"] })),
    "server msgs per op",
    "median stable latency (ms)",
  );
  const end = Math.max(...runs.map((d) => d.timeline.end));
  const rates = timeChart(
    runs.map((d, i) => ({
      label: d.label,
      color: color(i),
      rates: d.timeline.serverMsgs.map((c) => (c * 1000) / d.timeline.bucketMs),
      bucketMs: d.timeline.bucketMs,
    })),
    end,
    [],
    "server messages / s",
  );
  const body = `<header><h1>Comparing ${runs.length} broadcast runs</h1></header>
<p class="sub">${esc(runs.map((d) => d.label).join(" · "))}</p>
<section id="table"><h2>Figures</h2>${table(runs)}</section>
<section id="cdf"><h2>Stable latency, cumulative</h2>${cdf}</section>
<section id="tradeoff"><h2>Messages against latency</h2>${scatter}
<p class="note">Each run's server msgs per op against its median stable latency: nearer the origin is better on both.</p></section>
<section id="rates"><h2>Server messages over time</h2>${rates}</section>`;
  return page(`Comparing ${runs.length} broadcast runs`, body);
}
