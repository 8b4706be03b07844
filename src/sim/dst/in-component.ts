// The DST's in-component property: during a long clean partition, a value reaches every node of the component it was acknowledged in before the heal.
import type { Op } from "../checking/history.ts";
import type { VirtualRun } from "../running/run-virtual.ts";
import type { PartitionEvent } from "../world/nemesis.ts";
import type { Property } from "./properties.ts";
import type { GossipWorkload } from "./schedule.ts";

/** Only clean partitions lasting this long are judged (ms). */
export const IN_COMPONENT_MIN_MS = 5000;
/** Values acknowledged this close to the heal are not judged: they had no time to spread (ms). */
export const IN_COMPONENT_GRACE_MS = 2000;

/** A clean partition as it lasted: disjoint components, each hearing only itself, from `start` to the heal. */
export interface CleanCut {
  start: number;
  heal: number;
  components: string[][];
}

/** Each clean partition of the run with the time it healed; one still in force at the end heals at `end`. */
export function cleanCuts(partitions: readonly PartitionEvent[], end: number): CleanCut[] {
  const cuts: CleanCut[] = [];
  partitions.forEach((event, i) => {
    if (event.f !== "start-partition" || !event.components) return;
    const heal = partitions.slice(i + 1).find((e) => e.f === "stop-partition")?.time ?? end;
    cuts.push({ start: event.time, heal, components: event.components });
  });
  return cuts;
}

/**
 * For every clean partition of at least IN_COMPONENT_MIN_MS and every value acknowledged in it
 * by a node of a component of two or more nodes, from its start until IN_COMPONENT_GRACE_MS
 * before the heal: each node of that component first held the value before the heal.
 * `arrivals` maps node → value text (JSON) → when the value first reached the node.
 */
export function inComponentFailures(cuts: readonly CleanCut[], history: readonly Op[], addF: string, arrivals: ReadonlyMap<string, ReadonlyMap<string, number>>): string[] {
  const misses: string[] = [];
  let count = 0;
  for (const cut of cuts) {
    if (cut.heal - cut.start < IN_COMPONENT_MIN_MS) continue;
    const componentOf = new Map(cut.components.flatMap((c) => c.map((node) => [node, c] as const)));
    for (const op of history) {
      if (op.f !== addF || op.type !== "ok" || op.time < cut.start || op.time >= cut.heal - IN_COMPONENT_GRACE_MS) continue;
      const component = componentOf.get(op.node) ?? [];
      if (component.length < 2) continue;
      const text = JSON.stringify(op.value);
      for (const node of component) {
        const at = arrivals.get(node)?.get(text);
        if (at !== undefined && at < cut.heal) continue;
        count++;
        if (misses.length < 3) {
          const when = at === undefined ? "never" : `only at ${(at / 1000).toFixed(2)} s`;
          misses.push(`${text}, acknowledged by ${op.node} at ${(op.time / 1000).toFixed(2)} s, reached ${node} ${when}`);
        }
      }
    }
  }
  if (!count) return [];
  return [`${count} times a value missed a node of its own component before a clean partition of ${IN_COMPONENT_MIN_MS / 1000} s or more healed: ${misses.join("; ")}`];
}

/** The property on a run: broadcast's and g-set's values, by the nodes' own arrival times. */
export function inComponent(workload: GossipWorkload): Property {
  const addF = workload === "broadcast" ? "broadcast" : workload === "g-set" ? "add" : undefined;
  let arrivals = new Map<string, ReadonlyMap<string, number>>();
  let end = 0;
  return {
    name: "values reach their own component during a long clean partition",
    watch: {
      checking: (run: VirtualRun) => {
        arrivals = new Map([...run.nodes].map(([id, node]) => [id, node.core.arrivals()]));
        end = run.scheduler.now();
      },
    },
    failures: ({ partitions, history }) => (addF === undefined ? [] : inComponentFailures(cleanCuts(partitions, end), history, addF, arrivals)),
  };
}
