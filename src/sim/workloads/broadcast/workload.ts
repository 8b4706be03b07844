// Maelstrom's broadcast workload: topology at setup, a 50/50 mix of broadcasts of 0, 1, 2, … and reads, judged by set-full.
import { broadcastOkBody, broadcastReadOkBody } from "../../../protocol/maelstrom.ts";
import { resultsSchema, type SetFullResult } from "../../checking/results.ts";
import { makeTopology } from "../../world/topology.ts";
import { setOps } from "../set-ops.ts";
import type { Workload } from "../workload.ts";

/** `topology_ok` is an ordinary 5 s RPC. */
const TOPOLOGY_TIMEOUT_MS = 5_000;

export const broadcastWorkload: Workload<SetFullResult, "broadcast"> = {
  name: "broadcast",
  setup: (nodes, options) => {
    const topology = makeTopology(options.topology, nodes);
    return [{ type: "topology", timeoutMs: TOPOLOGY_TIMEOUT_MS, body: () => ({ topology }) }];
  },
  withErrors: true,
  ...setOps({ add: "broadcast", field: "message", readField: "messages", readOk: broadcastReadOkBody, addOk: broadcastOkBody }),
  resultsSchema,
};
