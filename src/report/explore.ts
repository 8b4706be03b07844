// The report's views for finding a bug: the message window, per-operation latency, the worker timeline and the node logs, over the run's packed data.
import type { ExploreData } from "./explore-data.ts";
import { packExploreData } from "./explore-data.ts";
import { esc } from "./svg.ts";
import { viewerScript } from "./viewer.ts";

/** Window widths the reader picks from, in ms; the first second is shown first. */
const SPANS = [100, 250, 500, 1000, 2000, 5000, 10_000];
const DEFAULT_SPAN = 1000;

function outcomeKey(): string {
  return `<span class="key" style="--c:#2f9e6e">ok</span><span class="key" style="--c:#e0a028">info (indeterminate)</span><span class="key" style="--c:#c8423b">fail</span><span class="key part">partition</span>`;
}

function messages(d: ExploreData): string {
  const step = Math.max(1, Math.round(d.end / 2000));
  const options = SPANS.map((s) => `<option value="${s}"${s === DEFAULT_SPAN ? " selected" : ""}>${s >= 1000 ? `${s / 1000} s` : `${s} ms`}</option>`).join("");
  return `<section id="sequence"><h2>Messages</h2>
<div class="controls"><label>window start <input id="win-start" type="range" min="0" max="${Math.round(d.end)}" step="${step}" value="0"></label>
<label>width <select id="win-span">${options}</select></label>
<label><input id="show-clients" type="checkbox"> client messages</label></div>
<p class="note" id="win-caption">${d.m.length / 5} messages in the run.</p><div id="msg-legend" class="legend"></div>
<div id="diagram"></div>
<p class="note">Time runs down; each arrow is a message from its send to its delivery (dashed and grey: never delivered). Hover an arrow for its body, cut to 160 characters; net.json has every message.</p></section>`;
}

function operations(d: ExploreData): string {
  return `<section id="operations"><h2>Operations</h2><div class="legend">${outcomeKey()}</div>
<h3 class="plot">Latency of each operation, by when it was invoked</h3><div id="latency-raw"></div>
<h3 class="plot">Each worker's operations (${d.workers} workers), from invocation to completion</h3><div id="worker-rows"></div>
<p class="note">Hover a mark for the operation; click it to move the message window there. Info: the client timed out, so the operation may or may not have happened.</p></section>`;
}

function nodeLogs(logs: readonly string[]): string {
  if (logs.length === 0) return `<section id="node-logs"><h2>Node logs</h2><p class="note">This run kept no node logs.</p></section>`;
  const links = logs.map((n) => `<a href="node-logs/${encodeURIComponent(n)}.log">${esc(n)}</a>`).join(" ");
  return `<section id="node-logs"><h2>Node logs</h2><p class="links">${links}</p>
<p class="note">Each node's stderr as the run kept it; <code>scripts/simulate logs DIR</code> merges them in time order.</p></section>`;
}

/** The sections and, last, the data and the script that draws them. */
export function exploreSections(d: ExploreData, logs: readonly string[]): string {
  // Base64 has no "<", so the data cannot end its script element early.
  return [
    messages(d),
    operations(d),
    nodeLogs(logs),
    `<div id="tip" hidden></div><script type="application/octet-stream" id="run-data">${packExploreData(d)}</script><script>${viewerScript()}</script>`,
  ].join("\n");
}
