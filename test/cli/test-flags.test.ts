// The parsers of the command-line kit and of `simulate test`'s Maelstrom flags, and the preset merge under the user's flags.
import { Command, InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { configure, integer, integerList, positiveNumber } from "../../src/cli/kit.ts";
import { addTestFlags, mergePreset, parseConcurrency, parseNemesis, toTestOptions, type TestFlags } from "../../src/cli/test-flags.ts";
import { getPreset, presetOptions } from "../../src/presets/presets.ts";

describe("flag parsers", () => {
  it("concurrency: a count or K times the node count", () => {
    expect(parseConcurrency("2n")).toEqual({ count: 2, perNode: true });
    expect(parseConcurrency("3")).toEqual({ count: 3, perNode: false });
    for (const bad of ["0", "0n", "n", "2x", "-1", ""]) expect(() => parseConcurrency(bad)).toThrow(InvalidArgumentError);
  });

  it("nemesis: a comma list of partition and isolate", () => {
    expect(parseNemesis("partition")).toEqual(["partition"]);
    expect(parseNemesis("partition,")).toEqual(["partition"]);
    expect(parseNemesis("isolate,isolate")).toEqual(["isolate"]);
    expect(parseNemesis("")).toEqual([]);
    expect(() => parseNemesis("partition,kill")).toThrow(InvalidArgumentError);
    expect(() => parseNemesis("clock")).toThrow(/expected partition or isolate/);
  });

  it("numbers and lists", () => {
    expect(integer(0)("100")).toBe(100);
    expect(integer(0)("0")).toBe(0);
    for (const bad of ["-1", "1.5", "x", ""]) expect(() => integer(0)(bad)).toThrow(InvalidArgumentError);
    expect(() => integer(1, 10)("11")).toThrow(/from 1 to 10/);
    expect(positiveNumber(true)("0")).toBe(0);
    expect(positiveNumber()("0.5")).toBe(0.5);
    for (const bad of ["0", "-2", "abc", ""]) expect(() => positiveNumber()(bad)).toThrow(InvalidArgumentError);
    expect(integerList(0)("1, 2,3")).toEqual([1, 2, 3]);
    expect(() => integerList(0)("1,x")).toThrow(InvalidArgumentError);
  });
});

describe("simulate test's flags", () => {
  const parse = (argv: string[]): TestOptions => {
    let options: TestOptions | undefined;
    const command: Command = configure(addTestFlags(new Command("test"))).action((_args: string[], flags: TestFlags) => {
      const preset = flags.preset === undefined ? undefined : getPreset(flags.preset);
      options = toTestOptions({ ...mergePreset(command, flags, preset), seed: 1 });
    });
    command.parse(argv, { from: "user" });
    if (!options) throw new Error("no action");
    return options;
  };
  type TestOptions = ReturnType<typeof toTestOptions>;

  it("takes Maelstrom's defaults and computes Kn concurrency from the node count", () => {
    expect(parse([])).toMatchObject({ nodeCount: undefined, timeLimit: 60, rate: 5, concurrency: 5, topology: "grid" });
    expect(parse(["--node-count", "25", "--concurrency", "2n"]).concurrency).toBe(50);
  });

  it("puts a preset's options under the flags the user gave", () => {
    expect(parse(["--preset", "3d"])).toMatchObject({ nodeCount: 25, timeLimit: 20, rate: 100, latency: 100, nemesis: false });
    expect(parse(["--preset", "3d", "--rate", "5", "--time-limit", "3"])).toMatchObject({ nodeCount: 25, timeLimit: 3, rate: 5, latency: 100 });
    expect(parse(["--time-limit", "3", "--preset", "3c"])).toMatchObject({ nodeCount: 5, timeLimit: 3, nemesis: true });
    expect(parse(["--preset", "3c"]).isolate).toBeUndefined();
  });

  it("isolates the first server from a quarter to three quarters of the time limit, unless told", () => {
    expect(parse(["--nemesis", "isolate", "--time-limit", "20", "--node-count", "3"])).toMatchObject({ nemesis: false, isolate: { from: 5, until: 15 } });
    expect(parse(["--nemesis", "isolate", "--time-limit", "20", "--node-count", "3", "--isolate-node", "n2", "--isolate-from", "0", "--isolate-until", "20"]).isolate).toEqual({ node: "n2", from: 0, until: 20 });
    expect(parse(["--nemesis", "partition"]).isolate).toBeUndefined();
  });

  it("refuses --isolate-* flags that do not fit", () => {
    expect(() => parse(["--isolate-node", "n1"])).toThrow(/need --nemesis isolate/);
    expect(() => parse(["--nemesis", "partition,isolate"])).toThrow(/give one of them/);
    expect(() => parse(["--nemesis", "isolate", "--isolate-node", "n9"])).toThrow(/not one of the servers \(n1, n2/);
    expect(() => parse(["--nemesis", "isolate", "--time-limit", "20", "--isolate-from", "15", "--isolate-until", "5"])).toThrow(/--isolate-from < --isolate-until <= --time-limit/);
    expect(() => parse(["--nemesis", "isolate", "--time-limit", "20", "--isolate-until", "30"])).toThrow(/got 5 s to 30 s of 20 s/);
  });

  it("refuses what Maelstrom refuses", () => {
    expect(() => parse(["--latency-dist", "uniform"])).toThrow(/needs --latency > 0/);
    expect(() => parse(["--topology", "ring"])).toThrow(/Allowed choices are grid, line/);
  });
});
