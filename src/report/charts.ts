// The report's charts, each a function from aggregated data to one SVG element.
import type { StableLatencies } from "../sim/checking/results.ts";
import type { Interval, NodeTraffic } from "./data.ts";
import { axes, cdfPoints, color, esc, formatTick, legend, niceMax, niceTicks, pathData, plot, rect, svg } from "./svg.ts";

const W = 960;
const pct = (v: number): string => `${Math.round(v * 100)}%`;

/** Histogram of stable latencies with their CDF over it, and the reported quantiles marked. */
export function latencyChart(latencies: readonly number[], q: StableLatencies | undefined): string {
  // Drawn in a two-thirds column: a narrower viewBox keeps its text at the page's size.
  const W = 720;
  const H = 300;
  if (latencies.length === 0) return `<p class="note">No value became stable, so there is no latency to draw.</p>`;
  const max = latencies.at(-1) as number;
  const binTicks = niceTicks(0, Math.max(max, 1), 36);
  // Latencies are whole milliseconds: a finer bin would only leave gaps.
  const bin = Math.max(1, binTicks.length > 1 ? (binTicks[1] as number) - (binTicks[0] as number) : 1);
  const bins = new Array<number>(Math.floor(max / bin) + 1).fill(0);
  for (const v of latencies) {
    const i = Math.floor(v / bin);
    bins[i] = (bins[i] ?? 0) + 1;
  }
  // All-zero latencies would otherwise get an axis one millisecond wide.
  const xMax = Math.max(bins.length * bin, 10);
  const yMax = niceMax(Math.max(...bins));
  const p = plot({ width: W, height: H, margin: { top: 54, right: 96, bottom: 40, left: 56 }, x: [0, xMax], y: [0, yMax] });
  const cdfY = (f: number): number => p.bottom - f * (p.bottom - p.top);
  const parts = [
    axes(
      p,
      { ticks: niceTicks(0, xMax, 8), label: "stable latency (ms)" },
      { ticks: niceTicks(0, yMax, 5), label: "values" },
      { ticks: [0, 0.25, 0.5, 0.75, 1], label: "cumulative", format: pct, scale: Object.assign(cdfY, { d0: 0, d1: 1 }) },
    ),
  ];
  bins.forEach((count, i) => {
    if (count === 0) return;
    const x0 = p.x(i * bin);
    const x1 = p.x((i + 1) * bin);
    parts.push(rect(x0 + 0.5, p.y(count), x1 - x0 - 1, p.bottom - p.y(count), `fill="#9db8dd"`, `${i * bin}–${(i + 1) * bin} ms: ${count} values`));
  });
  const cdf = cdfPoints(latencies).map(([v, f]) => [p.x(v), cdfY(f)] as const);
  parts.push(`<path d="${pathData(cdf)}" fill="none" stroke="${color(0)}" stroke-width="2"/>`);
  if (q) {
    const marks: [string, number][] = [["p50", q["0.5"]], ["p95", q["0.95"]], ["p99", q["0.99"]], ["max", q["1"]]];
    let lastX = -Infinity;
    let level = 0;
    for (const [name, v] of marks) {
      const x = p.x(v);
      // Close quantiles would print over each other: each label steps up a row until there is room.
      level = x - lastX < 64 ? level + 1 : 0;
      const y = p.top - 4 - level * 12;
      parts.push(`<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${p.top}" y2="${p.bottom}" stroke="#c8423b" stroke-dasharray="3 3" stroke-width="1"/>`);
      parts.push(`<text x="${(x + 3).toFixed(1)}" y="${y}" fill="#c8423b">${esc(`${name} ${v}`)}</text>`);
      lastX = x;
    }
  }
  return svg(W, H, parts.join(""), "stable latency distribution");
}

export interface CdfSeries {
  label: string;
  sorted: readonly number[];
}

/** Several latency CDFs on one pair of axes. */
export function cdfChart(series: readonly CdfSeries[]): string {
  const H = 320;
  const max = Math.max(1, ...series.map((s) => s.sorted.at(-1) ?? 0));
  const xMax = niceMax(max, 8);
  const p = plot({ width: W, height: H, margin: { top: 34, right: 24, bottom: 40, left: 56 }, x: [0, xMax], y: [0, 1] });
  const parts = [
    axes(p, { ticks: niceTicks(0, xMax, 10), label: "stable latency (ms)" }, { ticks: [0, 0.25, 0.5, 0.75, 1], label: "values stable", format: pct }),
  ];
  series.forEach((s, i) => {
    if (s.sorted.length === 0) return;
    const pts = cdfPoints(s.sorted).map(([v, f]) => [p.x(v), p.y(f)] as const);
    parts.push(`<path d="${pathData(pts)}" fill="none" stroke="${color(i)}" stroke-width="2"><title>${esc(s.label)}</title></path>`);
  });
  parts.push(legend(series.map((s, i) => ({ label: s.label, color: color(i) })), p.left, 16));
  return svg(W, H, parts.join(""), "stable latency CDFs");
}

export interface TimeSeries {
  label: string;
  color: string;
  /** Per second, one value per bucket. */
  rates: readonly number[];
  bucketMs: number;
  fill?: boolean;
}

/**
 * Rates over the run with the partition intervals shaded behind them. Partitions are numbered in
 * the chart, because their descriptions rarely fit their width; the page lists them below.
 */
