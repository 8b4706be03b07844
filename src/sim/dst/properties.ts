// The deterministic simulator's properties, each a named checker that watches the phases it needs and then names what went wrong.
import { DEFAULT_GOSSIP_INTERVAL_MS } from "../../engine/config.ts";
import type { Phase } from "../workloads/phases.ts";
import type { VirtualRun, VirtualRunOutput } from "../running/run-virtual.ts";
import { serverIds } from "../world/ids.ts";
import { makeTopology, type Topology } from "../world/topology.ts";
import type { Schedule } from "./schedule.ts";

export interface Property {
  readonly name: string;
  /** Looks at the run's insides as it enters a phase. */
  readonly watch?: Partial<Record<Phase, (run: VirtualRun) => void>>;
  /** What went wrong, once the run is over; empty when the property held. */
  failures(output: VirtualRunOutput): string[];
}

export const noLostValue: Property = {
  name: "no acknowledged value lost",
  failures: ({ results: { workload } }) =>
    workload["lost-count"] > 0 ? [`lost ${workload["lost-count"]} acknowledged values: ${workload.lost.slice(0, 10).join(" ")}`] : [],
};

export const noNodeError: Property = {
  name: "no node error or protocol warning",
  failures: ({ results }) => (results["node-errors"] ?? []).map((e) => `node error: ${e}`),
};

/** Latest arrival of an acknowledged value at any node, or undefined if some node lacks one. */
function lastArrival(run: VirtualRun): number | undefined {
  const acknowledged = run.test.clients.history.filter((op) => op.f === "broadcast" && op.type === "ok").map((op) => op.value);
  let latest = 0;
  for (const node of run.nodes.values()) {
    const arrivals = node.core.arrivals();
    for (const value of acknowledged) {
      const at = arrivals.get(JSON.stringify(value));
      if (at === undefined) return undefined;
      latest = Math.max(latest, at);
    }
  }
  return latest;
}

function diameter(topology: Topology, ids: readonly string[]): number {
  let worst = 0;
  for (const from of ids) {
    const dist = new Map([[from, 0]]);
    const queue = [from];
    while (queue.length) {
      const at = queue.shift() as string;
      for (const next of topology[at] ?? []) {
        if (!dist.has(next)) {
          dist.set(next, (dist.get(at) as number) + 1);
          queue.push(next);
        }
      }
    }
    // A disconnected offered topology (a one-node line) leaves nothing to cross.
    for (const d of dist.values()) worst = Math.max(worst, d);
  }
  return worst;
}

/**
 * How long after the final heal every node must hold every acknowledged value: per hop, a
 * retransmission timeout, a batching delay, a timer tick and the slowest latency seen, doubled
 * for slack. Hops: two through the star's hub, or the offered topology's diameter.
 */
export function convergenceBound(schedule: Schedule, maxLatency: number): number {
  const { config, test } = schedule;
  const ids = serverIds(test.nodeCount);
  const hops = config.overlay === "star" ? 2 : diameter(makeTopology(test.topology, ids), ids);
  const perHop = config.rtoMax + Math.max(config.fanoutDelay, config.forwardDelay) + DEFAULT_GOSSIP_INTERVAL_MS + maxLatency;
  return 2 * Math.max(1, hops) * perHop + config.ackMax;
}

/** Every node holds every acknowledged value within the bound after the final heal; keeps what it measured. */
export function converges(schedule: Schedule): Property & { convergence: number | undefined; bound: number } {
  let healedAt: number | undefined;
  const property = {
    name: "converges within the bound after the final heal",
    convergence: undefined as number | undefined,
    bound: 0,
    watch: {
      recovery: (run: VirtualRun) => {
        healedAt = run.scheduler.now();
        property.bound = convergenceBound(schedule, run.test.network.maxLatency);
      },
      "final reads": (run: VirtualRun) => {
        const at = healedAt === undefined ? undefined : lastArrival(run);
        if (at !== undefined && healedAt !== undefined) property.convergence = Math.max(0, at - healedAt);
      },
    },
    failures: (): string[] => {
      const { convergence, bound } = property;
      if (convergence === undefined) return [`some node still lacked an acknowledged value at the final reads, ${schedule.test.recovery} s after the final heal`];
      return convergence > bound ? [`converged ${convergence.toFixed(0)} ms after the final heal, over the bound of ${bound.toFixed(0)} ms`] : [];
    },
  };
  return property;
}

/** No node is left holding entries a peer never acknowledged. */
export function settles(): Property {
  let pending: string[] = [];
  return {
    name: "no unacknowledged state at the end",
    watch: {
      checking: (run) => {
        pending = [...run.nodes.entries()]
          .map(([id, node]) => [id, node.core.pending().maxUnacknowledged] as const)
          .filter(([, n]) => n > 0)
          .map(([id, n]) => `${id} has ${n} unacknowledged entries`);
      },
    },
    failures: () => (pending.length ? [`unacknowledged state left at the end: ${pending.slice(0, 3).join("; ")}`] : []),
  };
}
