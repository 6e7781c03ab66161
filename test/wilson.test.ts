import { describe, expect, it } from "vitest";
import { proportion, wilsonInterval, Z95 } from "../src/basins/wilson.js";

// Published Wilson score intervals (no continuity correction), 4 decimals:
// the brief's values and Newcombe, "Two-sided confidence intervals for the single
// proportion: comparison of seven methods", Stat. Med. 17 (1998) 857–872, Table I.
const PUBLISHED: Array<[k: number, n: number, low: number, high: number]> = [
  [0, 10, 0, 0.2775],
  [5, 10, 0.2366, 0.7634],
  [81, 263, 0.2553, 0.3662],
  [15, 148, 0.0624, 0.1605],
  [0, 20, 0, 0.1611],
  [1, 29, 0.0061, 0.1718],
];

describe("wilsonInterval", () => {
  it.each(PUBLISHED)("k=%i, n=%i matches the published [%f, %f]", (k, n, low, high) => {
    const [lo, hi] = wilsonInterval(k, n);
    expect(Math.abs(lo - low)).toBeLessThanOrEqual(5e-5);
    expect(Math.abs(hi - high)).toBeLessThanOrEqual(5e-5);
  });

  it("is the mirror image at n − k", () => {
    for (const [k, n] of [[0, 10], [3, 10], [81, 263], [1, 10000]]) {
      const [lo, hi] = wilsonInterval(k, n);
      const [lo2, hi2] = wilsonInterval(n - k, n);
      expect(lo2).toBeCloseTo(1 - hi, 14);
      expect(hi2).toBeCloseTo(1 - lo, 14);
    }
  });

  it("gives exactly 0 at k = 0 and 1 at k = n, and contains k/n", () => {
    expect(wilsonInterval(0, 10000)[0]).toBe(0);
    expect(wilsonInterval(10000, 10000)[1]).toBe(1);
    const [lo, hi] = wilsonInterval(37, 100);
    expect(lo).toBeLessThan(0.37);
    expect(hi).toBeGreaterThan(0.37);
  });

  it("uses z = Φ⁻¹(0.975) by default", () => {
    expect(Z95).toBe(1.959963984540054);
    expect(wilsonInterval(5, 10)).toEqual(wilsonInterval(5, 10, Z95));
  });

  it("reaches exactly 1 at k = n and 0 at k = 0 even where centre ± half rounds off (n = 10, 13, 25)", () => {
    // At k = n the upper bound is (1 + z²/2n + z²/2n)/(1 + z²/n) = 1 exactly; in floating point
    // centre + half gives 0.9999999999999999 for these n, so the bound is set, not computed.
    for (const n of [10, 13, 25]) {
      expect(wilsonInterval(n, n)[1]).toBe(1);
      expect(wilsonInterval(0, n)[0]).toBe(0);
    }
  });

  it("rejects a bad n, k or z, naming it", () => {
    for (const n of [0, -3, 2.5]) expect(() => wilsonInterval(0, n)).toThrow(/^wilsonInterval: n must be a whole number ≥ 1/);
    for (const z of [0, -1.96, NaN, Infinity]) expect(() => wilsonInterval(1, 2, z)).toThrow(/^wilsonInterval: z must be a finite number > 0/);
    expect(() => wilsonInterval(3, 2)).toThrow(/^wilsonInterval: k must be a whole number from 0 to n = 2/);
    expect(wilsonInterval(1, 1)).toEqual([wilsonInterval(1, 1)[0], 1]);
  });

  it("rejects impossible counts", () => {
    expect(() => wilsonInterval(1, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 10)).toThrow(RangeError);
  });
});

describe("proportion", () => {
  it("bundles k, n, k/n and the Wilson interval", () => {
    expect(proportion(81, 263)).toEqual({ k: 81, n: 263, rate: 81 / 263, ci: wilsonInterval(81, 263) });
  });
});
