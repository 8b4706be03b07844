// Runtime benchmark: messages per second through the node against a bare Node.js pipe giving the same replies.
import { spawn, type ChildProcess } from "node:child_process";
import { median } from "../../report/median.ts";
import { Rng } from "../../sim/world/rng.ts";
import { collectStderr, fmt, progress, series, type Bench, type Row } from "./common.ts";

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

export const mixes: readonly Mix[] = [
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

export async function measureThroughput({ nodeBin, runs }: Bench, count: number, onlyMix: string | undefined): Promise<Row[]> {
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

