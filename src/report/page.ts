// The HTML shell both report pages share.
/**
 * The HTML shell both pages share: one file with its own CSS and at most an inline script, no
 * external resources, so it opens from disk, offline, anywhere.
 */
import type { Validity } from "../sim/checking/results.ts";
import { esc } from "./svg.ts";

const CSS = `
:root{--ink:#1d2330;--muted:#5b6475;--line:#e3e6eb;--bg:#f5f6f8;--ok:#1f8a4c;--bad:#c43d32;--warn:#b7791f;--accent:#3b6fb6}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:24px 24px 48px}
header{display:flex;align-items:center;gap:16px;flex-wrap:wrap;margin-bottom:4px}
h1{font-size:22px;margin:0;font-weight:650}
h2{font-size:16px;margin:0 0 10px;font-weight:620}
.sub{color:var(--muted);margin:0 0 18px;font-size:13px}
.badge{display:inline-block;padding:3px 10px;border-radius:999px;font-weight:700;font-size:12px;letter-spacing:.04em;color:#fff}
.badge.ok{background:var(--ok)}.badge.bad{background:var(--bad)}.badge.warn{background:var(--warn)}
section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:16px 0;box-shadow:0 1px 2px rgba(20,30,50,.04)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(128px,1fr));gap:10px}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 10px;background:#fbfcfd}
.card .k{color:var(--muted);font-size:11.5px;text-transform:uppercase;letter-spacing:.04em}
.card .v{font-size:20px;font-weight:650;font-variant-numeric:tabular-nums;margin-top:2px}
.card .v small{font-size:12px;font-weight:500;color:var(--muted);margin-left:2px}
.card.bad .v{color:var(--bad)}.card.ok .v{color:var(--ok)}.card.warn .v{color:var(--warn)}
.group{margin-top:12px}.group h3{font-size:12px;color:var(--muted);margin:0 0 6px;font-weight:600;text-transform:uppercase;letter-spacing:.05em}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{text-align:right;padding:5px 10px;border-bottom:1px solid var(--line);white-space:nowrap}
th{font-size:12px;color:var(--muted);font-weight:600}
th:first-child,td:first-child{text-align:left}
table.narrow{width:auto;min-width:560px}
td.pass{color:var(--ok);font-weight:700}td.fail{color:var(--bad);font-weight:700}
.two{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,1fr);gap:16px;align-items:start}
@media (max-width:900px){.two{grid-template-columns:1fr}}
.note{color:var(--muted);font-size:12.5px;margin:6px 0 0}
.errors{color:var(--bad);margin:8px 0 0;padding-left:18px}
.values{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;word-break:break-word}
.bar{display:inline-block;height:9px;border-radius:2px;background:#f0a35e;vertical-align:middle;margin-right:6px}
ol.parts{margin:6px 0 0;padding-left:22px;color:var(--muted);font-size:12.5px;columns:2}
svg.chart{width:100%;height:auto;display:block}
svg.chart text{font-size:11px;fill:#4a5263}
svg.chart .title{font-size:12px;fill:#2b3240;font-weight:600}
svg.chart .grid line{stroke:#edf0f3}
svg.chart .axis line{stroke:#98a0ad}
svg.chart .part{fill:#f6b26b;fill-opacity:.22;stroke:#e69138;stroke-opacity:.5}
svg.chart .partlabel{font-size:10.5px;fill:#9c5a12;font-weight:600}
svg.chart .life{stroke:#c5cbd4;stroke-dasharray:2 3}
svg.chart .node{font-weight:650;fill:#2b3240}
svg.chart .msg line{stroke-width:1.4;pointer-events:none}
svg.chart .msg line.hit{stroke:transparent;stroke-width:7;pointer-events:stroke}
svg.chart .msg:hover line:not(.hit),svg.chart .mark:hover,svg.chart .op:hover{stroke:#1d2330;stroke-width:2.5}
svg.chart .op,svg.chart .mark{cursor:pointer}
.controls{display:flex;gap:18px;align-items:center;flex-wrap:wrap;font-size:13px}
.controls input[type=range]{width:420px;vertical-align:middle}
.legend{margin:6px 0;font-size:12px;color:var(--muted)}
.key{margin-right:14px;white-space:nowrap}.key::before{content:"";display:inline-block;width:11px;height:11px;border-radius:2px;background:var(--c);margin-right:5px;vertical-align:-1px}
.key.part::before{background:#f6b26b;opacity:.5;border:1px solid #e69138}
h3.plot{font-size:13px;font-weight:600;margin:14px 0 2px}
.links a{margin-right:10px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
#tip{position:absolute;z-index:10;max-width:420px;background:#1d2330;color:#fff;font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:6px 8px;border-radius:6px;white-space:pre-wrap;word-break:break-all;pointer-events:none}
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><main>
${body}
</main></body></html>
`;
}

export function validityBadge(valid: Validity): string {
  const [cls, text] = valid === true ? ["ok", "VALID"] : valid === false ? ["bad", "INVALID"] : ["warn", "UNKNOWN"];
  return `<span class="badge ${cls}">${text}</span>`;
}

/** Integers as they are; fractions to two places, as the bench's summary prints them. */
export function formatNumber(v: number | undefined): string {
  if (v === undefined) return "–";
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/**
 * One figure: `data-metric` names it and `data-value` carries the exact value from
 * results.json, so a test reads the page's numbers without parsing their formatting.
 */
export function dataAttrs(metric: string, value: number | string | boolean | undefined): string {
  return `data-metric="${esc(metric)}" data-value="${value === undefined ? "" : esc(String(value))}"`;
}

export function card(metric: string, label: string, value: number | string | boolean | undefined, shown: string, cls = ""): string {
  return `<div class="card ${cls}"><div class="k">${esc(label)}</div><div class="v" ${dataAttrs(metric, value)}>${shown}</div></div>`;
}
