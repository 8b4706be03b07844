// A workload against real node processes on the wall clock, as `maelstrom test` runs it; every process is stopped at the end or on interrupt.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { WorkloadResult } from "../checking/results.ts";
import type { TestOptions } from "../workloads/options.ts";
import { TestPhases, type Phase, type RunOutput } from "../workloads/phases.ts";
import type { Workload } from "../workloads/workload.ts";
import type { Envelope } from "../world/network.ts";
import { RealScheduler } from "../world/scheduler.ts";
import { ProcessNode } from "./process-node.ts";

/** Ctrl-C's exit code: 128 + SIGINT. */
const INTERRUPTED_EXIT = 130;

export interface ProcessRunOptions<R extends WorkloadResult> {
  test: TestOptions;
  workload: Workload<R>;
  bin: string;
  args: readonly string[];
  /** The run's working directory: the nodes start there. */
  dir: string;
  /** Where each node's stderr goes: node-logs/<id>.log. */
  logDir: string;
  logStderr?: boolean;
  /** Called about once a second while the run goes on. */
  onProgress?: (elapsedMs: number, test: TestPhases<R>) => void;
  onSend?: (message: Envelope, deadline: number | undefined, now: number) => void;
  onDeliver?: (message: Envelope, now: number) => void;
  onPhase?: (phase: Phase) => void;
}

export async function runProcesses<R extends WorkloadResult>(options: ProcessRunOptions<R>): Promise<RunOutput<R>> {
  const scheduler = new RealScheduler();
  mkdirSync(options.logDir, { recursive: true });
  const nodes: ProcessNode[] = [];
  let resolveDone: (out: RunOutput<R>) => void = () => {};
  const done = new Promise<RunOutput<R>>((resolve) => {
    resolveDone = resolve;
  });
  const test = new TestPhases(options.test, options.workload, {
    scheduler,
    makeNode: (id, sink) => {
      const node = new ProcessNode(id, sink, {
        bin: options.bin,
        args: options.args,
        cwd: options.dir,
        logFile: join(options.logDir, `${id}.log`),
        ...(options.logStderr !== undefined && { logStderr: options.logStderr }),
      });
      nodes.push(node);
      return node;
    },
    onDone: (out) => resolveDone(out),
    ...(options.onPhase && { onPhase: options.onPhase }),
    ...(options.onSend && { onSend: (m: Envelope, d: number | undefined) => options.onSend?.(m, d, scheduler.now()) }),
    ...(options.onDeliver && { onDeliver: (m: Envelope) => options.onDeliver?.(m, scheduler.now()) }),
  });
  const interrupt = (): void => {
    for (const node of nodes) node.kill();
    process.stderr.write("\ninterrupted: every node stopped\n");
    process.exit(INTERRUPTED_EXIT);
  };
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  const progress = setInterval(() => options.onProgress?.(scheduler.now(), test), 1000);
  try {
    test.start();
    return await done;
  } finally {
    clearInterval(progress);
    scheduler.stop();
    await Promise.all(nodes.map((n) => n.stop()));
    process.off("SIGINT", interrupt);
    process.off("SIGTERM", interrupt);
  }
}
