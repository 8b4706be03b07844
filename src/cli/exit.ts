// Every executable's exit codes and its one runner, free of commander so that a node started without flags never loads it.
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
    // Only a failure needs commander's error class; a run that parsed flags has loaded it already.
    const { CommanderError } = await import("commander");
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

/** A run's exit code from its verdict, as Jepsen's: unknown is neither a pass nor a failure. */
export function verdictExit(valid: boolean | "unknown"): number {
  return valid === true ? EXIT.valid : valid === false ? EXIT.invalid : EXIT.unknown;
}
