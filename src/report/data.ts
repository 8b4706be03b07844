// Aggregates a run's files into what the report draws.
/**
 * Turns a run's files (results, history, partitions, net records), as the store reads them, into
 * the aggregates the report draws. Everything is reduced here, so that the page's size depends on the
 * chart resolution rather than on the run's length or message count.
 */
import { elementOutcomes } from "../sim/checking/set-full.ts";
import type { Op } from "../sim/checking/history.ts";
import type { PartitionEvent } from "../sim/world/nemesis.ts";
import { setFullResults, type AnyResults } from "../sim/workloads/index.ts";
import { isClientId } from "../sim/world/ids.ts";
import type { RunFiles, RunSource } from "../store/run-dir.ts";

/** A stretch of the run, in ms since the workload began. */
export interface Interval {
  from: number;
  to: number;
  description: string;
}

export interface OpSeries {
  /** `<f> ok` per operation name (e.g. "broadcast ok", "read ok"), then "fail" and "info". */
  name: string;
  counts: number[];
}

export interface Timeline {
  bucketMs: number;
  /** ms since the workload began at which the last bucket ends. */
  end: number;
  /** Completed operations per bucket, by outcome. */
  ops: OpSeries[];
  /** Server-to-server messages sent per bucket. */
  serverMsgs: number[];
  /** Of those, the ones never delivered. */
  droppedMsgs: number[];
  partitions: Interval[];
}

export interface NodeTraffic {
  node: string;
  sentToServers: number;
  recvFromServers: number;
  sentToClients: number;
  recvFromClients: number;
  /** Server-to-server messages this node sent that never arrived. */
  dropped: number;
}

export interface StaleValue {
  value: string;
  latency: number;
}

export interface Arrow {
  /** ms since the workload began. */
  sent: number;
  delivered: number | null;
  src: number;
  dest: number;
  type: string;
}

export interface Sequence {
  nodes: string[];
  arrows: Arrow[];
  /** Node-to-node messages sent within the window, drawn or not. */
  inWindow: number;
  from: number;
  to: number;
}

export interface ReportData {
  label: string;
  /** One line describing the run's options, when the caller knows them. */
  subtitle?: string;
  results: AnyResults;
  /** Every stable value's latency (ms), ascending; empty for a workload not judged by set-full. */
  latencies: number[];
  timeline: Timeline;
  traffic: NodeTraffic[];
  worstStale: StaleValue[];
  sequence: Sequence;
}

export interface ReportOptions {
  label?: string;
  subtitle?: string;
}

/**
 * At most this many buckets over a run: fine enough to see a partition, coarse enough to stay small;
 * below 100 ms a bucket holds too few ops at usual rates and the lines only show noise.
 */
const TARGET_BUCKETS = 100;
const BUCKET_SIZES = [100, 200, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000];
/** Beyond this many nodes the diagram shows only the workload's first seconds. */
const SEQUENCE_ALL_NODES = 10;
const SEQUENCE_WINDOW_MS = 2000;
/** Past this the diagram is unreadable and heavy; the caption says how many were left out. */
const MAX_ARROWS = 240;
const WORST_STALE = 12;

