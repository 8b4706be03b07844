// mergeLogs on hand-written pino lines: one time-ordered stream, every line named by its node, levels as words.
import { describe, expect, it } from "vitest";
import { mergeLogs } from "../../src/report/logs.ts";

const line = (time: number, level: number, msg: string, node?: string): string => JSON.stringify({ level, time, pid: 1, name: "gossip-node", ...(node && { node }), msg });

describe("mergeLogs", () => {
  it("interleaves the nodes' lines by time, names each line's node, and keeps a non-pino line after its predecessor", () => {
    const t = Date.UTC(2026, 0, 1, 10, 0, 0);
    const out = mergeLogs(
      [
        { node: "n0", text: [line(t, 30, "starting"), line(t + 20, 50, "lost a peer", "n0"), "plain text from n0"].join("\n") },
        { node: "n1", text: [line(t + 10, 40, "slow", "n1"), line(t + 30, 20, "tick", "n1"), ""].join("\n") },
      ],
      { colour: false },
    );
    const lines = out.trimEnd().split("\n").map((l) => l.replace(/^\[[^\]]+\] /, ""));
    expect(lines).toEqual(["INFO: n0 starting", "WARN: n1 slow", "ERROR: n0 lost a peer", "n0 plain text from n0", "DEBUG: n1 tick"]);
  });
});
