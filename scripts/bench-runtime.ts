/**
 * Runtime speed of bin/gossip-node, each figure a ratio against a baseline measured in the same
 * run, so that the two noisy cores of a CI machine cancel out as far as they can. Every
 * measurement is repeated (baseline and node alternating) and reported as a median.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { profiles } from "../src/broadcast/config.ts";
import { BroadcastNode } from "../src/broadcast/node.ts";
import type { InboundMessage } from "../src/protocol/messages.ts";
import { Rng } from "../src/sim/rng.ts";
import { Writer } from "../src/runtime/writer.ts";
import { median } from "../src/sim/median.ts";

/** The bundle lives in dist/, one level below the project root. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The node under test; `--node` points elsewhere, e.g. at a build of an older commit for before/after figures. */
let nodeBin = join(root, "bin", "gossip-node");
const simulateBin = join(root, "scripts", "simulate");

const measurements = ["throughput", "read", "startup", "memory"] as const;
type Measurement = (typeof measurements)[number];

interface Row {
  measurement: string;
  node: string;
  baseline: string;
  ratio: number;
  goal: string;
  /** Undefined for a figure with no goal, reported for context. */
  met: boolean | undefined;
}


/** "median [every run]", for the progress lines. */
function series(xs: readonly number[], show: (x: number) => string): string {
  return `${show(median(xs))} [${xs.map(show).join(", ")}]`;
}

function fmt(x: number): string {
  return x.toLocaleString("en-US", { maximumFractionDigits: 0 });
}

// ---------------------------------------------------------------------------------------------
// Throughput

/**
 * The least a Node.js program must do to give the same replies: split lines, JSON.parse,
 * remember broadcast values (deduplicated, as a set), JSON.stringify a reply, write it. No
 * validation, no logging, no actors — the floor the node is measured against. The issue's
 * baseline writes each reply at once; the batched variant writes a whole input chunk's replies
 * in one call, as the node's writer does, so that the node's own batching is not mistaken for
 * cheaper processing.
 */
function barePipe(batched: boolean): string {
  return `
const batched = ${batched};
const seen = new Set();
const values = [];
let rest = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  const lines = (rest + chunk).split("\\n");
  rest = lines.pop();
  const out = [];
  for (const line of lines) {
    if (!line) continue;
    const m = JSON.parse(line);
    const b = m.body;
    const reply = { type: b.type + "_ok", in_reply_to: b.msg_id };
    if (b.type === "broadcast" && !seen.has(b.message)) {
      seen.add(b.message);
      values.push(b.message);
    } else if (b.type === "read") reply.messages = values;
    const text = JSON.stringify({ src: m.dest, dest: m.src, body: reply }) + "\\n";
    if (batched) out.push(text);
    else process.stdout.write(text);
  }
  if (out.length) process.stdout.write(out.join(""));
});
`;
}

interface Mix {
  name: string;
  description: string;
  /** Share of requests that are reads. */
  readShare: number;
  /** Broadcast values are drawn from [0, pool); undefined means every value is new. */
  pool: number | undefined;
}

const mixes: readonly Mix[] = [
  { name: "broadcast-only", description: "100 % broadcast, every value new (the set grows to the message count)", readShare: 0, pool: undefined },
  { name: "90/10", description: "90 % broadcast / 10 % read, values from a pool of 1,000", readShare: 0.1, pool: 1000 },
  { name: "read-heavy", description: "50 % broadcast / 50 % read, values from a pool of 100", readShare: 0.5, pool: 100 },
];

/** init and topology first (answered before the clock starts), then the workload as one buffer. */
function workload(mix: Mix, count: number, seed: number): { setup: Buffer; requests: Buffer } {
  const rng = new Rng(seed);
  const line = (body: object): string => JSON.stringify({ src: "c1", dest: "n0", body }) + "\n";
  const setup =
    line({ type: "init", msg_id: 1, node_id: "n0", node_ids: ["n0"] }) + line({ type: "topology", msg_id: 2, topology: { n0: [] } });
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const msgId = i + 3;
    if (rng.next() < mix.readShare) parts.push(line({ type: "read", msg_id: msgId }));
    else parts.push(line({ type: "broadcast", msg_id: msgId, message: mix.pool === undefined ? i : rng.int(mix.pool) }));
  }
  return { setup: Buffer.from(setup), requests: Buffer.from(parts.join("")) };
}

/** The node logs on stderr; kept (the end of it) only to explain a failure. */
function collectStderr(child: ChildProcess): () => string {
  let text = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-8192);
  });
  return () => text;
}