export function timeChart(series: readonly TimeSeries[], endMs: number, partitions: readonly Interval[], yLabel: string): string {
  const H = 240;
  const xMax = endMs / 1000;
  const yMax = niceMax(Math.max(1, ...series.flatMap((s) => s.rates)));
  const p = plot({ width: W, height: H, margin: { top: 30, right: 20, bottom: 38, left: 56 }, x: [0, xMax], y: [0, yMax] });
  const parts: string[] = [];
  partitions.forEach((iv, i) => {
    const x0 = p.x(iv.from / 1000);
    const x1 = p.x(Math.min(iv.to, endMs) / 1000);
    const span = `${(iv.from / 1000).toFixed(1)}–${(iv.to / 1000).toFixed(1)} s`;
    parts.push(rect(x0, p.top, x1 - x0, p.bottom - p.top, `class="part"`, `partition ${i + 1}, ${span}: ${iv.description}`));
    const text = iv.description.length * 6 < x1 - x0 - 8 ? `${i + 1} ${iv.description}` : String(i + 1);
    parts.push(`<text class="partlabel" x="${(x0 + 3).toFixed(1)}" y="${p.top + 12}">${esc(text)}</text>`);
  });
  parts.push(axes(p, { ticks: niceTicks(0, xMax, 12), label: "seconds since the workload began" }, { ticks: niceTicks(0, yMax, 4), label: yLabel }));
  for (const s of series) {
    const pts = s.rates.map((r, i) => [p.x(((i + 0.5) * s.bucketMs) / 1000), p.y(r)] as const);
    if (s.fill && pts.length > 0) {
      const area = [[p.x(0), p.bottom] as const, ...pts, [p.x((s.rates.length * s.bucketMs) / 1000), p.bottom] as const];
      parts.push(`<path d="${pathData(area)}Z" fill="${s.color}" fill-opacity=".18" stroke="none"/>`);
    }
    parts.push(`<path d="${pathData(pts)}" fill="none" stroke="${s.color}" stroke-width="1.6" stroke-linejoin="round"><title>${esc(s.label)}</title></path>`);
  }
  parts.push(legend(series.map((s) => ({ label: s.label, color: s.color })), p.left, 16));
  return svg(W, H, parts.join(""), yLabel);
}

/** Grouped bars per node: node-to-node messages sent and received, and those lost on the way. */
export function trafficChart(rows: readonly NodeTraffic[]): string {
  const H = 250;
  const yMax = niceMax(Math.max(1, ...rows.flatMap((r) => [r.sentToServers, r.recvFromServers])));
  const p = plot({ width: W, height: H, margin: { top: 30, right: 20, bottom: 40, left: 56 }, x: [0, Math.max(1, rows.length)], y: [0, yMax] });
  const parts = [axes(p, { ticks: [], label: "node" }, { ticks: niceTicks(0, yMax, 4), label: "node-to-node messages" })];
  const slot = (p.right - p.left) / Math.max(1, rows.length);
  const bw = Math.min(18, (slot - 4) / 3);
  rows.forEach((r, i) => {
    const cx = p.left + slot * (i + 0.5);
    const tip = `${r.node}: sent ${r.sentToServers} to nodes (${r.dropped} lost), received ${r.recvFromServers} from nodes; ${r.sentToClients} to clients, ${r.recvFromClients} from clients`;
    const bars: [number, string][] = [[r.sentToServers, color(0)], [r.recvFromServers, color(2)], [r.dropped, color(3)]];
    bars.forEach(([v, fill], j) => {
      if (v > 0) parts.push(rect(cx + (j - 1.5) * bw, p.y(v), bw - 1, p.bottom - p.y(v), `fill="${fill}"`, tip));
    });
    parts.push(`<text x="${cx.toFixed(1)}" y="${p.bottom + 15}" text-anchor="middle">${esc(r.node)}</text>`);
  });
  const items = [{ label: "sent to nodes", color: color(0) }, { label: "received from nodes", color: color(2) }];
  if (rows.some((r) => r.dropped > 0)) items.push({ label: "lost (sent, never delivered)", color: color(3) });
  parts.push(legend(items, p.left, 16));
  return svg(W, H, parts.join(""), "per-node message counts");
}

export interface ScatterPoint {
  label: string;
  x: number;
  y: number | undefined;
}

/** Cost against speed: each run a point, the better ones towards the origin. */
export function scatterChart(points: readonly ScatterPoint[], xLabel: string, yLabel: string): string {
  const H = 300;
  const shown = points.flatMap((pt, i) => (pt.y === undefined ? [] : [{ ...pt, y: pt.y, i }]));
  const xMax = niceMax(Math.max(1, ...shown.map((s) => s.x)) * 1.1);
  const yMax = niceMax(Math.max(1, ...shown.map((s) => s.y)) * 1.1);
  const p = plot({ width: W, height: H, margin: { top: 16, right: 24, bottom: 40, left: 56 }, x: [0, xMax], y: [0, yMax] });
  const parts = [axes(p, { ticks: niceTicks(0, xMax, 10), label: xLabel }, { ticks: niceTicks(0, yMax, 5), label: yLabel })];
  for (const s of shown) {
    const x = p.x(s.x);
    const y = p.y(s.y);
    parts.push(
      `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="6" fill="${color(s.i)}" stroke="#fff" stroke-width="1.5"><title>${esc(`${s.label}: ${formatTick(s.x)}, ${formatTick(s.y)}`)}</title></circle>`,
    );
    parts.push(`<text x="${(x + 9).toFixed(1)}" y="${(y + 4).toFixed(1)}">${esc(s.label)}</text>`);
  }
  return svg(W, H, parts.join(""), `${yLabel} against ${xLabel}`);
}
