// Who ran what, where: the identity results.json records so that a run can be told apart and run again.
import { createHash } from "node:crypto";
import { readFileSync, realpathSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import pkg from "../../package.json" with { type: "json" };
import type { Identity } from "../sim/checking/record.ts";

/** sha256 of the file a node binary resolves to (through symlinks): two runs of one hash ran the same node. */
export function binHash(bin: string): { resolved: string; sha256: string } {
  const resolved = realpathSync(bin);
  return { resolved, sha256: createHash("sha256").update(readFileSync(resolved)).digest("hex") };
}

export function runIdentity(input: {
  options: Record<string, unknown>;
  seed: number;
  bin: string;
  args: readonly string[];
  nodeCount: number;
  startedAt: Date;
}): Identity {
  return {
    "bench-version": pkg.version,
    command: process.argv.slice(1),
    options: input.options,
    seed: input.seed,
    bin: { path: input.bin, ...binHash(input.bin), args: [...input.args] },
    "node-count": input.nodeCount,
    "started-at": input.startedAt.toISOString(),
    machine: { cores: availableParallelism(), "load-average": loadavg().map((l) => Math.round(l * 100) / 100), platform: process.platform, node: process.version },
  };
}
