// scripts/bench-scale: the broadcast node from 25 to 1,000 nodes in virtual time — messages, the busiest node's load, delivery latency, and how long the simulator takes.
import { Option } from "commander";
import { profileNames, profiles, type ProfileName } from "../src/engine/config.ts";
import { measureScale } from "../src/benchmarks/scale.ts";
import { integer, program, runCli, UsageError } from "../src/cli/kit.ts";

/** The star as the engine builds it (two levels above FLAT_STAR_MAX_NODES), or one flat star at any size. */
const overlays = { "two-level": {}, flat: { flatStarMaxNodes: Number.POSITIVE_INFINITY } } as const;
type OverlayName = keyof typeof overlays;

interface ScaleFlags {
  nodes: string;
  profile: ProfileName[];
  overlay: OverlayName[];
  latency: number;
  timeLimit: number;
  seed: number;
  hubCut?: boolean;
}

/** `100` is a total rate; `4n` is 4 operations per second per node. */
function rateFor(raw: string, nodes: number): number {
  const m = /^(\d+)(n?)$/.exec(raw);
  if (!m) throw new UsageError(`--rates: "${raw}" is neither a rate nor Kn (K per node)`);
  return Number(m[1]) * (m[2] ? nodes : 1);
}

function counts(raw: string): number[] {
  const out = raw.split(",").map((s) => Number(s.trim()));
  if (out.some((n) => !Number.isInteger(n) || n < 1)) throw new UsageError(`--nodes: expected comma-separated counts, got "${raw}"`);
  return out;
}

function main(): number {
  const flags = program("bench-scale", "the broadcast node at 25 to 1,000 nodes in virtual time: msgs/op, the busiest node's sends/s, delivery latency, simulator run time")
    .option("--nodes <list>", "cluster sizes", "25,100,300,1000")
    .option("--rates <list>", "client rates: a total, or Kn for K per node", "100,4n")
    .addOption(new Option("--profile <name...>", "the node's profiles to compare (default: the flat star)").choices(profileNames).default(["default"]))
    .addOption(new Option("--overlay <name...>", "the star as the engine builds it, or flat at any size (flatStarMaxNodes: Infinity)").choices(Object.keys(overlays)).default(["two-level"]))
    .option("--latency <ms>", "server-to-server latency", integer(0), 100)
    .option("--time-limit <s>", "seconds of workload", integer(1), 20)
    .option("--seed <n>", "the run's seed", integer(0), 1)
    .option("--hub-cut", "instead: 25 nodes at 100/s, the hub n0 (then a leaf, n1, then no node) cut off from 5 s to 15 s of 20 (latency --latency, seed --seed), how soon the others see each other's values, and where that delay goes")
    .parse()
    .opts<ScaleFlags & { rates: string }>();
  if (flags.hubCut) return hubCut(flags);
  const sizes = counts(flags.nodes);
  const rates = flags.rates.split(",").map((r) => r.trim());
  for (const n of sizes) for (const r of rates) rateFor(r, n);
  const lines = [
    "| profile | overlay | nodes | rate | msgs/op | max node sends/s | median | p99 | max | valid | simulator CPU time | wall time | peak RSS |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|",
  ];
  for (const name of flags.profile) {
    for (const overlay of flags.overlay) {
      for (const nodes of sizes) {
        for (const rate of [...new Set(rates.map((raw) => rateFor(raw, nodes)))]) {
          const config = { ...profiles[name], ...overlays[overlay] };
          const f = measureScale({ config, nodes, rate, latency: flags.latency, timeLimit: flags.timeLimit, seed: flags.seed });
          const l = f.latency;
          const ms = (x: number | undefined): string => (x === undefined ? "—" : `${Math.round(x)} ms`);
          // The process's peak so far: the run's own when it is the first or the largest.
          const rss = `${(process.resourceUsage().maxRSS / 2 ** 20).toFixed(1)} GB`;
          lines.push(
            `| ${name} | ${overlay} | ${nodes} | ${rate} | ${f.msgsPerOp.toFixed(2)} | ${Math.round(f.maxSendsPerSecond)} | ${ms(l?.median)} | ${ms(l?.p99)} | ${ms(l?.max)} | ${f.valid ? "yes" : "no"} | ${(f.cpuMs / 1000).toFixed(1)} s | ${(f.runMs / 1000).toFixed(1)} s | ${rss} |`,
          );
          process.stderr.write(`${lines.at(-1) ?? ""}\n`);
        }
      }
    }
  }
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}

const CUT = { nodes: 25, rate: 100, timeLimit: 20, from: 5, until: 15 };

/**
 * The isolation figures for the hub and for one leaf, per profile, on one seed, and the same
 * window of the same seed without a cut; each p99 broken down into delivery to the observing
 * node's log and the wait for that node's next read, and split at the cut's first second.
 */
function hubCut(flags: ScaleFlags): number {
  const lines = [
    "| profile | cut off | msgs/op | visibility median | p95 | p99 | max | unseen before heal | valid | delivery p99 | unread p99 | p99, first second | p99, later |",
    "|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|",
  ];
  const ms = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? "—" : `${Math.round(x)} ms`);
  for (const name of flags.profile) {
    for (const node of ["n0", "n1", undefined]) {
      const span = { from: CUT.from, until: CUT.until };
      const f = measureScale({ config: profiles[name], nodes: CUT.nodes, rate: CUT.rate, latency: flags.latency, timeLimit: CUT.timeLimit, seed: flags.seed, breakDown: span, ...(node && { isolate: { node, ...span } }) });
      const b = f.breakdown;
      const v = f.visibility;
      const l = v?.latencies;
      const role = node === undefined ? "none" : node === "n0" ? "hub n0" : "leaf n1";
      const seen = v ? `${v["unseen-count"]} of ${v["seen-count"] + v["unseen-count"]}` : "—";
      // Without a cut the checker has no window: the breakdown's own quantiles stand in, over the same pairs.
      const q = node === undefined ? b && { "0.5": b.median, "0.95": b.p95, "0.99": b.p99, "1": b.max } : l;
      const front = `| ${name} | ${role} | ${f.msgsPerOp.toFixed(2)} | ${ms(q?.["0.5"])} | ${ms(q?.["0.95"])} | ${ms(q?.["0.99"])} | ${ms(q?.["1"])} | ${node === undefined ? `— of ${b?.pairs ?? 0}` : seen} |`;
      lines.push(`${front} ${f.valid ? "yes" : "no"} | ${ms(b?.deliveryP99)} | ${ms(b?.waitP99)} | ${ms(b?.firstP99)} | ${ms(b?.restP99)} |`);
    }
  }
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}

await runCli("bench-scale", main);
