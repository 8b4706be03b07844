// The gossip node's command line: commander turns flags into NodeFlags, and answers --help and --version.
import { Option } from "commander";
import pkg from "../../package.json" with { type: "json" };
import { profileNames } from "../engine/config.ts";
import { serviceNames } from "../engine/services.ts";
import { logLevels } from "../runtime/logger.ts";
import { DEFAULT_NODE_FLAGS, type NodeFlags } from "./gossip-node-flags.ts";
import { integer, program } from "./kit.ts";

/** A minute is beyond any useful timer or batching delay; above it a flag is a typo. */
const MAX_DELAY_MS = 60_000;

/** Parses `argv` (Node's, with the executable and script first); usage mistakes throw CommanderErrors for `runCli`. */
export function parseNodeFlags(argv: readonly string[]): NodeFlags {
  return program("gossip-node", "A Maelstrom node for broadcast, g-set, g-counter and pn-counter: protocol messages on stdin and stdout, logs on stderr.")
    .version(pkg.version, "-V, --version")
    .option("--gossip-interval <ms>", "how often the node checks for gossip to send", integer(1, MAX_DELAY_MS), DEFAULT_NODE_FLAGS.gossipInterval)
    .addOption(new Option("--profile <name>", "gossip tuning").choices(profileNames).default(DEFAULT_NODE_FLAGS.profile))
    .addOption(new Option("--overlay <kind>", "star: all through one hub; given: Maelstrom's topology (default: the profile's)").choices(["star", "given"]))
    .option("--fanout-delay <ms>", "how long the hub batches a round (default: the profile's)", integer(0, MAX_DELAY_MS))
    .option("--forward-delay <ms>", "how long a leaf batches for the hub (default: the profile's)", integer(0, MAX_DELAY_MS))
    .addOption(new Option("--workload <name>", "serve this workload (default: learnt from the first write, topology or gossip)").choices(serviceNames))
    .addOption(new Option("--log-level <level>", "stderr log level").choices(logLevels).default(DEFAULT_NODE_FLAGS.logLevel))
    .parse(argv)
    .opts<NodeFlags>();
}
