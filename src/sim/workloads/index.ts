// Every workload the bench runs, by Maelstrom's name: a new workload is a folder beside broadcast/ and one line here.
import { broadcastWorkload } from "./broadcast/workload.ts";
import type { Workload } from "./workload.ts";

export const workloads = { broadcast: broadcastWorkload } as const satisfies Record<string, Workload>;
export type WorkloadName = keyof typeof workloads;
export const workloadNames = Object.keys(workloads) as WorkloadName[];
