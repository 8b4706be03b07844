// The summary section for workloads not judged by set-full: counters' final reads against the acceptable sums, echo's errors, unique-ids' duplicates.
import type { CounterResult } from "../sim/checking/acceptable.ts";
import type { EchoResult } from "../sim/checking/echo.ts";
import type { ResultsOf, WorkloadResult } from "../sim/checking/results.ts";
import type { UniqueIdsResult } from "../sim/checking/unique-ids.ts";
import type { AnyResults } from "../sim/workloads/index.ts";
import { card, formatNumber } from "./page.ts";
import { esc } from "./svg.ts";

const MAX_ROWS = 50;

function costCards(r: ResultsOf<WorkloadResult>): string[] {
  return [
    card("op-count", "operations", r.stats.count, String(r.stats.count)),
    card("ok-fraction", "ops ok", r.availability["ok-fraction"], `${formatNumber(r.availability["ok-fraction"] * 100)}%`, r.availability.valid ? "" : "bad"),
    card("msgs-per-op-servers", "msgs/op servers", r.net.servers["msgs-per-op"], formatNumber(r.net.servers["msgs-per-op"])),
    card("msgs-per-op-all", "msgs/op all", r.net.all["msgs-per-op"], formatNumber(r.net.all["msgs-per-op"])),
    card("msg-count-servers", "server msgs", r.net.servers["msg-count"], String(r.net.servers["msg-count"])),
  ];
}

const range = ([lower, upper]: readonly [number, number]): string => (lower === upper ? String(lower) : `${lower} … ${upper}`);

function counter(w: CounterResult): { cards: string[]; detail: string } {
  const inside = (v: number): boolean => w.acceptable.some(([lower, upper]) => lower <= v && v <= upper);
  const rows = w["final-reads"]
    .map((v) => `<tr data-final-read="${v}" data-acceptable="${inside(v)}"><td>${v}</td><td class="${inside(v) ? "pass" : "fail"}">${inside(v) ? "acceptable" : "outside"}</td></tr>`)
    .join("");
  const ranges = w.acceptable.map((r) => `<span class="values" data-range="${r[0]},${r[1]}">${esc(range(r))}</span>`).join(", ");
  return {
    cards: [card("final-read-count", "final reads", w["final-reads"].length, String(w["final-reads"].length)), card("error-count", "outside", w.errors?.length ?? 0, String(w.errors?.length ?? 0), w.errors ? "bad" : "")],
    detail: `<div id="final-reads"><h3>Final reads against the acceptable sums</h3>
<p class="note">Acceptable: ${ranges} (the ok adds' sum plus any subset of the indeterminate ones).</p>
<table class="narrow"><thead><tr><th>final read</th><th>verdict</th></tr></thead><tbody>${rows}</tbody></table></div>`,
  };
}

function echo(w: EchoResult): { cards: string[]; detail: string } {
  const rows = w.errors
    .slice(0, MAX_ROWS)
    .map((e) => `<tr><td>${esc(JSON.stringify(e.expected))}</td><td>${esc(e.type)}</td><td style="text-align:left">${esc(e.error ?? JSON.stringify(e.received))}</td></tr>`)
    .join("");
  const detail = w.errors.length
    ? `<table id="echo-errors"><thead><tr><th>sent</th><th>completed</th><th style="text-align:left">why not echoed</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p class="note">Every echo came back with what it sent.</p>`;
  return { cards: [card("error-count", "not echoed", w.errors.length, String(w.errors.length), w.errors.length ? "bad" : "")], detail };
}

function uniqueIds(w: UniqueIdsResult): { cards: string[]; detail: string } {
  const rows = w.duplicated.map(([id, n]) => `<tr><td>${esc(JSON.stringify(id))}</td><td>${n}</td></tr>`).join("");
  const detail = w["duplicated-count"]
    ? `<table id="duplicates" class="narrow"><thead><tr><th>id</th><th>times returned</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p class="note">Every acknowledged id is distinct${w.range ? `; from ${esc(JSON.stringify(w.range[0]))} to ${esc(JSON.stringify(w.range[1]))}` : ""}.</p>`;
  return {
    cards: [
      card("acknowledged-count", "ids", w["acknowledged-count"], String(w["acknowledged-count"])),
      card("duplicated-count", "duplicated", w["duplicated-count"], String(w["duplicated-count"]), w["duplicated-count"] ? "bad" : ""),
    ],
    detail,
  };
}

function own(r: AnyResults): { cards: string[]; detail: string } {
  switch (r["workload-name"]) {
    case "g-counter":
    case "pn-counter":
      return counter(r.workload);
    case "echo":
      return echo(r.workload);
    case "unique-ids":
      return uniqueIds(r.workload);
    default:
      return { cards: [], detail: "" };
  }
}

export function workloadSummary(r: AnyResults): string {
  const { cards, detail } = own(r);
  const valid = card("valid", "valid", r.valid, esc(String(r.valid)), r.valid === true ? "ok" : r.valid === false ? "bad" : "warn");
  const errors = r["node-errors"]?.length ? `<ul class="errors">${r["node-errors"].map((e) => `<li>${esc(e)}</li>`).join("")}</ul>` : "";
  return `<section id="summary"><h2>Summary</h2>
<div class="group"><h3>Correctness</h3><div class="cards">${[valid, ...cards].join("")}</div></div>
<div class="group"><h3>Cost</h3><div class="cards">${costCards(r).join("")}</div></div>${detail}${errors}</section>`;
}
