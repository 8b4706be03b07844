// The workloads' generators with fixed seeds: g-counter's filtered mix, pn-counter's deltas, echo's values.
import { describe, expect, it } from "vitest";
import { workloads } from "../../../src/sim/workloads/index.ts";
import { defaultTestOptions } from "../../../src/sim/workloads/options.ts";
import type { ClientOp } from "../../../src/sim/workloads/workload.ts";
import { Rng } from "../../../src/sim/world/rng.ts";

function draw(name: keyof typeof workloads, n: number, seed = 42): ClientOp[] {
  const gen = workloads[name].generator();
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => gen.next(rng));
}

const share = (ops: readonly ClientOp[], f: string): number => ops.filter((op) => op.f === f).length / ops.length;

describe("counter generators", () => {
  it("pn-counter: adds and reads half and half, deltas −5…4", () => {
    const ops = draw("pn-counter", 20_000);
    expect(share(ops, "add")).toBeCloseTo(0.5, 1);
    const deltas = new Set(ops.filter((op) => op.f === "add").map((op) => op.value));
    expect([...deltas].sort((a, b) => Number(a) - Number(b))).toEqual([-5, -4, -3, -2, -1, 0, 1, 2, 3, 4]);
  });

  it("g-counter: the filter redraws, so a third of the ops are adds of 0…4", () => {
    const ops = draw("g-counter", 20_000);
    const adds = ops.filter((op) => op.f === "add");
    // Measured from seed 42: 6,702 adds of 20,000 ops (33.5%), where pn-counter's mix gives half.
    expect(adds.length).toBe(6702);
    expect(share(ops, "add")).toBeCloseTo(1 / 3, 2);
    expect(new Set(adds.map((op) => op.value))).toEqual(new Set([0, 1, 2, 3, 4]));
    for (const op of adds) expect(op.body).toEqual({ type: "add", delta: op.value });
  });

  it("marks the counters' final reads final, and g-set's not", () => {
    expect(workloads["g-counter"].generator().final?.()).toMatchObject({ f: "read", final: true });
    expect(workloads["pn-counter"].generator().final?.()).toMatchObject({ f: "read", final: true });
    expect(workloads["g-set"].generator().final?.()).not.toHaveProperty("final");
  });
});

describe("echo, unique-ids and g-set generators", () => {
  it("echo asks for 'Please echo N' with N below 128, and has no final op", () => {
    const ops = draw("echo", 2000);
    for (const op of ops) expect(op.body).toEqual({ type: "echo", echo: op.value });
    const ns = new Set(ops.map((op) => Number(String(op.value).replace("Please echo ", ""))));
    expect(Math.min(...ns)).toBe(0);
    expect(Math.max(...ns)).toBe(127);
    expect(workloads.echo.generator().final).toBeUndefined();
    expect(workloads["unique-ids"].generator().final).toBeUndefined();
  });

  it("g-set adds 0, 1, 2, … as elements, mixed with reads", () => {
    const adds = draw("g-set", 100).filter((op) => op.f === "add");
    expect(adds.map((op) => op.value)).toEqual(adds.map((_, i) => i));
    expect(adds[0]?.body).toEqual({ type: "add", element: 0 });
  });

  it("none of the new workloads sends a setup round", () => {
    for (const name of ["g-set", "g-counter", "pn-counter", "echo", "unique-ids"] as const) {
      expect(workloads[name].setup(["n0", "n1"], defaultTestOptions)).toEqual([]);
    }
  });
});
