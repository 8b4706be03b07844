import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import pkg from "../package.json" with { type: "json" };
import { profileNames, profiles, type GossipConfig, type ProfileName } from "../src/broadcast/config.ts";
import { logLevels, type LogLevel } from "../src/runtime/logger.ts";
import { runNode } from "../src/runtime/run.ts";

/** Usage errors exit 2, as for most Unix tools; commander's own default is 1. */
const USAGE_ERROR = 2;

function milliseconds(min: number): (value: string) => number {
  return (value) => {
    const ms = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(ms) || ms < min || ms > 60_000) {
      throw new InvalidArgumentError(`expected a whole number of milliseconds from ${min} to 60000`);
    }
    return ms;
  };
}

const program = new Command()
  .name("gossip-node")
  .description("A Maelstrom broadcast node: protocol messages on stdin and stdout, logs on stderr.")
  .version(pkg.version, "-V, --version")
  .addOption(new Option("--gossip-interval <ms>", "how often the node checks for gossip to send").default(10).argParser(milliseconds(1)))
  .addOption(new Option("--profile <name>", "gossip tuning").choices(profileNames).default("default"))
  .addOption(new Option("--overlay <kind>", "star: all through one hub; given: Maelstrom's topology (default: the profile's)").choices(["star", "given"]))
  .addOption(new Option("--fanout-delay <ms>", "how long the hub batches a round (default: the profile's)").argParser(milliseconds(0)))
  .addOption(new Option("--forward-delay <ms>", "how long a leaf batches for the hub (default: the profile's)").argParser(milliseconds(0)))
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

interface Flags {
  gossipInterval: number;
  profile: ProfileName;
  overlay?: GossipConfig["overlay"];
  fanoutDelay?: number;
  forwardDelay?: number;
  logLevel: LogLevel;
}
const opts = program.opts<Flags>();
const config: GossipConfig = {
  ...profiles[opts.profile],
  ...(opts.overlay !== undefined && { overlay: opts.overlay }),
  ...(opts.fanoutDelay !== undefined && { fanoutDelay: opts.fanoutDelay }),
  ...(opts.forwardDelay !== undefined && { forwardDelay: opts.forwardDelay }),
};
const code = await runNode({ gossipInterval: opts.gossipInterval, config, logLevel: opts.logLevel });
process.exit(code);
