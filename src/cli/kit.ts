// The command-line kit every executable uses: commander programs that report nothing themselves, argument parsers, and (from exit.ts) the one runner and its exit codes.
import { Command, InvalidArgumentError } from "commander";

export { EXIT, USAGE_EXIT, UsageError, runCli, verdictExit } from "./exit.ts";

/**
 * A commander program that reports nothing itself: its errors come back to `runCli` as
 * CommanderErrors, which prints them as one line.
 */
export function program(name: string, description: string): Command {
  return configure(new Command(name).description(description));
}

/** The same settings for a subcommand. */
export function configure(command: Command): Command {
  return command.exitOverride().configureOutput({ outputError: () => {} });
}

/** A whole number of at least `min` (and at most `max`). */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER): (raw: string) => number {
  return (raw) => {
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}`);
    }
    return n;
  };
}

/** A finite number above 0 (or at least 0 with `allowZero`). */
export function positiveNumber(allowZero = false): (raw: string) => number {
  return (raw) => {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) {
      throw new InvalidArgumentError(`expected a number ${allowZero ? ">= 0" : "> 0"}`);
    }
    return n;
  };
}

/** A comma-separated list of integers of at least `min`. */
export function integerList(min: number): (raw: string) => number[] {
  const one = integer(min);
  return (raw) => raw.split(",").map((s) => one(s.trim()));
}

