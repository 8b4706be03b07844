// What the runtime benchmarks share: the result row, progress lines and the child-process helpers.
import type { ChildProcess } from "node:child_process";
import { median } from "../../report/median.ts";

export interface Row {
  measurement: string;
  node: string;
  baseline: string;
  ratio: number;
  goal: string;
  /** Undefined for a figure with no goal, reported for context. */
  met: boolean | undefined;
}

/** What every measurement needs to know: the node under test and how often to repeat. */
export interface Bench {
  /** The node executable under test. */
  nodeBin: string;
  /** scripts/simulate, for the memory measurement's 3d runs. */
  simulateBin: string;
  runs: number;
}

/** "median [every run]", for the progress lines. */
export function series(xs: readonly number[], show: (x: number) => string): string {
  return `${show(median(xs))} [${xs.map(show).join(", ")}]`;
}

export function fmt(x: number): string {
  return x.toLocaleString("en-US", { maximumFractionDigits: 0 });
}

export function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** The node logs on stderr; kept (the end of it) only to explain a failure. */
export function collectStderr(child: ChildProcess): () => string {
  let text = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-8192);
  });
  return () => text;
}
