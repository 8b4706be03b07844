// Every workload the bench runs, by Maelstrom's name: a new workload is a folder beside broadcast/ and one line here.
import type { z } from "zod";
import type { ResultsOf, SetFullResult } from "../checking/results.ts";
import { broadcastWorkload } from "./broadcast/workload.ts";
import { echoWorkload } from "./echo/workload.ts";
import { gCounterWorkload } from "./g-counter/workload.ts";
import { gSetWorkload } from "./g-set/workload.ts";
import { pnCounterWorkload } from "./pn-counter/workload.ts";
import { uniqueIdsWorkload } from "./unique-ids/workload.ts";
import type { Workload } from "./workload.ts";

export const workloads = {
  broadcast: broadcastWorkload,
  "g-set": gSetWorkload,
  "g-counter": gCounterWorkload,
  "pn-counter": pnCounterWorkload,
  echo: echoWorkload,
  "unique-ids": uniqueIdsWorkload,
} as const satisfies Record<string, Workload>;
export type WorkloadName = keyof typeof workloads;
export const workloadNames = Object.keys(workloads) as WorkloadName[];

/** The results of a run of any workload, told apart by their `workload-name`. */
export type AnyResults = { [N in WorkloadName]: z.infer<(typeof workloads)[N]["resultsSchema"]> }[WorkloadName];

export function isWorkloadName(name: string): name is WorkloadName {
  return Object.hasOwn(workloads, name);
}

/** The results of the workloads judged by set-full (broadcast, g-set), whose figures include stable latencies. */
export function setFullResults(results: AnyResults): ResultsOf<SetFullResult> | undefined {
  return results["workload-name"] === "broadcast" || results["workload-name"] === "g-set" ? results : undefined;
}
