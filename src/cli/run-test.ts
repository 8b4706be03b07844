// `simulate test` and `simulate replay`: one run of a node binary through a workload, recorded with its identity, judged, summarised and exited with Jepsen's code.
import type { Command } from "commander";
import { accessSync, constants } from "node:fs";
import { resolve } from "node:path";
import { getPreset } from "../presets/presets.ts";
import { judgePreset, thresholdReasons } from "../presets/verdict.ts";
import { formatSummary } from "../report/summary.ts";
import { writeRunReport } from "../report/write.ts";
import type { ResultsOf, WorkloadResult } from "../sim/checking/results.ts";
import { watchLoad } from "../sim/running/load.ts";
import { runProcesses } from "../sim/running/run-processes.ts";
import { isWorkloadName, workloads } from "../sim/workloads/index.ts";
import type { Workload } from "../sim/workloads/workload.ts";
import type { Envelope } from "../sim/world/network.ts";
import { serverIds } from "../sim/world/ids.ts";
import { NetRecorder } from "../store/net-recorder.ts";
import { logDir, makeRunDir, readResults, resultsPath, writeResults, writeRun } from "../store/run-dir.ts";
import { runIdentity } from "./identity.ts";
import { EXIT, UsageError, verdictExit } from "./kit.ts";
import { effectiveArgs, toTestOptions, type TestFlags } from "./test-flags.ts";

function checkBin(path: string | undefined): string {
  if (!path) throw new UsageError("--bin is required: the node executable to test");
  const bin = resolve(path);
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    throw new UsageError(`--bin ${path} is not an executable file`);
  }
  return bin;
}

/** Maelstrom's --log-net-send and --log-net-recv: each message on stderr as it enters the network or reaches its receiver. */
function netLog(what: "send" | "recv", now: number, m: Envelope): void {
  process.stderr.write(`${(now / 1000).toFixed(3)} :${what} ${JSON.stringify({ src: m.src, dest: m.dest, body: m.body })}\n`);
}

function progressPrinter(timeLimit: number, recovery: number): (elapsed: number, p: { phase: string; ops: number; serverMsgs: number; partition: string | undefined }) => void {
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  return (elapsed, p) => {
    const line = `[${(elapsed / 1000).toFixed(0).padStart(3)} s / ~${timeLimit + recovery} s] ${p.phase}: ${p.ops} ops, ${p.serverMsgs} server msgs${p.partition ? `, partition ${p.partition}` : ""}`;
    if (tty) process.stderr.write(`\r\x1b[K${line}`);
    else if (elapsed - lastLine >= 5000) {
      lastLine = elapsed;
      process.stderr.write(line + "\n");
    }
  };
}

export async function runTest(command: Command, args: readonly string[], flags: TestFlags): Promise<number> {
  const bin = checkBin(flags.bin);
  const options = toTestOptions(flags);
  if (!isWorkloadName(flags.workload)) throw new UsageError(`-w ${flags.workload}: no such workload`);
  const workload: Workload = workloads[flags.workload];
  const dir = makeRunDir(flags.store, workload.name);
  const startedAt = new Date();
  const effective = effectiveArgs(command, { ...flags, bin }, options.seed);
  const net = new NetRecorder();
  const progress = progressPrinter(options.timeLimit, options.recovery);
  const load = watchLoad(flags.selfLoad);
  const output = await runProcesses({
    test: options,
    workload,
    bin,
    args,
    dir,
    logDir: logDir(dir),
    ...(flags.logStderr !== undefined && { logStderr: flags.logStderr }),
    onSend: (m, deadline, now) => {
      net.onSend(m, deadline, now);
      if (flags.logNetSend) netLog("send", now, m);
    },
    onDeliver: (m, now) => {
      net.onDeliver(m, now);
      if (flags.logNetRecv) netLog("recv", now, m);
    },
    onProgress: (elapsed, test) => progress(elapsed, test.progress()),
    onPhase: (phase) => {
      if (phase === "workload") load.reset();
    },
  });
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
  const results: ResultsOf<WorkloadResult> = {
    ...output.results,
    identity: runIdentity({ options: { ...effective.options, "replay-args": effective.argv }, seed: options.seed, bin, args, nodeCount: serverIds(options.nodeCount, options.nodes).length, startedAt }),
    load: load.stop(),
  };
  if (flags.preset) {
    const rows = judgePreset(getPreset(flags.preset), results, { alsoValidWith: options.nemesis });
    const pass = rows.every((r) => r.pass);
    results.preset = { name: flags.preset, pass, rows, ...(options.nemesis && { note: "Under partitions only validity is judged." }) };
    results.reasons = [...(results.reasons ?? []), ...thresholdReasons(flags.preset, rows)];
  }
  writeRun(dir, { ...output, results, net: net.records });
  if (flags.json) writeResults(flags.json, results);
  // Read back through the store, which picks the workload's schema: what a report would see.
  const summary = formatSummary(options, readResults(resultsPath(dir)), output.partitions);
  const lines = [...summary.body, `store: ${dir}`];
  if (flags.report) lines.push(`report: ${writeRunReport(dir, { subtitle: summary.subtitle })}`);
  lines.push("", summary.closing);
  process.stdout.write(lines.join("\n") + "\n");
  const code = verdictExit(results.valid);
  return code === EXIT.valid && results.preset?.pass === false ? EXIT.invalid : code;
}