/** Counts reply lines as they arrive; `until` resolves once `target` lines have come, with the last one. */
function countLines(child: ChildProcess, stderr: () => string): { until: (target: number) => Promise<string> } {
  let lines = 0;
  let tail = "";
  let waiting: { target: number; resolve: (last: string) => void; reject: (error: Error) => void } | undefined;
  const check = (): void => {
    if (!waiting || lines < waiting.target) return;
    const trimmed = tail.trimEnd();
    waiting.resolve(trimmed.slice(trimmed.lastIndexOf("\n") + 1));
    waiting = undefined;
  };
  child.stdout?.on("data", (chunk: Buffer) => {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    // Only the end of the stream is kept, to check the last reply without buffering them all.
    tail = (tail + chunk.subarray(-4096).toString("latin1")).slice(-4096);
    check();
  });
  child.on("exit", (code) => waiting?.reject(new Error(`process exited (${code}) after ${lines} lines; stderr:\n${stderr()}`)));
  return {
    until: (target) =>
      new Promise((resolve, reject) => {
        waiting = { target, resolve, reject };
        check();
      }),
  };
}

/** Messages per second through one process, from the first workload byte to the last reply. */
async function throughputOnce(command: readonly string[], input: { setup: Buffer; requests: Buffer }, count: number): Promise<number> {
  const child = spawn(command[0] as string, command.slice(1), { stdio: ["pipe", "pipe", "pipe"] });
  const stderr = collectStderr(child);
  const replies = countLines(child, stderr);
  child.stdin?.write(input.setup);
  await replies.until(2);
  const started = performance.now();
  child.stdin?.write(input.requests);
  const last = await replies.until(2 + count);
  const seconds = (performance.now() - started) / 1000;
  const lastReply = JSON.parse(last) as { body: { in_reply_to?: number } };
  if (lastReply.body.in_reply_to !== count + 2) throw new Error(`unexpected last reply: ${last.slice(0, 200)}`);
  child.stdin?.end();
  await new Promise((res) => child.once("exit", res));
  return count / seconds;
}