/** n2 before n10: numeric suffixes compare as numbers. */
function compareIds(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

function bucketSize(spanMs: number): number {
  return BUCKET_SIZES.find((size) => spanMs / size <= TARGET_BUCKETS) ?? (BUCKET_SIZES.at(-1) as number);
}

/** Pairs each start-partition with the next stop; one still open at the end lasts to `end`. */
function partitionIntervals(events: readonly PartitionEvent[], t0: number, end: number): Interval[] {
  const out: Interval[] = [];
  let open: PartitionEvent | undefined;
  for (const e of events) {
    if (e.f === "start-partition") open = e;
    else if (open) {
      out.push({ from: open.time - t0, to: e.time - t0, description: open.description ?? "partition" });
      open = undefined;
    }
  }
  if (open) out.push({ from: open.time - t0, to: end, description: open.description ?? "partition" });
  return out;
}

function opSeriesName(op: Op): string {
  if (op.type === "ok") return `${op.f} ok`;
  return op.type === "fail" ? "fail" : "info";
}

function timeline(files: RunFiles, t0: number): Timeline {
  const lastOp = files.history.at(-1)?.time ?? t0;
  const lastEvent = files.partitions.at(-1)?.time ?? t0;
  const span = Math.max(lastOp, lastEvent) - t0;
  const bucketMs = bucketSize(Math.max(span, 1));
  const n = Math.max(1, Math.ceil(span / bucketMs));
  const bucket = (time: number): number => Math.floor((time - t0) / bucketMs);
  const inRange = (b: number): boolean => b >= 0 && b < n;
  const names = [...new Set(files.history.map((op) => `${op.f} ok`)), "fail", "info"];
  const ops = names.map((name) => ({ name, counts: new Array<number>(n).fill(0) }));
  for (const op of files.history) {
    if (op.type === "invoke") continue;
    // The final op can sit exactly on the span's end; it belongs to the last bucket.
    const b = Math.min(bucket(op.time), n - 1);
    const series = ops.find((s) => s.name === opSeriesName(op));
    if (series && b >= 0) series.counts[b] = (series.counts[b] ?? 0) + 1;
  }
  const serverMsgs = new Array<number>(n).fill(0);
  const droppedMsgs = new Array<number>(n).fill(0);
  for (const [sent, delivered, src, dest] of files.net) {
    if (isClientId(src) || isClientId(dest)) continue;
    const b = bucket(sent);
    if (!inRange(b)) continue;
    serverMsgs[b] = (serverMsgs[b] ?? 0) + 1;
    if (delivered === null) droppedMsgs[b] = (droppedMsgs[b] ?? 0) + 1;
  }
  return {
    bucketMs,
    end: n * bucketMs,
    ops: ops.filter((s) => s.name.endsWith("ok") || s.counts.some((c) => c > 0)),
    serverMsgs,
    droppedMsgs,
    partitions: partitionIntervals(files.partitions, t0, span),
  };
}

function nodesOf(files: RunFiles): string[] {
  const ids = new Set<string>();
  for (const op of files.history) ids.add(op.node);
  for (const [, , src, dest] of files.net) {
    if (!isClientId(src)) ids.add(src);
    if (!isClientId(dest)) ids.add(dest);
  }
  return [...ids].sort(compareIds);
}

function traffic(files: RunFiles, nodes: readonly string[]): NodeTraffic[] {
  const rows = new Map(
    nodes.map((node) => [node, { node, sentToServers: 0, recvFromServers: 0, sentToClients: 0, recvFromClients: 0, dropped: 0 }]),
  );
  for (const [, delivered, src, dest] of files.net) {
    const from = rows.get(src);
    const to = rows.get(dest);
    if (from) {
      if (to) from.sentToServers++;
      else from.sentToClients++;
      if (to && delivered === null) from.dropped++;
    }
    if (to && delivered !== null) {
      if (from) to.recvFromServers++;
      else to.recvFromClients++;
    }
  }
  return [...rows.values()];
}

function sequence(files: RunFiles, nodes: readonly string[], t0: number): Sequence {
  const index = new Map(nodes.map((n, i) => [n, i]));
  const lastOp = (files.history.at(-1)?.time ?? t0) - t0;
  const to = nodes.length <= SEQUENCE_ALL_NODES ? lastOp : Math.min(lastOp, SEQUENCE_WINDOW_MS);
  const arrows: Arrow[] = [];
  let inWindow = 0;
  for (const [sent, delivered, src, dest, type] of files.net) {
    const s = index.get(src);
    const d = index.get(dest);
    const at = sent - t0;
    if (s === undefined || d === undefined || at < 0 || at > to) continue;
    inWindow++;
    if (arrows.length < MAX_ARROWS) arrows.push({ sent: at, delivered: delivered === null ? null : delivered - t0, src: s, dest: d, type });
  }
  return { nodes: [...nodes], arrows, inWindow, from: 0, to };
}

export function buildReportData(source: RunSource, options: ReportOptions = {}): ReportData {
  const { files } = source;
  // History times start with the workload's first op; the other files share that clock.
  const t0 = files.history[0]?.time ?? 0;
  const setFull = setFullResults(files.results);
  const outcomes = setFull ? elementOutcomes(files.history, setFull["workload-name"] === "g-set" ? "add" : "broadcast") : [];
  const stable = outcomes.flatMap((o) => (o.outcome === "stable" ? [{ value: String(o.element), latency: o.stableLatency }] : []));
  const nodes = nodesOf(files);
  return {
    label: options.label ?? source.label,
    ...(options.subtitle !== undefined && { subtitle: options.subtitle }),
    results: files.results,
    latencies: stable.map((s) => s.latency).sort((a, b) => a - b),
    timeline: timeline(files, t0),
    traffic: traffic(files, nodes),
    worstStale: stable
      .filter((s) => s.latency > 0)
      .sort((a, b) => b.latency - a.latency)
      .slice(0, WORST_STALE),
    sequence: sequence(files, nodes, t0),
  };
}
