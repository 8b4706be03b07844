// scripts/simulate's Maelstrom flags and subcommands: logs, --nodes, --log-net-send/--log-net-recv, and exit 255 on an internal error.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/kit.ts";
import { historySchema } from "../../src/sim/checking/history.ts";
import { netRecordSchema } from "../../src/store/net-recorder.ts";
import { dirs, reference, required, root, sim, simulate } from "../helpers/simulate.ts";

const short = ["-w", "broadcast", "--time-limit", "2", "--rate", "10", "--recovery", "1", "--seed", "5"];

const read = (dir: string, file: string): unknown => JSON.parse(readFileSync(join(dir, file), "utf8"));

describe.concurrent("scripts/simulate's command line", () => {
  it("logs DIR merges the node logs in time order, each line with its node id and a level name", async () => {
    const r = await sim([...short, "--node-count", "3", "--bin", join(root, "bin", "gossip-node")]);
    expect(r.code, r.stderr).toBe(0);
    const out = spawnSync(simulate, ["logs", r.runDir], { encoding: "utf8" });
    expect(out.status, out.stderr).toBe(0);
    const heads = out.stdout.split("\n").filter((line) => line.startsWith("["));
    const parsed = heads.map((line) => /^\[(\d\d:\d\d:\d\d\.\d{3})\] ([A-Z]+): (n\d) (.*)$/.exec(line));
    expect(parsed.every(Boolean), heads.join("\n")).toBe(true);
    const entries = parsed.map((m) => ({ time: m?.[1] ?? "", level: m?.[2] ?? "", node: m?.[3] ?? "", msg: m?.[4] ?? "" }));
    // HH:MM:ss.l sorts as time does, unless the few seconds' run spans midnight.
    expect(entries.map((e) => e.time)).toEqual([...entries.map((e) => e.time)].sort());
    expect(new Set(entries.map((e) => e.level))).toEqual(new Set(["INFO"]));
    // The first line of each node's log precedes its init, so the merge names the node itself.
    for (const n of ["n0", "n1", "n2"]) expect(entries.filter((e) => e.node === n).map((e) => e.msg)).toContain("starting");
    expect(out.stdout).not.toMatch(/"level":/);
  });

  it("--nodes names the servers: only they take client operations and keep logs; --node-count overrides it", async () => {
    const [named, counted] = await Promise.all([
      sim([...short, "--nodes", "alpha,beta", "--bin", reference("flood.mjs")]),
      sim([...short, "--nodes", "alpha,beta", "--node-count", "2", "--bin", reference("flood.mjs")]),
    ]);
    expect(named.code, named.stderr).toBe(0);
    const nodesOf = (dir: string): string[] => [...new Set(historySchema.parse(read(dir, "history.json")).map((op) => op.node))].sort();
    expect(nodesOf(named.runDir)).toEqual(["alpha", "beta"]);
    expect(readdirSync(join(named.runDir, "node-logs")).sort()).toEqual(["alpha.log", "beta.log"]);
    expect(required(named.results).identity?.["node-count"]).toBe(2);
    expect(counted.code, counted.stderr).toBe(0);
    expect(nodesOf(counted.runDir).some((n) => n === "alpha" || n === "beta")).toBe(false);
  });

  it("--log-net-send logs each message as it is sent, --log-net-recv as it is delivered, on stderr", async () => {
    const [both, send] = await Promise.all([
      sim([...short, "--node-count", "2", "--bin", reference("flood.mjs"), "--log-net-send", "--log-net-recv"]),
      sim([...short, "--node-count", "2", "--bin", reference("flood.mjs"), "--log-net-send"]),
    ]);
    expect(both.code, both.stderr).toBe(0);
    const lines = (stderr: string, what: string): { src: string; dest: string; body: { type: string } }[] =>
      stderr
        .split("\n")
        .filter((l) => l.includes(` :${what} `))
        .map((l) => {
          expect(l).toMatch(new RegExp(`^\\d+\\.\\d{3} :${what} \\{`));
          return JSON.parse(l.slice(l.indexOf("{")));
        });
    const net = netRecordSchema.array().parse(read(both.runDir, "net.json"));
    const sent = lines(both.stderr, "send");
    const received = lines(both.stderr, "recv");
    expect(sent).toHaveLength(net.length);
    expect(received).toHaveLength(net.filter((r) => r[1] !== null).length);
    expect(sent.map((m) => `${m.src}>${m.dest} ${m.body.type}`).sort()).toEqual(net.map((r) => `${r[2]}>${r[3]} ${r[4]}`).sort());
    expect(lines(send.stderr, "send").length).toBeGreaterThan(0);
    expect(lines(send.stderr, "recv")).toEqual([]);
  });

  it(`exits ${EXIT.internal} with one line when the store cannot be written`, () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-test-"));
    dirs.push(dir);
    const file = join(dir, "not-a-directory");
    writeFileSync(file, "");
    const r = spawnSync(simulate, ["test", ...short, "--bin", reference("flood.mjs"), "--store", join(file, "store")], { encoding: "utf8" });
    expect(r.status).toBe(EXIT.internal);
    expect(r.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^simulate: internal error: ENOTDIR/)]);
  });
});
