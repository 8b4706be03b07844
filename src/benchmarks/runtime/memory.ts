// Runtime benchmark: peak RSS of every node of a 3d run, against an idle node -e 0.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median } from "../../report/median.ts";
import { progress, type Bench, type Row } from "./common.ts";

/**
 * Peak RSS of every node of a 3d run, as the kernel counts it (`/usr/bin/time`'s maximum resident
 * set, read at the node's exit). The baseline is an idle `node -e` under the same wrapper: what
 * Node.js itself costs before the node does anything.
 */
export async function measureMemory({ nodeBin, simulateBin, runs }: Bench): Promise<Row[]> {
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

