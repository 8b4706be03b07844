// The latency distributions, against Maelstrom's net.clj.
import { describe, expect, it } from "vitest";
import { latencySampler } from "../../../src/sim/world/latency.ts";
import { Rng } from "../../../src/sim/world/rng.ts";

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("latency distributions", () => {
  it("constant is exactly M", () => {
    const draw = latencySampler("constant", 7, new Rng(1));
    expect(Array.from({ length: 100 }, draw).every((x) => x === 7)).toBe(true);
  });

  it("uniform draws integers in [0, 2M), mean M - 0.5", () => {
    const draw = latencySampler("uniform", 10, new Rng(42));
    const xs = Array.from({ length: 100_000 }, draw);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 20)).toBe(true);
    expect(new Set(xs).size).toBe(20);
    expect(mean(xs)).toBeCloseTo(9.5, 1);
  });

  it("exponential is truncated to integers, mean about M - 0.5", () => {
    const draw = latencySampler("exponential", 100, new Rng(7));
    const xs = Array.from({ length: 200_000 }, draw);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    expect(Math.abs(mean(xs) - 99.5)).toBeLessThan(1);
    // The median of an exponential is M·ln 2.
    const sorted = [...xs].sort((a, b) => a - b);
    expect(Math.abs((sorted[100_000] as number) - 69)).toBeLessThanOrEqual(1);
  });
});
