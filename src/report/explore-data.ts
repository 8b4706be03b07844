// The whole run, compact, for the report's in-page views: every message and operation as arrays of numbers over string tables, gzipped.
import { gzipSync } from "node:zlib";
import { z } from "zod";
import type { Op } from "../sim/checking/history.ts";
import { isClientId } from "../sim/world/ids.ts";
import type { RunFiles } from "../store/run-dir.ts";
import type { Interval } from "./data.ts";

/** Outcomes in the order the page colours them. */
export const OUTCOMES = ["ok", "info", "fail"] as const;

/** A read's values would dwarf everything else; the history keeps them in full. */
const VALUE_CHARS = 60;

/**
 * What the page's script reads. Times are ms since the workload began, to a tenth. `m` holds five
 * numbers per message (sent, delivered or -1 if never, src, dest, type) indexing `ids` and `types`;
 * `ops` six per completed operation (invoked, completed, worker, outcome, f, node).
 */
export interface ExploreData {
  end: number;
  ids: string[];
  /** The first `servers` of `ids` are servers, the rest clients. */
  servers: number;
  types: string[];
  m: number[];
  bodies: string[];
  fs: string[];
  ops: number[];
  /** Per operation: its value (cut) and error, as the history has them. */
  notes: string[];
  workers: number;
  partitions: Interval[];
}

const tenth = (ms: number): number => Math.round(ms * 10) / 10;

function table(): { list: string[]; at: (s: string) => number } {
  const list: string[] = [];
  const index = new Map<string, number>();
  return {
    list,
    at: (s) => {
      let i = index.get(s);
      if (i === undefined) {
        i = list.push(s) - 1;
        index.set(s, i);
      }
      return i;
    },
  };
}

const concurrencySchema = z.object({ concurrency: z.object({ count: z.number().int().positive(), perNode: z.boolean() }) });

/**
 * Jepsen's worker (thread) of a process is the process modulo the concurrency, which the run's
 * identity records; without it every process gets a row of its own.
 */
function workerCount(files: RunFiles): number | undefined {
  const identity = files.results.identity;
  const parsed = concurrencySchema.safeParse(identity?.options);
  if (!identity || !parsed.success) return undefined;
  const { count, perNode } = parsed.data.concurrency;
  return perNode ? count * identity["node-count"] : count;
}

/** The completion's value (a read's values), else the invocation's (the value a broadcast sent), and any error. */
function note(invoke: Op, done: Op): string {
  const v = done.value ?? invoke.value;
  const value = v === null || v === undefined ? "" : Array.isArray(v) && v.length > 8 ? `[${v.length} values]` : (JSON.stringify(v) ?? "");
  const cut = value.length > VALUE_CHARS ? `${value.slice(0, VALUE_CHARS - 1)}…` : value;
  return [cut, done.error].filter(Boolean).join(" · ");
}

function operations(files: RunFiles, t0: number, nodeAt: (id: string) => number): Pick<ExploreData, "fs" | "ops" | "notes" | "workers"> {
  const fs = table();
  const ops: number[] = [];
  const notes: string[] = [];
  const known = workerCount(files);
  const rows = table();
  const open = new Map<number, Op>();
  for (const op of files.history) {
    if (op.type === "invoke") {
      open.set(op.process, op);
      continue;
    }
    const invoke = open.get(op.process);
    if (!invoke) continue;
    open.delete(op.process);
    const worker = known === undefined ? rows.at(String(op.process)) : op.process % known;
    ops.push(tenth(invoke.time - t0), tenth(op.time - t0), worker, OUTCOMES.indexOf(op.type), fs.at(op.f), nodeAt(op.node));
    notes.push(note(invoke, op));
  }
  return { fs: fs.list, ops, notes, workers: known ?? rows.list.length };
}

export function exploreData(files: RunFiles, servers: readonly string[], t0: number, end: number, partitions: Interval[]): ExploreData {
  const ids = table();
  for (const s of servers) ids.at(s);
  const types = table();
  const m: number[] = [];
  const bodies: string[] = [];
  for (const [sent, delivered, src, dest, type, body] of files.net) {
    // Nodes' init happens before the workload; the page shows the workload onwards.
    if (sent < t0) continue;
    m.push(tenth(sent - t0), delivered === null ? -1 : tenth(delivered - t0), ids.at(src), ids.at(dest), types.at(type));
    bodies.push(body ?? "");
  }
  const opData = operations(files, t0, ids.at);
  const clientsLast = ids.list.every((id, i) => i < servers.length || isClientId(id));
  return { end, ids: ids.list, servers: clientsLast ? servers.length : ids.list.length, types: types.list, m, bodies, ...opData, partitions };
}

/**
 * Gzipped and base64'd: a 25-node 20 s run's messages take a tenth of their JSON's size, and the
 * browser's own DecompressionStream unpacks them without a library.
 */
export function packExploreData(data: ExploreData): string {
  return gzipSync(JSON.stringify(data), { level: 9 }).toString("base64");
}
