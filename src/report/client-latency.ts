// The report's table of client-visible latency: per operation, quantiles of the time from invocation to an ok reply.
import type { OpLatencies, StableLatencies } from "../sim/checking/results.ts";
import { esc } from "./svg.ts";

const QUANTILES: [keyof StableLatencies, string][] = [["0", "min"], ["0.5", "p50"], ["0.95", "p95"], ["0.99", "p99"], ["1", "max"]];

/** Empty when the results carry no latencies (results read from Maelstrom's). */
export function clientLatencySection(latencies: OpLatencies | undefined): string {
  const byF = Object.entries(latencies ?? {});
  if (!byF.length) return "";
  const head = QUANTILES.map(([, name]) => `<th>${name}</th>`).join("");
  const rows = byF
    .map(([f, q]) => `<tr data-client-latency="${esc(f)}"><td style="text-align:left">${esc(f)}</td>${QUANTILES.map(([k]) => `<td>${q[k]}</td>`).join("")}</tr>`)
    .join("");
  return `<section id="client-latency"><h2>Client latency</h2>
<table class="narrow"><thead><tr><th style="text-align:left">op (ok only)</th>${head}</tr></thead><tbody>${rows}</tbody></table>
<p class="note">Milliseconds from each op's invocation to its ok reply, as the client saw it.</p></section>`;
}
