// Runtime benchmark: spawn to init_ok of the node, against node -e to its first line; then the first request after init_ok.
import { spawn } from "node:child_process";
import { median } from "../../report/median.ts";
import { collectStderr, progress, series, type Bench, type Row } from "./common.ts";

/**
 * Spawns `command` and times its output lines: the first from spawn (after writing `lines[0]`,
 * if any), each later one from writing the next of `lines` at once after the line before it.
 */
async function lineTimes(command: readonly string[], lines: readonly string[]): Promise<number[]> {
  let started = performance.now();
  const child = spawn(command[0] as string, command.slice(1), { stdio: ["pipe", "pipe", "pipe"] });
  const stderr = collectStderr(child);
  const times: number[] = [];
  const wanted = Math.max(lines.length, 1);
  if (lines[0] !== undefined) child.stdin?.write(lines[0]);
  await new Promise<void>((res, rej) => {
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      for (let at = seen.indexOf("\n"); at >= 0 && times.length < wanted; at = seen.indexOf("\n")) {
        seen = seen.slice(at + 1);
        times.push(performance.now() - started);
        const next = lines[times.length];
        if (next !== undefined) {
          started = performance.now();
          child.stdin?.write(next);
        }
      }
      if (times.length === wanted) res();
    });
    child.once("exit", (code) => rej(new Error(`${command.join(" ")} exited (${code}) after ${times.length} of ${wanted} lines; stderr:\n${stderr()}`)));
  });
  child.stdin?.end();
  await new Promise((res) => child.once("exit", res));
  return times;
}

const line = (body: object): string => JSON.stringify({ src: "c1", dest: "n0", body }) + "\n";

export async function measureStartup({ nodeBin, runs }: Bench): Promise<Row[]> {
  const init = line({ type: "init", msg_id: 1, node_id: "n0", node_ids: ["n0", "n1", "n2"] });
  // Maelstrom's first request after init: the node's first line that needs its zod schemas.
  const topology = line({ type: "topology", msg_id: 2, topology: { n0: ["n1", "n2"], n1: ["n0"], n2: ["n0"] } });
  const bareStart = [process.execPath, "-e", "process.stdout.write('up\\n')"];
  // For the first request, a bare Node.js that answers each line with itself.
  const bareEcho = [process.execPath, "-e", "process.stdout.write('up\\n'); process.stdin.on('data', (d) => process.stdout.write(d))"];
  // Twice the repetitions: one start-up is short, so one scheduling hiccup weighs a lot.
  const reps = Math.max(runs * 2, 10);
  const bare: number[] = [];
  const node: number[] = [];
  const echo: number[] = [];
  const first: number[] = [];
  // One of each first, untimed, so the files are in the page cache for both.
  await lineTimes(bareStart, []);
  await lineTimes([nodeBin], [init, topology]);
  for (let r = 0; r < reps; r++) {
    const order = r % 2 ? ["node", "bare"] : ["bare", "node"];
    for (const which of order) {
      if (which === "bare") {
        bare.push(...(await lineTimes(bareStart, [])));
        echo.push((await lineTimes(bareEcho, ["", topology]))[1] as number);
      } else {
        const [up, reply] = await lineTimes([nodeBin], [init, topology]);
        node.push(up as number);
        first.push(reply as number);
      }
    }
  }
  const ratio = median(node) / median(bare);
  progress(`start-up: node ${series(node, (x) => x.toFixed(1))} ms, bare ${series(bare, (x) => x.toFixed(1))} ms`);
  progress(`first request: node ${series(first, (x) => x.toFixed(2))} ms, bare echo ${series(echo, (x) => x.toFixed(2))} ms`);
  return [
    {
      measurement: "start-up: spawn `bin/gossip-node` to `init_ok`",
      node: `${median(node).toFixed(1)} ms`,
      baseline: `${median(bare).toFixed(1)} ms (\`node -e\` to its first line)`,
      ratio,
      goal: "≤ 1.5",
      met: ratio <= 1.5,
    },
    {
      measurement: "first request: `topology` written at once after `init_ok`, to `topology_ok`",
      node: `${median(first).toFixed(2)} ms`,
      baseline: `${median(echo).toFixed(2)} ms (\`node -e\` echoing the line)`,
      ratio: median(first) / median(echo),
      goal: "—",
      met: undefined,
    },
  ];
}
