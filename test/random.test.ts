// seededRandom against the published xoshiro128** (test/fixtures/xoshiro/: the reference C
// code of Blackman & Vigna with random.ts's SplitMix32 seeding, and what it printed).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";

const KNOWN: Array<[seed: number, first: number[]]> = JSON.parse(
  readFileSync(new URL("./fixtures/xoshiro/known-answers.json", import.meta.url), "utf8"),
);

describe("seededRandom", () => {
  it.each(KNOWN)("seed %i gives the reference C implementation's first doubles", (seed, first) => {
    const rng = seededRandom(seed);
    expect(Array.from({ length: first.length }, rng)).toEqual(first);
  });

  it("stays in [0, 1) with 53-bit resolution and a uniform mean and variance", () => {
    const rng = seededRandom(42);
    const n = 100_000;
    let sum = 0, sumSq = 0;
    let fine = 0;
    for (let i = 0; i < n; i++) {
      const x = rng();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
      sumSq += x * x;
      // More than 32 bits: a fraction of draws are not multiples of 2^-32.
      if ((x * 2 ** 32) % 1 !== 0) fine++;
    }
    const mean = sum / n, variance = sumSq / n - mean * mean;
    // Uniform(0, 1): mean 1/2 (sd of the mean 0.0009), variance 1/12 (sd of the estimate ≈ 0.0003).
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.004);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.0015);
    expect(fine).toBeGreaterThan(0.99 * n);
  });

  it("refuses seeds that are not safe integers", () => {
    for (const bad of [1.5, NaN, Infinity, 2 ** 53]) expect(() => seededRandom(bad)).toThrow(/seed must be a safe integer/);
  });
});
