import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import pkg from "../package.json" with { type: "json" };
import { profileNames, type ProfileName } from "../src/broadcast/config.ts";
import { logLevels, type LogLevel } from "../src/runtime/logger.ts";
import { runNode } from "../src/runtime/run.ts";

/** Usage errors exit 2, as for most Unix tools; commander's own default is 1. */
const USAGE_ERROR = 2;

function parseInterval(value: string): number {
  const ms = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(ms) || ms < 1 || ms > 60_000) {
    throw new InvalidArgumentError("expected a whole number of milliseconds from 1 to 60000");
  }
  return ms;
}

const program = new Command()
  .name("gossip-node")
  .description("A Maelstrom broadcast node: protocol messages on stdin and stdout, logs on stderr.")
  .version(pkg.version, "-V, --version")
  .addOption(new Option("--gossip-interval <ms>", "how often the node checks for gossip to send").default(10).argParser(parseInterval))
  .addOption(new Option("--profile <name>", "gossip tuning").choices(profileNames).default("default"))
  .addOption(new Option("--log-level <level>", "stderr log level").choices(logLevels).default("info"))
  .showHelpAfterError("(run gossip-node --help for usage)")
  .exitOverride();

try {
  program.parse();
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  // Help and version are successes that exit with code 0; everything else is a usage error.
  process.exit(error.exitCode === 0 ? 0 : USAGE_ERROR);
}

const opts = program.opts<{ gossipInterval: number; profile: ProfileName; logLevel: LogLevel }>();
const code = await runNode({ gossipInterval: opts.gossipInterval, profile: opts.profile, logLevel: opts.logLevel });
process.exit(code);
