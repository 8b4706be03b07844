// The library's examples, bundled, through their presets in the bench's simulator; a broken node judged invalid with its reason.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { required, root, sim } from "../helpers/simulate.ts";

const built = (name: string): string => join(root, "dist", name);

describe("examples on the library, in-process on virtual time", () => {
  it.each([
    ["1", "echo"],
    ["2", "unique-ids"],
    ["3b", "broadcast"],
    ["4", "g-counter"],
  ])("preset %s passes with examples/%s.ts", async (preset, example) => {
    const run = await sim(["--preset", preset, "--in-process", built(`examples/${example}.mjs`), "--seed", "7"]);
    expect(run.stderr).toBe("");
    expect(required(run.results).valid).toBe(true);
    expect(required(run.results).preset?.pass).toBe(true);
    expect(run.code).toBe(0);
  });

  it("cuts one node off under --nemesis isolate, records the cut and reports how soon the others see each other's values", async () => {
    const run = await sim(["-w", "broadcast", "--in-process", built("examples/broadcast.mjs"), "--node-count", "4", "--rate", "50", "--time-limit", "8", "--nemesis", "isolate", "--isolate-node", "n2", "--seed", "3"]);
    const results = required(run.results);
    expect(results.visibility).toMatchObject({ from: expect.any(Number), "cut-off": ["n2"] });
    expect(results.visibility?.until).toBeCloseTo((results.visibility?.from ?? 0) + 4000, 0);
    expect(results.visibility?.["seen-count"]).toBeGreaterThan(0);
    const partitions = JSON.parse(readFileSync(join(run.runDir, "partitions.json"), "utf8")) as unknown[];
    expect(partitions).toMatchObject([{ f: "start-partition", description: "isolate [n2] cut off", components: [["n0", "n1", "n3"], ["n2"]] }, { f: "stop-partition" }]);
    expect(run.stdout).toMatch(/nemesis isolate n2 from 2 s to 6 s/);
    expect(run.stdout).toMatch(/visibility {2}while n2 was cut off .*: median \d+ ms, p95 \d+, p99 \d+, max \d+; \d+ unseen before the heal/);
  });

  it("judges an echo node that drops one echo in a hundred invalid, naming the unanswered ops", async () => {
    const run = await sim(["-w", "echo", "--in-process", built("test-nodes/kit-echo-drops.mjs"), "--rate", "100", "--time-limit", "5", "--seed", "3"]);
    const results = required(run.results);
    expect(results.valid).toBe(false);
    expect(run.code).toBe(1);
    expect(JSON.stringify(results.reasons)).toMatch(/timeout|never|echo/i);
    expect(run.stdout).toMatch(/why .*invalid/i);
  });

  it("replays an in-process run exactly: the same history, operation for operation", async () => {
    const run = await sim(["-w", "echo", "--in-process", built("examples/echo.mjs"), "--rate", "50", "--time-limit", "3", "--seed", "5"]);
    expect(run.code, run.stderr).toBe(0);
    const again = await sim([run.runDir], "replay");
    expect(again.code, again.stderr).toBe(0);
    const history = (dir: string): string => readFileSync(join(dir, "history.json"), "utf8");
    expect(history(again.runDir)).toBe(history(run.runDir));
    expect(required(again.results?.identity).options["replay-args"]).toEqual(required(run.results?.identity).options["replay-args"]);
  });

  it("runs the same example as a process on the wall clock", async () => {
    const run = await sim(["--preset", "1", "--bin", built("examples/echo.mjs"), "--time-limit", "2", "--recovery", "0"]);
    expect(required(run.results).valid).toBe(true);
    expect(run.code).toBe(0);
  });

  it("refuses a module that exports no node", async () => {
    const run = await sim(["-w", "echo", "--in-process", join(root, "test", "fixtures", "not-a-node.mjs")]);
    expect(run.code).toBe(254);
    expect(run.stderr).toMatch(/--in-process: .* no default export that is a node/);
  });
});
