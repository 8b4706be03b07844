// The report's in-page script: unpacks the run's data and draws the message window, the latency plot and the worker timeline.
/// <reference lib="dom" />
import type { ExploreData } from "./explore-data.ts";

/**
 * Runs in the browser, so it may use nothing from its module: the page embeds its source text.
 * Everything it draws carries `data-i`, the index the shared tooltip describes.
 */
function viewer(): void {
  const NS = "http://www.w3.org/2000/svg";
  const COLORS = ["#3b6fb6", "#e07b28", "#2f9e6e", "#c8423b", "#8a5cb8", "#8c6d4a", "#d45a9c", "#6b7a8c", "#b3a21f", "#2aa2b8"];
  const OUTCOME_COLORS = ["#2f9e6e", "#e0a028", "#c8423b"];
  const OUTCOME_NAMES = ["ok", "info", "fail"];
  const MAX_ARROWS = 3000;
  const $ = (id: string): HTMLElement => {
    const el = document.getElementById(id);
    if (!el) throw new Error(`report: no #${id}`);
    return el;
  };
  const el = (name: string, attrs: Record<string, string | number>, parent?: Element): SVGElement => {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    parent?.appendChild(e);
    return e;
  };
  const text = (parent: Element, x: number, y: number, s: string, anchor = "start", cls = ""): void => {
    el("text", { x, y, "text-anchor": anchor, class: cls }, parent).textContent = s;
  };
  const ticks = (from: number, to: number, count: number): number[] => {
    const raw = (to - from) / count;
    const mag = 10 ** Math.floor(Math.log10(raw || 1));
    const step = ([1, 2, 5, 10].find((k) => k * mag >= raw) ?? 10) * mag;
    const out: number[] = [];
    for (let v = Math.ceil(from / step) * step; v <= to + 1e-9; v += step) out.push(Number(v.toPrecision(12)));
    return out;
  };
  const ms = (v: number): string => `${v.toFixed(1)} ms`;
  const tip = $("tip");
  const describe: Record<string, (i: number) => string> = {};
  const showTip = (ev: MouseEvent): void => {
    const target = ev.target instanceof Element ? ev.target.closest("[data-i]") : null;
    const kind = target?.closest("[data-kind]")?.getAttribute("data-kind");
    const fn = kind ? describe[kind] : undefined;
    if (!target || !fn) {
      tip.hidden = true;
      return;
    }
    tip.textContent = fn(Number(target.getAttribute("data-i")));
    tip.hidden = false;
    tip.style.left = `${Math.min(ev.pageX + 14, document.body.scrollWidth - 420)}px`;
    tip.style.top = `${ev.pageY + 14}px`;
  };
  document.addEventListener("mouseover", showTip);

  function draw(d: ExploreData): void {
    const W = 960;
    const sent = (i: number): number => d.m[i * 5] as number;
    const delivered = (i: number): number => d.m[i * 5 + 1] as number;
    const src = (i: number): number => d.m[i * 5 + 2] as number;
    const dest = (i: number): number => d.m[i * 5 + 3] as number;
    const type = (i: number): number => d.m[i * 5 + 4] as number;
    const count = d.m.length / 5;
    const isClient = (id: number): boolean => id >= d.servers;
    describe["msg"] = (i) => {
      const when = delivered(i) < 0 ? "never delivered" : `delivered ${ms(delivered(i))}`;
      return `${d.ids[src(i)]} → ${d.ids[dest(i)]} ${d.types[type(i)]}, sent ${ms(sent(i))}, ${when}\n${d.bodies[i] ?? ""}`;
    };
    const op = (i: number, k: number): number => d.ops[i * 6 + k] as number;
    const opCount = d.ops.length / 6;
    describe["op"] = (i) =>
      `worker ${op(i, 2)} on ${d.ids[op(i, 5)]}: ${d.fs[op(i, 4)]} ${OUTCOME_NAMES[op(i, 3)]}, invoked ${ms(op(i, 0))}, ${ms(op(i, 1) - op(i, 0))}\n${d.notes[i] ?? ""}`;

    const start = $("win-start") as HTMLInputElement;
    const span = $("win-span") as HTMLSelectElement;
    const clients = $("show-clients") as HTMLInputElement;
    const diagram = $("diagram");
    start.max = String(Math.max(0, d.end));
    function drawWindow(): void {
      const from = Number(start.value);
      const width = Number(span.value);
      const to = from + width;
      const withClients = clients.checked;
      const lanes = d.servers + (withClients ? 1 : 0);
      const LEFT = 70;
      const TOP = 40;
      const H = 760;
      const lane = (id: number): number => {
        const slot = isClient(id) ? 0 : id + (withClients ? 1 : 0);
        return lanes === 1 ? W / 2 : LEFT + ((W - LEFT - 20) * slot) / (lanes - 1);
      };
      const y = (t: number): number => TOP + ((t - from) / width) * (H - TOP - 20);
      const svg = el("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, "data-kind": "msg", "data-from": from, "data-to": to });
      for (let i = 0; i < lanes; i++) {
        const id = withClients ? (i === 0 ? -1 : i - 1) : i;
        const x = id < 0 ? LEFT : lane(id);
        el("line", { class: "life", x1: x, x2: x, y1: TOP, y2: H - 10 }, svg);
        text(svg, x, TOP - 10, id < 0 ? "clients" : (d.ids[id] ?? ""), "middle", "node");
      }
      for (const t of ticks(from, to, 10)) text(svg, LEFT - 14, y(t) + 4, `${(t / 1000).toFixed(width < 1000 ? 2 : 1)} s`, "end");
      let shown = 0;
      let inWindow = 0;
      let anyLost = false;
      const drawnTypes = new Set<number>();
      for (let i = 0; i < count; i++) {
        const t = sent(i);
        if (t < from || t > to) continue;
        const client = isClient(src(i)) || isClient(dest(i));
        if (client && !withClients) continue;
        inWindow++;
        if (shown >= MAX_ARROWS) continue;
        shown++;
        const lost = delivered(i) < 0;
        anyLost ||= lost;
        drawnTypes.add(type(i));
        const y1 = y(t);
        const y2 = lost ? y1 + 10 : Math.max(y(delivered(i)), y1 + 3);
        const color = lost ? "#8a93a3" : (COLORS[type(i) % COLORS.length] as string);
        const ends = { x1: lane(src(i)), x2: lane(dest(i)), y1: y1.toFixed(1), y2: y2.toFixed(1) };
        const g = el("g", { class: client ? "msg client" : "msg", "data-i": i }, svg);
        const attrs: Record<string, string | number> = { ...ends, stroke: color };
        if (lost) attrs["stroke-dasharray"] = "5 4";
        else attrs["marker-end"] = `url(#ah${type(i)})`;
        el("line", attrs, g);
        // A thin line is hard to point at: a wide invisible one on top takes the hover.
        el("line", { ...ends, class: "hit" }, g);
      }
      const defs = el("defs", {}, svg);
      svg.insertBefore(defs, svg.firstChild);
      d.types.forEach((_, t) => {
        const marker = el("marker", { id: `ah${t}`, viewBox: "0 0 8 8", refX: 7.5, refY: 4, markerWidth: 7, markerHeight: 7, orient: "auto" }, defs);
        el("path", { d: "M0 0L8 4L0 8z", fill: COLORS[t % COLORS.length] as string }, marker);
      });
      diagram.replaceChildren(svg);
      // Only what this window draws: a client type is no help while client messages are hidden.
      const key = (label: string, c: string): string => `<span class="key" style="--c:${c}">${label.replace(/[<>&]/g, "")}</span>`;
      const legend = [...drawnTypes].sort((a, b) => a - b).map((t) => key(d.types[t] ?? "", COLORS[t % COLORS.length] as string));
      $("msg-legend").innerHTML = legend.join("") + (anyLost ? key("never delivered", "#8a93a3") : "");
      const cut = shown < inWindow ? `the first ${shown} of ${inWindow}` : `all ${shown}`;
      $("win-caption").textContent = `${(from / 1000).toFixed(2)}–${(to / 1000).toFixed(2)} s: ${cut} ${withClients ? "" : "node-to-node "}messages sent in this window.`;
    }
    start.addEventListener("input", drawWindow);
    span.addEventListener("change", drawWindow);
    clients.addEventListener("change", drawWindow);
    drawWindow();

    /** Clicking an operation moves the message window to it. */
    const jump = (ev: MouseEvent): void => {
      const target = ev.target instanceof Element ? ev.target.closest("[data-i]") : null;
      if (!target) return;
      start.value = String(Math.max(0, op(Number(target.getAttribute("data-i")), 0) - Number(span.value) / 4));
      drawWindow();
      $("sequence").scrollIntoView();
    };

    function frame(id: string, height: number, yMax: number, yLabel: string, rows?: number): { svg: SVGElement; x: (t: number) => number; y: (v: number) => number } {
      const L = 64;
      const R = W - 16;
      const T = 12;
      const B = height - 34;
      const xEnd = Math.max(d.end, 1);
      const x = (t: number): number => L + (t / xEnd) * (R - L);
      const y = (v: number): number => B - (v / yMax) * (B - T);
      const svg = el("svg", { class: "chart", viewBox: `0 0 ${W} ${height}`, "data-kind": "op" });
      for (const p of d.partitions) el("rect", { class: "part", x: x(p.from), y: T, width: Math.max(1, x(p.to) - x(p.from)), height: B - T }, svg);
      const grid = el("g", { class: "axis" }, svg);
      el("line", { x1: L, x2: R, y1: B, y2: B }, grid);
      for (const t of ticks(0, xEnd / 1000, 12)) text(grid, x(t * 1000), B + 15, String(t), "middle");
      if (rows === undefined) for (const v of ticks(0, yMax, 4)) text(grid, L - 6, y(v) + 4, String(v), "end");
      text(svg, (L + R) / 2, height - 3, "seconds since the workload began", "middle", "title");
      el("text", { class: "title", transform: `translate(14 ${(T + B) / 2}) rotate(-90)`, "text-anchor": "middle" }, svg).textContent = yLabel;
      svg.addEventListener("click", jump);
      $(id).replaceChildren(svg);
      return { svg, x, y };
    }

    let maxLatency = 1;
    for (let i = 0; i < opCount; i++) maxLatency = Math.max(maxLatency, op(i, 1) - op(i, 0));
    const yMax = ticks(0, maxLatency * 1.05, 4).at(-1) ?? maxLatency;
    const lat = frame("latency-raw", 300, Math.max(yMax, maxLatency), "latency (ms)");
    for (let i = 0; i < opCount; i++) {
      const outcome = op(i, 3);
      el("circle", { class: `mark o${outcome}`, cx: lat.x(op(i, 0)).toFixed(1), cy: lat.y(op(i, 1) - op(i, 0)).toFixed(1), r: outcome === 0 ? 2 : 3, fill: OUTCOME_COLORS[outcome] as string, "data-i": i }, lat.svg);
    }

    const rowH = Math.max(4, Math.min(16, 480 / Math.max(1, d.workers)));
    const height = d.workers * rowH + 50;
    const tl = frame("worker-rows", height, d.workers, "worker", d.workers);
    for (let w = 0; w < d.workers; w += Math.ceil(d.workers / 25)) text(tl.svg, 58, 12 + w * rowH + rowH * 0.75, String(w), "end");
    for (let i = 0; i < opCount; i++) {
      const x0 = tl.x(op(i, 0));
      el("rect", { class: `op o${op(i, 3)}`, x: x0.toFixed(1), y: (12 + op(i, 2) * rowH + 1).toFixed(1), width: Math.max(1, tl.x(op(i, 1)) - x0).toFixed(1), height: rowH - 2, fill: OUTCOME_COLORS[op(i, 3)] as string, "data-i": i }, tl.svg);
    }
    document.body.setAttribute("data-ready", "true");
  }

  const packed = $("run-data").textContent ?? "";
  const bytes = Uint8Array.from(atob(packed.trim()), (c) => c.charCodeAt(0));
  new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")))
    .json()
    .then((d: ExploreData) => draw(d))
    .catch((err: unknown) => {
      $("diagram").textContent = `The run's data could not be read: ${String(err)}`;
      console.error(err);
    });
}

/** The script as the page embeds it. */
export function viewerScript(): string {
  return `(${viewer.toString()})();`;
}
