// The few SVG chart primitives the report needs.
/**
 * The few chart primitives the report needs, as SVG strings. Charts are drawn in a fixed
 * viewBox and scaled by CSS, so every size below is in viewBox units.
 */

/** Distinct on white and for the common colour-vision deficiencies. */
export const PALETTE = ["#3b6fb6", "#e07b28", "#2f9e6e", "#c8423b", "#8a5cb8", "#8c6d4a", "#d45a9c", "#6b7a8c", "#b3a21f", "#2aa2b8"];

export function color(i: number): string {
  return PALETTE[i % PALETTE.length] as string;
}

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Fixed precision keeps the page small; a tenth of a unit is below a pixel at these sizes. */
const num = (v: number): string => String(Math.round(v * 10) / 10);

export interface Scale {
  (v: number): number;
  readonly d0: number;
  readonly d1: number;
}

export function linear(d0: number, d1: number, r0: number, r1: number): Scale {
  // A flat domain (every latency 0) would divide by zero; give it a unit's width.
  const span = d1 - d0 || 1;
  return Object.assign((v: number) => r0 + ((v - d0) / span) * (r1 - r0), { d0, d1: d0 + span });
}

/** Ticks at 1, 2 or 5 × 10^k covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** The top of an axis: the next nice tick at or above `max`, so the data never touches the frame. */
export function niceMax(max: number, count = 5): number {
  if (max <= 0) return 1;
  const ticks = niceTicks(0, max, count);
  const last = ticks.at(-1) ?? max;
  return last >= max ? last : last + (ticks[1] ?? max);
}

export function formatTick(v: number): string {
  if (Math.abs(v) >= 10_000) return `${num(v / 1000)}k`;
  return num(v);
}

export interface Plot {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  x: Scale;
  y: Scale;
}

export interface PlotSpec {
  width: number;
  height: number;
  margin?: { top: number; right: number; bottom: number; left: number };
  x: [number, number];
  y: [number, number];
}

export function plot(spec: PlotSpec): Plot {
  const m = spec.margin ?? { top: 14, right: 20, bottom: 38, left: 56 };
  const left = m.left;
  const right = spec.width - m.right;
  const top = m.top;
  const bottom = spec.height - m.bottom;
  return {
    width: spec.width,
    height: spec.height,
    left,
    right,
    top,
    bottom,
    x: linear(spec.x[0], spec.x[1], left, right),
    y: linear(spec.y[0], spec.y[1], bottom, top),
  };
}

export interface AxisSpec {
  ticks: number[];
  label: string;
  format?: (v: number) => string;
}

/** Gridlines, tick labels and axis titles; `y2` labels the right edge with its own scale. */
export function axes(p: Plot, x: AxisSpec, y: AxisSpec, y2?: AxisSpec & { scale: Scale }): string {
  const fx = x.format ?? formatTick;
  const fy = y.format ?? formatTick;
  const parts: string[] = [`<g class="grid">`];
  for (const t of y.ticks) parts.push(`<line x1="${p.left}" x2="${p.right}" y1="${num(p.y(t))}" y2="${num(p.y(t))}"/>`);
  parts.push(`</g><g class="axis">`);
  parts.push(`<line x1="${p.left}" x2="${p.right}" y1="${p.bottom}" y2="${p.bottom}"/>`);
  parts.push(`<line x1="${p.left}" x2="${p.left}" y1="${p.top}" y2="${p.bottom}"/>`);
  for (const t of x.ticks) {
    const px = num(p.x(t));
    parts.push(`<line x1="${px}" x2="${px}" y1="${p.bottom}" y2="${p.bottom + 4}"/>`);
    parts.push(`<text x="${px}" y="${p.bottom + 16}" text-anchor="middle">${esc(fx(t))}</text>`);
  }
  for (const t of y.ticks) parts.push(`<text x="${p.left - 6}" y="${num(p.y(t) + 4)}" text-anchor="end">${esc(fy(t))}</text>`);
  parts.push(`<text class="title" x="${num((p.left + p.right) / 2)}" y="${p.height - 4}" text-anchor="middle">${esc(x.label)}</text>`);
  parts.push(
    `<text class="title" transform="translate(14 ${num((p.top + p.bottom) / 2)}) rotate(-90)" text-anchor="middle">${esc(y.label)}</text>`,
  );
  if (y2) {
    const f2 = y2.format ?? formatTick;
    parts.push(`<line x1="${p.right}" x2="${p.right}" y1="${p.top}" y2="${p.bottom}"/>`);
    for (const t of y2.ticks) parts.push(`<text x="${p.right + 6}" y="${num(y2.scale(t) + 4)}">${esc(f2(t))}</text>`);
    parts.push(
      `<text class="title" transform="translate(${p.right + 46} ${num((p.top + p.bottom) / 2)}) rotate(90)" text-anchor="middle">${esc(y2.label)}</text>`,
    );
  }
  parts.push(`</g>`);
  return parts.join("");
}

export function pathData(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y], i) => `${i === 0 ? "M" : "L"}${num(x)} ${num(y)}`).join("");
}

/** An empirical CDF as a staircase through the sorted values; the last step reaches 1. */
export function cdfPoints(sorted: readonly number[]): [number, number][] {
  const n = sorted.length;
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const v = sorted[i] as number;
    // Only the last of a run of equal values adds a step.
    if (i + 1 < n && sorted[i + 1] === v) continue;
    out.push([v, out.at(-1)?.[1] ?? 0], [v, (i + 1) / n]);
  }
  return out;
}

export function rect(x: number, y: number, w: number, h: number, attrs: string, title?: string): string {
  const body = title === undefined ? "" : `<title>${esc(title)}</title>`;
  const open = `<rect x="${num(x)}" y="${num(y)}" width="${num(Math.max(0, w))}" height="${num(Math.max(0, h))}" ${attrs}`;
  return body ? `${open}>${body}</rect>` : `${open}/>`;
}

export function legend(items: readonly { label: string; color: string; dashed?: boolean }[], x: number, y: number): string {
  let at = x;
  return items
    .map((item) => {
      const swatch = item.dashed
        ? `<line x1="${num(at)}" x2="${num(at + 16)}" y1="${y - 4}" y2="${y - 4}" stroke="${item.color}" stroke-width="2" stroke-dasharray="4 3"/>`
        : `<rect x="${num(at)}" y="${y - 9}" width="12" height="10" rx="2" fill="${item.color}"/>`;
      const text = `<text x="${num(at + 18)}" y="${y}">${esc(item.label)}</text>`;
      at += 30 + item.label.length * 6.5;
      return swatch + text;
    })
    .join("");
}

export function svg(width: number, height: number, body: string, label: string): string {
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
}
