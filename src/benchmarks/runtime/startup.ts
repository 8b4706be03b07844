// Runtime benchmark: spawn to init_ok of the node, against node -e to its first line.
import { spawn } from "node:child_process";
import { median } from "../../report/median.ts";
import { collectStderr, progress, series, type Bench, type Row } from "./common.ts";

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

export async function measureStartup({ nodeBin, runs }: Bench): Promise<Row[]> {
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

