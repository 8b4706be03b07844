// scripts/dst: deterministic simulation testing — the node's core, or any node module's, under thousands of seeded fault schedules, in virtual time.
import { Option, type Command } from "commander";
import { writeFileSync } from "node:fs";
import { profileNames, type ProfileName } from "../src/engine/config.ts";
import { integer, program, runCli, UsageError } from "../src/cli/kit.ts";
import { runSchedule, runSpecSchedule, type ScheduleOutcome } from "../src/sim/dst/run-schedule.ts";
import { defects, describeSchedule, gossipWorkloads, makeSchedule, worldSchedule, type Defect, type GossipWorkload, type WorldSchedule } from "../src/sim/dst/schedule.ts";
import { loadNodeSpec } from "../src/sim/running/load-spec.ts";
import { workloadNames, type WorkloadName } from "../src/sim/workloads/index.ts";

interface DstFlags {
  seeds: number;
  from: number;
  seed?: number;
  profile: ProfileName | "all";
  trace?: string | boolean;
  defect?: Defect;
  nodes?: number;
  workload: WorkloadName | "all";
  inProcess?: string;
}

type Outcome = ScheduleOutcome<WorldSchedule>;

/** The node the schedules run, and how a failing seed names it and is replayed. */
interface Subject {
  run(seed: number, trace: boolean): Outcome;
  /** What a failure line names beside the schedule: the gossip node's profile, or the module. */
  label(seed: number): string;
  replay(o: Outcome): string;
}

const isGossipWorkload = (w: WorkloadName): w is GossipWorkload => (gossipWorkloads as readonly string[]).includes(w);

function gossipSubject(flags: DstFlags): Subject {
  const { defect } = flags;
  if (flags.workload !== "all" && !isGossipWorkload(flags.workload)) {
    throw new UsageError(`--workload ${flags.workload}: the gossip node serves ${gossipWorkloads.join(", ")}; another node's module runs with --in-process`);
  }
  const workload = flags.workload === "all" ? undefined : flags.workload;
  const profileFor = (seed: number): ProfileName =>
    flags.profile === "all" ? (profileNames[seed % profileNames.length] as ProfileName) : flags.profile;
  return {
    run: (seed, trace) => runSchedule(makeSchedule(seed, profileFor(seed), defect, flags.nodes, workload), { trace }),
    label: profileFor,
    replay: ({ schedule: { seed, workload: w, test } }) =>
      `scripts/dst --seed ${seed} --profile ${profileFor(seed)} --workload ${w} --nodes ${test.nodeCount}${defect ? ` --defect ${defect}` : ""} --trace`,
  };
}

/** A module's exported node (createNode(...) or another NodeSpec), through the workload it serves. */
async function moduleSubject(command: Command, flags: DstFlags, module: string): Promise<Subject> {
  const workload = flags.workload;
  if (workload === "all") throw new UsageError("--in-process needs --workload: the workload the module's node serves");
  for (const flag of ["profile", "defect"]) {
    if (command.getOptionValueSource(flag) === "cli") throw new UsageError(`--${flag} is the gossip node's; it does not apply with --in-process`);
  }
  const node = await loadNodeSpec(module);
  if (typeof node === "string") throw new UsageError(`--in-process: ${node}`);
  return {
    run: (seed, trace) => runSpecSchedule(worldSchedule(seed, workload, flags.nodes), node, { trace }),
    label: () => module,
    replay: ({ schedule: { seed, test } }) => `scripts/dst --in-process ${module} --workload ${workload} --seed ${seed} --nodes ${test.nodeCount} --trace`,
  };
}

async function main(): Promise<number> {
  const command = program("dst", "Deterministic simulation testing: the gossip node, or a module's node, under thousands of seeded fault schedules, in virtual time")
    .option("--seeds <n>", "how many schedules to run", integer(1), 1000)
    .option("--from <s>", "first seed", integer(0), 0)
    .option("--seed <s>", "replay exactly one schedule, with a message trace", integer(0))
    .addOption(new Option("--profile <name>", "the node's profile, or all (cycled by seed)").choices([...profileNames, "all"]).default("all"))
    .option("--nodes <n>", "fix the cluster size instead of drawing it", integer(1))
    .addOption(new Option("--workload <name>", "the clients' workload, or all (drawn by each schedule; a module needs its own)").choices([...workloadNames, "all"]).default("all"))
    .option("--in-process <module>", "run a module's exported node (JavaScript: createNode(...) or another NodeSpec) instead of the gossip node")
    .option("--trace [path]", "write the replayed schedule's message trace (to stdout, or to a file)")
    .addOption(new Option("--defect <name>", "run a deliberately broken core (for testing the simulator)").choices(defects).hideHelp())
    .parse(process.argv.slice(2), { from: "user" });
  const flags = command.opts<DstFlags>();
  const subject = flags.inProcess === undefined ? gossipSubject(flags) : await moduleSubject(command, flags, flags.inProcess);

  if (flags.seed !== undefined) {
    const outcome = subject.run(flags.seed, flags.trace !== undefined);
    if (outcome.trace) {
      const text = outcome.trace.join("\n") + "\n";
      if (typeof flags.trace === "string") writeFileSync(flags.trace, text);
      else process.stdout.write(text);
    }
    report([outcome], subject, 0);
    return outcome.failures.length ? 1 : 0;
  }

  const started = performance.now();
  const outcomes: Outcome[] = [];
  const tty = process.stderr.isTTY;
  for (let i = 0; i < flags.seeds; i++) {
    const seed = flags.from + i;
    outcomes.push(subject.run(seed, false));
    if (tty && (i % 25 === 0 || i === flags.seeds - 1)) {
      const failed = outcomes.filter((o) => o.failures.length).length;
      process.stderr.write(`\r\x1b[K${i + 1}/${flags.seeds} schedules, ${failed} failed`);
    }
  }
  if (tty) process.stderr.write("\r\x1b[K");
  report(outcomes, subject, performance.now() - started);
  return outcomes.some((o) => o.failures.length) ? 1 : 0;
}

function report(outcomes: readonly Outcome[], subject: Subject, realMs: number): void {
  const failed = outcomes.filter((o) => o.failures.length);
  const virtualS = outcomes.reduce((sum, o) => sum + o.simulated, 0) / 1000;
  const converged = outcomes.map((o) => o.convergence).filter((c): c is number => c !== undefined).sort((a, b) => a - b);
  const lines: string[] = [];
  for (const o of failed.slice(0, 20)) {
    lines.push(`FAIL seed ${o.schedule.seed} (${subject.label(o.schedule.seed)}; ${describeSchedule(o.schedule)})`);
    for (const f of o.failures) lines.push(`  ${f}`);
    lines.push(`  replay: ${subject.replay(o)}`);
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
