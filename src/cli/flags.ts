import { CommanderError } from "commander";
import { latencyDists, type LatencyDist } from "../sim/world/latency.ts";
import { topologyNames, type TopologyName } from "../sim/world/topology.ts";

/** A command-line mistake: the CLIs print it and exit with code 2. */
export class UsageError extends Error {}

/** The commander error code of a flag that failed its parser. */
export const BAD_FLAG = "flags.usage";

/** Adapts a flag parser for commander: a bad value ends parsing with exit code 2 and its message. */
export function flag<T>(parse: (raw: string) => T): (raw: string) => T {
  return (raw) => {
    try {
      return parse(raw);
    } catch (err) {
      throw new CommanderError(2, BAD_FLAG, (err as Error).message);
    }
  };
}

export function integer(name: string, min: number): (raw: string) => number {
  return (raw) => {
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${name} must be an integer >= ${min}, got "${raw}"`);
    return n;
  };
}

export function positiveNumber(name: string, allowZero = false): (raw: string) => number {
  return (raw) => {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) {
      throw new UsageError(`${name} must be a number ${allowZero ? ">= 0" : "> 0"}, got "${raw}"`);
    }
    return n;
  };
}

export function oneOf<T extends string>(name: string, values: readonly T[]): (raw: string) => T {
  return (raw) => {
    if (!(values as readonly string[]).includes(raw)) throw new UsageError(`${name} must be one of ${values.join(", ")}, got "${raw}"`);
    return raw as T;
  };
}

export const parseLatencyDist = oneOf<LatencyDist>("--latency-dist", latencyDists);
export const parseTopology = oneOf<TopologyName>("--topology", topologyNames);

/** Maelstrom's `--concurrency`: a count, or `Kn` for K times the node count. */
export function parseConcurrency(raw: string, nodeCount: number): number {
  const m = /^(\d+)(n?)$/.exec(raw.trim());
  if (!m) throw new UsageError(`--concurrency must be a count or Kn (K times the node count), got "${raw}"`);
  const k = Number(m[1]);
  const n = m[2] ? k * nodeCount : k;
  if (n < 1) throw new UsageError(`--concurrency must be at least 1, got "${raw}"`);
  return n;
}

/** Maelstrom's `--nemesis`: a comma-separated list of which only `partition` exists for broadcast. */
export function parseNemesis(raw: string): boolean {
  const faults = raw.split(",").map((f) => f.trim()).filter(Boolean);
  for (const f of faults) if (f !== "partition") throw new UsageError(`--nemesis supports only "partition", got "${f}"`);
  return faults.length > 0;
}
