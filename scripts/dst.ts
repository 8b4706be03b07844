// scripts/dst: deterministic simulation testing — the node's core under thousands of seeded fault schedules, in virtual time.
import { Option } from "commander";
import { writeFileSync } from "node:fs";
import { profileNames, type ProfileName } from "../src/engine/config.ts";
import { integer, program, runCli } from "../src/cli/kit.ts";
import { optionalChecks, runSchedule, type OptionalCheck, type ScheduleOutcome } from "../src/sim/dst/run-schedule.ts";
import { defects, describeSchedule, gossipWorkloads, makeSchedule, type Defect, type GossipWorkload } from "../src/sim/dst/schedule.ts";

interface DstFlags {
  seeds: number;
  from: number;
  seed?: number;
  profile: ProfileName | "all";
  trace?: string | boolean;
  defect?: Defect;
  nodes?: number;
  workload: GossipWorkload | "all";
  check?: OptionalCheck[];
}

function replayCommand(o: ScheduleOutcome, defect: Defect | undefined, checks: readonly OptionalCheck[]): string {
  const nodes = o.schedule.test.nodeCount;
  const { seed, profile, workload } = o.schedule;
  return `scripts/dst --seed ${seed} --profile ${profile} --workload ${workload} --nodes ${nodes}${defect ? ` --defect ${defect}` : ""}${checks.length ? ` --check ${checks.join(" ")}` : ""} --trace`;
}

function main(): number {
  const flags = program("dst", "Deterministic simulation testing: the node's core under thousands of seeded fault schedules, in virtual time")
    .option("--seeds <n>", "how many schedules to run", integer(1), 1000)
    .option("--from <s>", "first seed", integer(0), 0)
    .option("--seed <s>", "replay exactly one schedule, with a message trace", integer(0))
    .addOption(new Option("--profile <name>", "the node's profile, or all (cycled by seed)").choices([...profileNames, "all"]).default("all"))
    .option("--nodes <n>", "fix the cluster size instead of drawing it", integer(1))
    .addOption(new Option("--workload <name>", "the clients' workload, or all (drawn by each schedule)").choices([...gossipWorkloads, "all"]).default("all"))
    .addOption(new Option("--check <property...>", "also check these properties, off by default: in-component (values reach their own component during a clean partition of 5 s or more)").choices(optionalChecks))
    .option("--trace [path]", "write the replayed schedule's message trace (to stdout, or to a file)")
    .addOption(new Option("--defect <name>", "run a deliberately broken core (for testing the simulator)").choices(defects).hideHelp())
    .parse(process.argv.slice(2), { from: "user" })
    .opts<DstFlags>();
  const { defect } = flags;
  const checks = flags.check ?? [];
  const workload = flags.workload === "all" ? undefined : flags.workload;
  const profileFor = (seed: number): ProfileName =>
    flags.profile === "all" ? (profileNames[seed % profileNames.length] as ProfileName) : flags.profile;

  if (flags.seed !== undefined) {
    const outcome = runSchedule(makeSchedule(flags.seed, profileFor(flags.seed), defect, flags.nodes, workload), { trace: flags.trace !== undefined, checks });
    if (outcome.trace) {
      const text = outcome.trace.join("\n") + "\n";
      if (typeof flags.trace === "string") writeFileSync(flags.trace, text);
      else process.stdout.write(text);
    }
    report([outcome], defect, checks, 0);
    return outcome.failures.length ? 1 : 0;
  }

  const started = performance.now();
  const outcomes: ScheduleOutcome[] = [];
  const tty = process.stderr.isTTY;
  for (let i = 0; i < flags.seeds; i++) {
    const seed = flags.from + i;
    outcomes.push(runSchedule(makeSchedule(seed, profileFor(seed), defect, flags.nodes, workload), { checks }));
    if (tty && (i % 25 === 0 || i === flags.seeds - 1)) {
      const failed = outcomes.filter((o) => o.failures.length).length;
      process.stderr.write(`\r\x1b[K${i + 1}/${flags.seeds} schedules, ${failed} failed`);
    }
  }
  if (tty) process.stderr.write("\r\x1b[K");
  report(outcomes, defect, checks, performance.now() - started);
  return outcomes.some((o) => o.failures.length) ? 1 : 0;
}

function report(outcomes: readonly ScheduleOutcome[], defect: Defect | undefined, checks: readonly OptionalCheck[], realMs: number): void {
  const failed = outcomes.filter((o) => o.failures.length);
  const virtualS = outcomes.reduce((sum, o) => sum + o.simulated, 0) / 1000;
  const converged = outcomes.map((o) => o.convergence).filter((c): c is number => c !== undefined).sort((a, b) => a - b);
  const lines: string[] = [];
  for (const o of failed.slice(0, 20)) {
    lines.push(`FAIL seed ${o.schedule.seed} (${o.schedule.profile}; ${describeSchedule(o.schedule)})`);
    for (const f of o.failures) lines.push(`  ${f}`);
    lines.push(`  replay: ${replayCommand(o, defect, checks)}`);
  }
  if (failed.length > 20) lines.push(`… and ${failed.length - 20} more failing seeds`);
  lines.push(
    `schedules ${outcomes.length}, failed ${failed.length}, virtual time ${virtualS.toFixed(0)} s` +
      (realMs ? `, real time ${(realMs / 1000).toFixed(1)} s (${((outcomes.length / realMs) * 1000).toFixed(0)} schedules/s)` : ""),
  );
  if (converged.length) {
    // The upper middle for an even count, as every published figure so far was taken.
    lines.push(`convergence after the final heal: median ${converged[Math.floor(converged.length / 2)]?.toFixed(0)} ms, max ${converged.at(-1)?.toFixed(0)} ms`);
  }
  process.stdout.write(lines.join("\n") + "\n");
}

await runCli("dst", main);
