// bin/gossip-node: the Maelstrom gossip node's command line — flags into a gossip config, then the runtime.
import { DEFAULT_NODE_FLAGS, gossipConfig, type NodeFlags } from "../src/cli/gossip-node-flags.ts";
import { runCli } from "../src/cli/exit.ts";
import { gossipNode } from "../src/engine/spec.ts";
import { runNode } from "../src/runtime/run.ts";

async function main(): Promise<number> {
  // Maelstrom starts a node without flags; commander (with its parse, 8–13 ms of CPU per start) is loaded only to parse some.
  const flags: NodeFlags = process.argv.length > 2 ? (await import("../src/cli/gossip-node-command.ts")).parseNodeFlags(process.argv) : DEFAULT_NODE_FLAGS;
  const config = gossipConfig(flags);
  const settings = { config, workload: flags.workload ?? "learnt" };
  return runNode(gossipNode(config, flags.gossipInterval, flags.workload), { logLevel: flags.logLevel, settings });
}

void runCli("gossip-node", main, { exit: true });
