import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Envelope } from "../world/network.ts";
import { ProcessNode } from "./process-node.ts";
import { RealScheduler } from "../world/scheduler.ts";
import { BroadcastTest, type RunOutput, type TestOptions } from "../workloads/phases.ts";

export interface ProcessRunOptions {
  test: TestOptions;
  bin: string;
  args: readonly string[];
  /** The run's store directory: node logs go in node-logs/. */
  dir: string;
  logStderr?: boolean;
  /** Called about once a second while the run goes on. */
  onProgress?: (elapsedMs: number, test: BroadcastTest) => void;
  onSend?: (message: Envelope, deadline: number | undefined, now: number) => void;
  onDeliver?: (message: Envelope, now: number) => void;
}

/**
 * The broadcast test against real node processes on the wall clock, as `maelstrom test` runs it.
 * Every process is stopped at the end, and also when the bench itself is interrupted.
 */
export async function runProcesses(options: ProcessRunOptions): Promise<RunOutput> {
  const scheduler = new RealScheduler();
  const logs = join(options.dir, "node-logs");
  mkdirSync(logs, { recursive: true });
  const nodes: ProcessNode[] = [];
  let resolveDone: (out: RunOutput) => void = () => {};
  const done = new Promise<RunOutput>((resolve) => {
    resolveDone = resolve;
  });
  const test = new BroadcastTest(options.test, {
    scheduler,
    makeNode: (id, sink) => {
      const node = new ProcessNode(id, sink, {
        bin: options.bin,
        args: options.args,
        cwd: options.dir,
        logFile: join(logs, `${id}.log`),
        ...(options.logStderr !== undefined && { logStderr: options.logStderr }),
      });
      nodes.push(node);
      return node;
    },
    onDone: (out) => resolveDone(out),
    ...(options.onSend && { onSend: (m: Envelope, d: number | undefined) => options.onSend?.(m, d, scheduler.now()) }),
    ...(options.onDeliver && { onDeliver: (m: Envelope) => options.onDeliver?.(m, scheduler.now()) }),
  });
  const interrupt = (): void => {
    for (const node of nodes) node.kill();
    process.stderr.write("\ninterrupted: every node stopped\n");
    process.exit(130);
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
