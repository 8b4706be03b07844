// Renders the pages from runs the store reads: report.html in a run's directory, or one comparison page.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { readRun, writeReport, type RunSource } from "../store/run-dir.ts";
import { renderCompare } from "./compare.ts";
import { buildReportData, type ReportOptions } from "./data.ts";
import { renderReport } from "./render.ts";

export function writeRunReport(dir: string, options: ReportOptions = {}): string {
  return writeReport(dir, renderReport(buildReportData(readRun(dir), options)));
}

/**
 * Run directories are named by timestamp, which can repeat across stores: when names collide,
 * every label takes as many trailing path components as it needs to be told apart.
 */
function labels(sources: readonly RunSource[]): string[] {
  const parts = sources.map((s) => resolve(s.dir).split(sep).filter(Boolean));
  const deepest = Math.max(1, ...parts.map((p) => p.length));
  for (let depth = 1; depth < deepest; depth++) {
    const named = parts.map((p) => p.slice(-depth).join("/"));
    if (new Set(named).size === named.length) return named;
  }
  return parts.map((p, i) => `${p.join("/")} #${i + 1}`);
}

/** A run by what tells it apart: its node, preset and seed, when results.json records them. */
function runName(source: RunSource): string | undefined {
  const { identity, preset } = source.files.results;
  if (!identity) return undefined;
  const bin = identity.bin.path.split(sep).at(-1) ?? identity.bin.path;
  return [bin, ...identity.bin.args, preset ? `preset ${preset.name}` : undefined, `seed ${identity.seed}`].filter(Boolean).join(" ");
}

/** `paths` are run directories or their results.json files; `out` is anywhere the user asks. */
export function writeCompareReport(paths: readonly string[], out: string): string {
  const sources = paths.map(readRun);
  const names = labels(sources);
  const runs = sources.map((s, i) => buildReportData(s, { label: [runName(s), names[i] ?? s.label].filter(Boolean).join(" · ") }));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, renderCompare(runs));
  return out;
}
