// bin/gossip-node: the Maelstrom gossip node's command line — flags into a gossip config, then the runtime.
import { Option } from "commander";
import pkg from "../package.json" with { type: "json" };
import { DEFAULT_GOSSIP_INTERVAL_MS, profileNames, profiles, type GossipConfig, type ProfileName } from "../src/engine/config.ts";
import { serviceNames, type ServiceName } from "../src/engine/services.ts";
import { gossipNode } from "../src/engine/spec.ts";
import { integer, program, runCli } from "../src/cli/kit.ts";
import { logLevels, type LogLevel } from "../src/runtime/logger.ts";
import { runNode } from "../src/runtime/run.ts";

/** A minute is beyond any useful timer or batching delay; above it a flag is a typo. */
const MAX_DELAY_MS = 60_000;

interface Flags {
  gossipInterval: number;
  profile: ProfileName;
  overlay?: GossipConfig["overlay"];
  fanoutDelay?: number;
  forwardDelay?: number;
  workload?: ServiceName;
  logLevel: LogLevel;
}

async function main(): Promise<number> {
  const opts = program("gossip-node", "A Maelstrom node for broadcast, g-set, g-counter and pn-counter: protocol messages on stdin and stdout, logs on stderr.")
    .version(pkg.version, "-V, --version")
    .option("--gossip-interval <ms>", "how often the node checks for gossip to send", integer(1, MAX_DELAY_MS), DEFAULT_GOSSIP_INTERVAL_MS)
    .addOption(new Option("--profile <name>", "gossip tuning").choices(profileNames).default("default"))
    .addOption(new Option("--overlay <kind>", "star: all through one hub; given: Maelstrom's topology (default: the profile's)").choices(["star", "given"]))
    .option("--fanout-delay <ms>", "how long the hub batches a round (default: the profile's)", integer(0, MAX_DELAY_MS))
    .option("--forward-delay <ms>", "how long a leaf batches for the hub (default: the profile's)", integer(0, MAX_DELAY_MS))
    .addOption(new Option("--workload <name>", "serve this workload (default: learnt from the first write, topology or gossip)").choices(serviceNames))
    .addOption(new Option("--log-level <level>", "stderr log level").choices(logLevels).default("info"))
    .parse()
    .opts<Flags>();
  const config: GossipConfig = {
    ...profiles[opts.profile],
    ...(opts.overlay !== undefined && { overlay: opts.overlay }),
    ...(opts.fanoutDelay !== undefined && { fanoutDelay: opts.fanoutDelay }),
    ...(opts.forwardDelay !== undefined && { forwardDelay: opts.forwardDelay }),
  };
  const settings = { config, workload: opts.workload ?? "learnt" };
  return runNode(gossipNode(config, opts.gossipInterval, opts.workload), { logLevel: opts.logLevel, settings });
}

await runCli("gossip-node", main, { exit: true });
