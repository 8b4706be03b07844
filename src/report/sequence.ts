// A message-sequence diagram of node-to-node traffic.
/**
 * A message-sequence diagram in the manner of Maelstrom's messages.svg: a lifeline per node, time
 * running down, an arrow per node-to-node message from its send to its delivery.
 */
import type { Sequence } from "./data.ts";
import { color, esc, legend, svg } from "./svg.ts";

const W = 960;
const TOP = 46;
const LEFT = 64;
const RIGHT = 24;
/** Bursts get at least this much room per event, so simultaneous messages stay apart. */
const MIN_GAP = 3;
/** Quiet stretches shrink to at most this, so idle time does not fill the page. */
const MAX_GAP = 36;
const PX_PER_MS = 0.6;
const MAX_HEIGHT = 1500;
/** Where a lost message's dashed arrow ends: it has no delivery time to point at. */
const LOST_DROP = 10;
const MIN_SLOPE = 4;

/**
 * Maps times to y so that order is kept exactly, bursts are spread out and idle gaps are
 * squeezed; pure proportional time would pile a burst onto one line.
 */
function timeAxis(times: readonly number[]): { y: (t: number) => number; height: number } {
  const sorted = [...new Set(times)].sort((a, b) => a - b);
  const gaps = sorted.map((t, i) => (i === 0 ? 0 : Math.min(MAX_GAP, Math.max(MIN_GAP, (t - (sorted[i - 1] as number)) * PX_PER_MS))));
  const total = gaps.reduce((a, b) => a + b, 0);
  const floor = MIN_GAP * Math.max(0, sorted.length - 1);
  const budget = MAX_HEIGHT - TOP - 30;
  // Too tall: shrink only the part of each gap above the minimum, which keeps bursts legible.
  const k = total > budget && total > floor ? Math.max(0, (budget - floor) / (total - floor)) : 1;
  const at = new Map<number, number>();
  let y = TOP + 10;
  sorted.forEach((t, i) => {
    const g = gaps[i] as number;
    y += i === 0 ? 0 : MIN_GAP + (g - MIN_GAP) * k;
    at.set(t, y);
  });
  return { y: (t) => at.get(t) ?? TOP, height: y + 30 };
}

export function sequenceDiagram(seq: Sequence): string {
  if (seq.arrows.length === 0) return `<p class="note">No node-to-node message in this window.</p>`;
  const types = [...new Set(seq.arrows.map((a) => a.type))].sort();
  const typeColor = new Map(types.map((t, i) => [t, color(i)]));
  const times = seq.arrows.flatMap((a) => (a.delivered === null ? [a.sent] : [a.sent, a.delivered]));
  const axis = timeAxis(times);
  const height = axis.height + Math.max(LOST_DROP, MIN_SLOPE);
  const n = seq.nodes.length;
  const lane = (i: number): number => (n === 1 ? (LEFT + W - RIGHT) / 2 : LEFT + ((W - LEFT - RIGHT) * i) / (n - 1));
  const f = (v: number): string => v.toFixed(1);
  const parts: string[] = [];
  parts.push(`<defs>${types.map((t, i) => `<marker id="ah${i}" viewBox="0 0 8 8" refX="7.5" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0L8 4L0 8z" fill="${typeColor.get(t)}"/></marker>`).join("")}</defs>`);
  const items: { label: string; color: string; dashed?: boolean }[] = types.map((t) => ({ label: t, color: typeColor.get(t) as string }));
  if (seq.arrows.some((a) => a.delivered === null)) items.push({ label: "lost", color: "#8a93a3", dashed: true });
  parts.push(legend(items, LEFT, 14));
  seq.nodes.forEach((node, i) => {
    const x = f(lane(i));
    parts.push(`<line class="life" x1="${x}" x2="${x}" y1="${TOP}" y2="${f(height - 6)}"/>`);
    parts.push(`<text class="node" x="${x}" y="${TOP - 8}" text-anchor="middle">${esc(node)}</text>`);
  });
  // Time marks at the left, spaced so they never collide.
  let lastMark = -Infinity;
  for (const t of [...new Set(times)].sort((a, b) => a - b)) {
    const y = axis.y(t);
    if (y - lastMark < 28) continue;
    lastMark = y;
    parts.push(`<text x="${LEFT - 10}" y="${f(y + 4)}" text-anchor="end">${esc(`${Math.round(t)} ms`)}</text>`);
  }
  for (const a of seq.arrows) {
    const x1 = lane(a.src);
    const x2 = lane(a.dest);
    const y1 = axis.y(a.sent);
    const lost = a.delivered === null;
    // A message delivered within the same instant still slopes down a little, so its direction shows.
    const y2 = lost ? y1 + LOST_DROP : Math.max(axis.y(a.delivered as number), y1 + MIN_SLOPE);
    const stroke = lost ? "#8a93a3" : (typeColor.get(a.type) as string);
    const tip = `${seq.nodes[a.src]} → ${seq.nodes[a.dest]} ${a.type}, sent ${a.sent.toFixed(1)} ms, ${lost ? "never delivered" : `delivered ${(a.delivered as number).toFixed(1)} ms`}`;
    const end = lost
      ? ` stroke-dasharray="5 4"`
      : ` marker-end="url(#ah${types.indexOf(a.type)})"`;
    parts.push(`<line x1="${f(x1)}" y1="${f(y1)}" x2="${f(x2)}" y2="${f(y2)}" stroke="${stroke}" stroke-width="1.2"${end}><title>${esc(tip)}</title></line>`);
    if (lost) parts.push(`<path d="M${f(x2 - 4)} ${f(y2 - 4)}l8 8m0-8l-8 8" stroke="#c8423b" stroke-width="1.5"/>`);
  }
  return svg(W, Math.ceil(height), parts.join(""), "message sequence diagram");
}
