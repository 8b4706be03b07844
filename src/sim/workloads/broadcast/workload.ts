// Maelstrom's broadcast workload: topology at setup, a 50/50 mix of broadcasts of 0, 1, 2, … and reads, judged by set-full.
import { checkSetFull } from "../../checking/set-full.ts";
import { resultsSchema, type SetFullResult } from "../../checking/results.ts";
import { makeTopology } from "../../world/topology.ts";
import type { ClientOp, Workload } from "../workload.ts";

/** `topology_ok` is an ordinary 5 s RPC. */
const TOPOLOGY_TIMEOUT_MS = 5_000;

const read = (): ClientOp => ({ f: "read", value: null, body: { type: "read" }, idempotent: true });

export const broadcastWorkload: Workload<SetFullResult, "broadcast"> = {
  name: "broadcast",
  setup: (nodes, options) => {
    const topology = makeTopology(options.topology, nodes);
    return [{ type: "topology", timeoutMs: TOPOLOGY_TIMEOUT_MS, body: () => ({ topology }) }];
  },
  withErrors: true,
  generator: () => {
    let nextValue = 0;
    return {
      next: (rng) => {
        if (rng.int(2) !== 0) return read();
        const value = nextValue++;
        return { f: "broadcast", value, body: { type: "broadcast", message: value }, idempotent: false };
      },
      final: read,
    };
  },
  ok: (op, reply) => {
    if (op.f === "read") return reply.type === "read_ok" && Array.isArray(reply.messages) ? { value: reply.messages } : undefined;
    return reply.type === "broadcast_ok" ? { value: op.value } : undefined;
  },
  check: (history) => checkSetFull(history, "broadcast"),
  resultsSchema,
};
