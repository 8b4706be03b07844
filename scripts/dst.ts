import { Command, CommanderError, Option } from "commander";
import { writeFileSync } from "node:fs";
import { isProfileName, profileNames, type ProfileName } from "../src/broadcast/config.ts";
import { defects, describeSchedule, makeSchedule, runSchedule, type Defect, type ScheduleOutcome } from "../src/sim/dst/schedule.ts";
import { BAD_FLAG, UsageError, flag, integer } from "../src/cli/flags.ts";

interface DstFlags {
  seeds: number;
  from: number;
  seed?: number;
  profile: string;
  trace?: string | boolean;
  defect?: string;
  nodes?: number;
}

function replayCommand(o: ScheduleOutcome, defect: Defect | undefined): string {
  const nodes = o.schedule.test.nodeCount;
  return `scripts/dst --seed ${o.schedule.seed} --profile ${o.schedule.profile} --nodes ${nodes}${defect ? ` --defect ${defect}` : ""} --trace`;
}

function main(): number {
  const program = new Command("dst")
    .description("Deterministic simulation testing: the node's core under thousands of seeded fault schedules, in virtual time")
    .option("--seeds <n>", "how many schedules to run", flag(integer("--seeds", 1)), 1000)
    .option("--from <s>", "first seed", flag(integer("--from", 0)), 0)
    .option("--seed <s>", "replay exactly one schedule, with a message trace", flag(integer("--seed", 0)))
    .option("--profile <name>", `the node's profile: ${profileNames.join(", ")}, or all (cycled by seed)`, "all")
    .option("--nodes <n>", "fix the cluster size instead of drawing it", flag(integer("--nodes", 1)))
    .option("--trace [path]", "write the replayed schedule's message trace (to stdout, or to a file)")
    .addOption(new Option("--defect <name>", "run a deliberately broken core (for testing the simulator)").choices(defects).hideHelp())
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });
  let flags: DstFlags;
  try {
    flags = program.parse(process.argv.slice(2), { from: "user" }).opts<DstFlags>();
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === BAD_FLAG) process.stderr.write(`error: ${err.message}\n`);
    return err.exitCode === 0 ? 0 : 2;
  }
  if (flags.profile !== "all" && !isProfileName(flags.profile)) {
    throw new UsageError(`--profile must be one of ${profileNames.join(", ")} or all, got "${flags.profile}"`);
  }
  const defect = flags.defect as Defect | undefined;
  const profileFor = (seed: number): ProfileName =>
    flags.profile === "all" ? (profileNames[seed % profileNames.length] as ProfileName) : (flags.profile as ProfileName);

  if (flags.seed !== undefined) {
    const outcome = runSchedule(makeSchedule(flags.seed, profileFor(flags.seed), defect, flags.nodes), { trace: flags.trace !== undefined });
    if (outcome.trace) {
      const text = outcome.trace.join("\n") + "\n";
      if (typeof flags.trace === "string") writeFileSync(flags.trace, text);
      else process.stdout.write(text);
    }
    report([outcome], defect, 0);
    return outcome.failures.length ? 1 : 0;
  }

  const started = performance.now();
  const outcomes: ScheduleOutcome[] = [];
  const tty = process.stderr.isTTY;
  for (let i = 0; i < flags.seeds; i++) {
    const seed = flags.from + i;
    outcomes.push(runSchedule(makeSchedule(seed, profileFor(seed), defect, flags.nodes)));
    if (tty && (i % 25 === 0 || i === flags.seeds - 1)) {
      const failed = outcomes.filter((o) => o.failures.length).length;
      process.stderr.write(`\r\x1b[K${i + 1}/${flags.seeds} schedules, ${failed} failed`);
    }
  }
  if (tty) process.stderr.write("\r\x1b[K");
  report(outcomes, defect, performance.now() - started);
  return outcomes.some((o) => o.failures.length) ? 1 : 0;
}

function report(outcomes: readonly ScheduleOutcome[], defect: Defect | undefined, realMs: number): void {
  const failed = outcomes.filter((o) => o.failures.length);
  const virtualS = outcomes.reduce((sum, o) => sum + o.simulated, 0) / 1000;
  const converged = outcomes.map((o) => o.convergence).filter((c): c is number => c !== undefined).sort((a, b) => a - b);
  const lines: string[] = [];
  for (const o of failed.slice(0, 20)) {
    lines.push(`FAIL seed ${o.schedule.seed} (${o.schedule.profile}; ${describeSchedule(o.schedule)})`);
    for (const f of o.failures) lines.push(`  ${f}`);
    lines.push(`  replay: ${replayCommand(o, defect)}`);
  }
  if (failed.length > 20) lines.push(`… and ${failed.length - 20} more failing seeds`);
  lines.push(
    `schedules ${outcomes.length}, failed ${failed.length}, virtual time ${virtualS.toFixed(0)} s` +
      (realMs ? `, real time ${(realMs / 1000).toFixed(1)} s (${((outcomes.length / realMs) * 1000).toFixed(0)} schedules/s)` : ""),
  );
  if (converged.length) {
    lines.push(`convergence after the final heal: median ${converged[Math.floor(converged.length / 2)]?.toFixed(0)} ms, max ${converged.at(-1)?.toFixed(0)} ms`);
  }
  process.stdout.write(lines.join("\n") + "\n");
}

try {
  process.exitCode = main();
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  process.stderr.write(`error: ${err.message}\n`);
  process.exitCode = 2;
}