async function measureThroughput(runs: number, count: number, onlyMix: string | undefined): Promise<Row[]> {
  const rows: Row[] = [];
  const programs = {
    node: [nodeBin],
    bare: [process.execPath, "-e", barePipe(false)],
    batched: [process.execPath, "-e", barePipe(true)],
  } as const;
  const names = Object.keys(programs) as (keyof typeof programs)[];
  for (const mix of mixes) {
    if (onlyMix && mix.name !== onlyMix) continue;
    const input = workload(mix, count, 6);
    const rates: Record<keyof typeof programs, number[]> = { node: [], bare: [], batched: [] };
    for (let r = 0; r < runs; r++) {
      // Rotate which goes first, so a slow patch of the machine does not always hit the same one.
      for (let k = 0; k < names.length; k++) {
        const name = names[(r + k) % names.length] as keyof typeof programs;
        rates[name].push(await throughputOnce(programs[name], input, count));
      }
    }
    const [node, bare, batched] = [median(rates.node), median(rates.bare), median(rates.batched)];
    progress(`throughput ${mix.name}: ${names.map((n) => `${n} ${series(rates[n], fmt)} msg/s`).join("; ")}`);
    rows.push({
      measurement: `throughput, ${mix.name}: ${mix.description}`,
      node: `${fmt(node)} msg/s`,
      baseline: `${fmt(bare)} msg/s (bare pipe)`,
      ratio: node / bare,
      goal: "≥ 0.60",
      met: node / bare >= 0.6,
    });
    rows.push({
      measurement: `throughput, ${mix.name}, against a bare pipe that also batches its writes`,
      node: `${fmt(node)} msg/s`,
      baseline: `${fmt(batched)} msg/s (batched bare pipe)`,
      ratio: node / batched,
      goal: "—",
      met: undefined,
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// read_ok cost

/** A sink that takes every write at once, so both sides pay the same string-to-bytes encoding and nothing else. */
function nullSink(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}

/**
 * One `read` through the core and the writer, as the main loop does it, with 100,000 values in
 * the set and a broadcast just before (so no cache from an earlier read applies), against writing
 * the same array once with JSON.stringify into the same sink. Both are timed until the sink has
 * taken the bytes, since the writer leaves the writing to a later turn of the event loop. This
 * runs in this process on this checkout's code; `--node` does not apply to it.
 */
async function measureRead(runs: number): Promise<Row[]> {
  const size = 100_000;
  const perRun = 30;
  const core = new BroadcastNode({ config: profiles.default });
  const msg = (body: InboundMessage["body"]): { kind: "message"; message: InboundMessage } => ({
    kind: "message",
    message: { src: "c1", dest: "n0", body },
  });
  core.handle(msg({ type: "init", msg_id: 1, node_id: "n0", node_ids: ["n0"] }), 0);
  for (let i = 0; i < size; i++) core.handle(msg({ type: "broadcast", msg_id: i + 2, message: String(i) }), 0);
  const sink = nullSink();
  const writer = new Writer(sink);
  const array = core.read().map(Number);

  const nodeRead = async (i: number): Promise<number> => {
    core.handle(msg({ type: "broadcast", msg_id: 1e9 + i, message: String(size + i) }), 0);
    const started = performance.now();
    for (const out of core.handle(msg({ type: "read", msg_id: 2e9 + i }), 0)) writer.send(out);
    await writer.flush();
    return performance.now() - started;
  };
  const bareWrite = async (): Promise<number> => {
    const started = performance.now();
    await new Promise((done) => sink.write(JSON.stringify(array), done));
    return performance.now() - started;
  };
  // Warm both paths up so that neither pays for compilation in the timed runs.
  for (let i = 0; i < 10; i++) {
    await nodeRead(-1 - i);
    await bareWrite();
  }
  const node: number[] = [];
  const bare: number[] = [];
  let k = 0;
  for (let r = 0; r < runs; r++) {
    const n: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < perRun; i++) {
      n.push(await nodeRead(k++));
      b.push(await bareWrite());
    }
    node.push(median(n));
    bare.push(median(b));
  }
  const ratio = median(node) / median(bare);
  progress(`read_ok: node ${series(node, (x) => x.toFixed(2))} ms, bare ${series(bare, (x) => x.toFixed(2))} ms`);
  return [
    {
      measurement: "`read_ok` with 100,000 values: core and writer, after a broadcast",
      node: `${median(node).toFixed(2)} ms`,
      baseline: `${median(bare).toFixed(2)} ms (\`JSON.stringify\` of the array, written)`,
      ratio,
      goal: "≤ 2",
      met: ratio <= 2,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Start-up

/** Milliseconds from spawn to the first complete line on stdout. */
async function firstLineMs(command: readonly string[], stdin: string | undefined): Promise<number> {
  const started = performance.now();
  const child = spawn(command[0] as string, command.slice(1), { stdio: ["pipe", "pipe", "pipe"] });
  const stderr = collectStderr(child);
  if (stdin !== undefined) child.stdin?.write(stdin);
  const elapsed = await new Promise<number>((res, rej) => {
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes("\n")) res(performance.now() - started);
    });
    child.once("exit", (code) => rej(new Error(`${command.join(" ")} exited (${code}) before its first line; stderr:\n${stderr()}`)));
  });
  child.stdin?.end();
  await new Promise((res) => child.once("exit", res));
  return elapsed;
}

async function measureStartup(runs: number): Promise<Row[]> {
  const init = JSON.stringify({ src: "c1", dest: "n0", body: { type: "init", msg_id: 1, node_id: "n0", node_ids: ["n0"] } }) + "\n";
  // Twice the repetitions: one start-up is short, so one scheduling hiccup weighs a lot.
  const reps = Math.max(runs * 2, 10);
  const bare: number[] = [];
  const node: number[] = [];
  // One of each first, untimed, so the files are in the page cache for both.
  await firstLineMs([process.execPath, "-e", "process.stdout.write('up\\n')"], undefined);
  await firstLineMs([nodeBin], init);
  for (let r = 0; r < reps; r++) {
    const order = r % 2 ? ["node", "bare"] : ["bare", "node"];
    for (const which of order) {
      if (which === "bare") bare.push(await firstLineMs([process.execPath, "-e", "process.stdout.write('up\\n')"], undefined));
      else node.push(await firstLineMs([nodeBin], init));
    }
  }
  const ratio = median(node) / median(bare);
  progress(`start-up: node ${series(node, (x) => x.toFixed(1))} ms, bare ${series(bare, (x) => x.toFixed(1))} ms`);
  return [
    {
      measurement: "start-up: spawn `bin/gossip-node` to `init_ok`",
      node: `${median(node).toFixed(1)} ms`,
      baseline: `${median(bare).toFixed(1)} ms (\`node -e\` to its first line)`,
      ratio,
      goal: "≤ 1.5",
      met: ratio <= 1.5,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Memory

/**
 * Peak RSS of every node of a 3d run, as the kernel counts it (`/usr/bin/time`'s maximum resident
 * set, read at the node's exit). The baseline is an idle `node -e` under the same wrapper: what
 * Node.js itself costs before the node does anything.
 */
async function measureMemory(runs: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), "bench-runtime-"));
  try {
    const wrapper = join(dir, "node-under-time");
    // $$ is the shell's pid, which exec hands on to time, so each node writes its own file.
    writeFileSync(wrapper, `#!/bin/sh\nexec /usr/bin/time -f %M -o "${dir}/rss.$$" "${nodeBin}" "$@"\n`);
    chmodSync(wrapper, 0o755);
    const peaks: number[] = [];
    const medians: number[] = [];
    for (let r = 0; r < runs; r++) {
      for (const f of readdirSync(dir)) if (f.startsWith("rss.")) rmSync(join(dir, f));
      const args = ["test", "-w", "broadcast", "--bin", wrapper, "--preset", "3d", "--no-report"];
      args.push("--store", join(dir, "store"), "--seed", String(r + 1));
      const simulate = spawn(simulateBin, args, { stdio: ["ignore", "ignore", "inherit"] });
      const code = await new Promise<number | null>((res) => simulate.once("exit", res));
      const kb = readdirSync(dir)
        .filter((f) => f.startsWith("rss."))
        .map((f) => Number(readFileSync(join(dir, f), "utf8").trim().split("\n").pop()));
      if (!kb.length || kb.some((x) => !Number.isFinite(x))) throw new Error(`3d run ${r + 1} left no usable RSS figures (exit ${code})`);
      peaks.push(Math.max(...kb) / 1024);
      medians.push(median(kb) / 1024);
      const summary = `peak ${(Math.max(...kb) / 1024).toFixed(1)} MB, median node ${(median(kb) / 1024).toFixed(1)} MB`;
      progress(`memory run ${r + 1}: ${kb.length} nodes, ${summary} (simulate exit ${code})`);
    }
    const bare: number[] = [];
    for (let r = 0; r < runs; r++) {
      const file = join(dir, `bare.${r}`);
      const idle = spawn("/usr/bin/time", ["-f", "%M", "-o", file, process.execPath, "-e", "0"], { stdio: "ignore" });
      await new Promise((res) => idle.once("exit", res));
      bare.push(Number(readFileSync(file, "utf8").trim().split("\n").pop()) / 1024);
    }
    const peak = median(peaks);
    return [
      {
        measurement: "peak RSS of the largest of the 25 nodes during the 3d preset",
        node: `${peak.toFixed(1)} MB (median node ${median(medians).toFixed(1)} MB)`,
        baseline: `${median(bare).toFixed(1)} MB (\`node -e 0\`)`,
        ratio: peak / median(bare),
        goal: "≤ 60 MB",
        met: peak <= 60,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "5" },
      messages: { type: "string", default: "200000" },
      only: { type: "string" },
      mix: { type: "string" },
      node: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(
      [
        "usage: scripts/bench-runtime [--runs N] [--messages N] [--only LIST] [--mix NAME] [--node PATH]",
        `  --only    comma-separated subset of: ${measurements.join(", ")} (default: all)`,
        `  --mix     one throughput mix: ${mixes.map((m) => m.name).join(", ")} (default: all)`,
        "  --node    the node executable to measure (default: bin/gossip-node of this checkout)",
        "",
      ].join("\n"),
    );
    return 0;
  }
  const runs = Number(values.runs);
  const count = Number(values.messages);
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(count) || count < 1) {
    process.stderr.write("bench-runtime: --runs and --messages take positive integers\n");
    return 2;
  }
  const only = (values.only ?? measurements.join(",")).split(",");
  const unknown = only.filter((m) => !(measurements as readonly string[]).includes(m));
  if (unknown.length || (values.mix && !mixes.some((m) => m.name === values.mix))) {
    process.stderr.write(`bench-runtime: unknown measurement or mix: ${[...unknown, values.mix ?? ""].filter(Boolean).join(", ")}\n`);
    return 2;
  }
  if (values.node) nodeBin = resolve(values.node);
  const want = (m: Measurement): boolean => only.includes(m);
  const rows: Row[] = [];
  if (want("throughput")) rows.push(...(await measureThroughput(runs, count, values.mix)));
  if (want("read")) rows.push(...(await measureRead(runs)));
  if (want("startup")) rows.push(...(await measureStartup(runs)));
  if (want("memory")) rows.push(...(await measureMemory(runs)));

  process.stdout.write(`${nodeBin} on Node.js ${process.version}, ${runs} runs each, medians\n\n`);
  process.stdout.write("| measurement | node | baseline | ratio | goal | met |\n|---|---|---|---|---|---|\n");
  for (const r of rows) {
    const met = r.met === undefined ? "—" : r.met ? "yes" : "no";
    process.stdout.write(`| ${r.measurement} | ${r.node} | ${r.baseline} | ${r.ratio.toFixed(2)} | ${r.goal} | ${met} |\n`);
  }
  return 0;
}

process.exit(await main());
