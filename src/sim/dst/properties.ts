// The deterministic simulator's properties, each a named checker that watches the phases it needs and then names what went wrong.
import { PNCounter } from "../../datatypes/counter.ts";
import { DEFAULT_GOSSIP_INTERVAL_MS } from "../../engine/config.ts";
import { counterResultSchema } from "../checking/acceptable.ts";
import { setFullResultSchema } from "../checking/results.ts";
import type { Phase } from "../workloads/phases.ts";
import type { VirtualRun, VirtualRunOutput } from "../running/run-virtual.ts";
import { serverIds } from "../world/ids.ts";
import { makeTopology, type Topology } from "../world/topology.ts";
import type { GossipWorkload, Schedule } from "./schedule.ts";

/** A property of runs whose insides are `Run`; one that watches nothing (`unknown`) holds of any node's run. */
export interface Property<Run = VirtualRun> {
  readonly name: string;
  /** Looks at the run's insides as it enters a phase. */
  readonly watch?: Partial<Record<Phase, (run: Run) => void>>;
  /** What went wrong, once the run is over; empty when the property held. */
  failures(output: VirtualRunOutput): string[];
}

const isCounter = (w: GossipWorkload): boolean => w === "g-counter" || w === "pn-counter";
/** The op that adds to a set: broadcast's own, g-set's `add`. */
const addOp = (w: GossipWorkload): string => (w === "broadcast" ? "broadcast" : "add");

/** What every node's counter must hold once converged: each node's own totals, as that node counted its adds. */
function counterTruth(run: VirtualRun): Map<string, readonly number[]> {
  const truth = new Map<string, readonly number[]>();
  for (const [id, node] of run.nodes) {
    const own = counterOf(node.core.service?.state)?.totalsByNode().get(id);
    if (own) truth.set(id, own);
  }
  return truth;
}

function counterOf(state: unknown): PNCounter | undefined {
  return state instanceof PNCounter ? state : undefined;
}

const sumOf = (totals: Map<string, readonly number[]>): number => [...totals.values()].reduce((n, [inc = 0, dec = 0]) => n + inc - dec, 0);

/**
 * The final reads are exact. Sets: no acknowledged value lost (set-full). Counters: the checker
 * finds every ok final read in the acceptable sums, and — stronger, since this node applies an
 * add exactly when it answers or would have — every ok final read equals the sum of the adds the
 * nodes applied, which itself lies in the acceptable set.
 */
export function exactReads(workload: GossipWorkload): Property {
  if (!isCounter(workload)) {
    return {
      name: "no acknowledged value lost",
      failures: ({ results }) => {
        const set = setFullResultSchema.safeParse(results.workload);
        if (!set.success) return [`not a set-full result: ${set.error.message}`];
        const { "lost-count": lost, lost: values } = set.data;
        return lost > 0 ? [`lost ${lost} acknowledged values: ${values.slice(0, 10).join(" ")}`] : [];
      },
    };
  }
  let applied: number | undefined;
  return {
    name: "every final read is the exact sum",
    watch: { checking: (run) => void (applied = sumOf(counterTruth(run))) },
    failures: ({ results, history }) => {
      const counter = counterResultSchema.safeParse(results.workload);
      if (!counter.success) return [`not a counter result: ${counter.error.message}`];
      const failures: string[] = [];
      if (counter.data.valid !== true) failures.push(`final reads ${JSON.stringify(counter.data.errors?.map((op) => op.value))} outside ${JSON.stringify(counter.data.acceptable)}`);
      if (applied !== undefined && !counter.data.acceptable.some(([lo, hi]) => lo <= (applied as number) && (applied as number) <= hi)) {
        failures.push(`the nodes applied adds summing to ${applied}, outside the acceptable ${JSON.stringify(counter.data.acceptable)}`);
      }
      const finals = history.filter((op) => op.final === true && op.type === "ok" && op.f === "read");
      const off = finals.filter((op) => op.value !== applied);
      if (off.length) failures.push(`${off.length} final reads differ from the applied sum ${applied}: ${off.slice(0, 5).map((op) => `${op.process} read ${JSON.stringify(op.value)}`).join(", ")}`);
      return failures;
    },
  };
}

export const noNodeError: Property<unknown> = {
  name: "no node error or protocol warning",
  failures: ({ results }) => (results["node-errors"] ?? []).map((e) => `node error: ${e}`),
};

/** The verdict of the workload's own checker and the bench's common checks, with their reasons when it is not valid. */
export const checkerValid: Property<unknown> = {
  name: "the workload's checker judges the run valid",
  failures: ({ results }) => {
    if (results.valid === true) return [];
    const reasons = (results.reasons ?? []).map((r) => r.text);
    return reasons.length ? reasons : [`the checker's verdict is ${JSON.stringify(results.valid)}`];
  },
};

/** Latest arrival of what must converge at any node, or undefined if some node lacks some of it. */
function lastArrival(run: VirtualRun, workload: GossipWorkload): number | undefined {
  if (isCounter(workload)) return lastCounterChange(run);
  const acknowledged = run.test.clients.history.filter((op) => op.f === addOp(workload) && op.type === "ok").map((op) => op.value);
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

/** The last change at any node once every node holds every node's totals exactly; undefined before. */
function lastCounterChange(run: VirtualRun): number | undefined {
  const truth = counterTruth(run);
  let latest = 0;
  for (const node of run.nodes.values()) {
    const counter = counterOf(node.core.service?.state);
    const held = counter?.totalsByNode() ?? new Map<string, readonly number[]>();
    if (held.size !== truth.size || [...truth].some(([id, lanes]) => JSON.stringify(held.get(id)) !== JSON.stringify(lanes))) return undefined;
    latest = Math.max(latest, counter?.lastChangedAt() ?? 0);
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
  // Only broadcast offers a topology; without one the node falls back to the star.
  const star = config.overlay === "star" || schedule.workload !== "broadcast";
  const hops = star ? 2 : diameter(makeTopology(test.topology, ids), ids);
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
        const at = healedAt === undefined ? undefined : lastArrival(run, schedule.workload);
        if (at !== undefined && healedAt !== undefined) property.convergence = Math.max(0, at - healedAt);
      },
    },
    failures: (): string[] => {
      const { convergence, bound } = property;
      if (convergence === undefined) return [`some node still lacked an acknowledged value or a node's count at the final reads, ${schedule.test.recovery} s after the final heal`];
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

/** Bounded state: a counter holds at most one entry per node; a set no more values than adds were asked for. */
export function boundedState(): Property {
  let over: string[] = [];
  return {
    name: "state bounded by the nodes (counters) or the adds (sets)",
    watch: {
      checking: (run) => {
        const adds = run.test.clients.history.filter((op) => op.type === "invoke" && (op.f === "add" || op.f === "broadcast")).length;
        over = [];
        for (const [id, node] of run.nodes) {
          const state = node.core.service?.state;
          if (!state) continue;
          const bound = state instanceof PNCounter ? run.nodes.size : adds;
          if (state.size > bound) over.push(`${id} holds ${state.size} elements, over ${bound}`);
        }
      },
    },
    failures: () => over.slice(0, 3),
  };
}
