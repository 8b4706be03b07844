// The command-line kit every executable uses: one usage-error type, one exit code for it, and one runner that turns every usage mistake into one stderr line.
import { Command, CommanderError, InvalidArgumentError } from "commander";

/**
 * Jepsen's exit codes, which `maelstrom test` ends with, for every executable (documented in the
 * README): a script that swaps `maelstrom` for one of ours reads the same outcome.
 */
export const EXIT = { valid: 0, invalid: 1, unknown: 2, usage: 254, internal: 255 } as const;

/** The exit code of every usage mistake, in every executable. */
export const USAGE_EXIT = EXIT.usage;

/** A usage mistake found after parsing (a missing file, a flag that contradicts another). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

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

/** One line: commander puts its "(Did you mean …?)" hint on a line of its own. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

/**
 * Runs an executable's `main`: its exit code becomes the process's, and a usage mistake — a
 * commander parsing error or a UsageError — becomes one line on stderr and USAGE_EXIT. Help and
 * version, which commander ends with exit code 0, end with 0. Anything else is a defect: one line
 * on stderr and EXIT.internal, with the stack only when DEBUG is set.
 */
export async function runCli(name: string, main: () => number | Promise<number>, options: { exit?: boolean } = {}): Promise<void> {
  let code: number;
  try {
    code = await main();
  } catch (err) {
    if (err instanceof CommanderError) {
      code = err.exitCode === 0 ? 0 : USAGE_EXIT;
      if (code !== 0) process.stderr.write(`${name}: ${oneLine(err.message)}\n`);
    } else if (err instanceof UsageError) {
      process.stderr.write(`${name}: error: ${oneLine(err.message)}\n`);
      code = USAGE_EXIT;
    } else {
      const stack = process.env["DEBUG"] && err instanceof Error ? `\n${err.stack ?? ""}` : "";
      process.stderr.write(`${name}: internal error: ${oneLine(err instanceof Error ? err.message : String(err))}${stack}\n`);
      code = EXIT.internal;
    }
  }
  // A node's stdin keeps the event loop alive, so the node ends itself; the others let pending output drain.
  if (options.exit) process.exit(code);
  process.exitCode = code;
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


/** A run's exit code from its verdict, as Jepsen's: unknown is neither a pass nor a failure. */
export function verdictExit(valid: boolean | "unknown"): number {
  return valid === true ? EXIT.valid : valid === false ? EXIT.invalid : EXIT.unknown;
}
