import { describe, expect, it } from "vitest";
import { tridiagonalEigen } from "../src/curvature/tridiagonal-eigen.js";
import { seededRandom } from "../src/init/random.js";
import { tridiagonalEigenvalues } from "../src/numerics/tridiagonal-values.js";

const maxAbs = (v: Float64Array): number => v.reduce((s, t) => Math.max(s, Math.abs(t)), 0);
const maxDiff = (a: Float64Array, b: Float64Array): number => maxAbs(a.map((t, i) => t - b[i]));
/** The root-free QL/QR's eigenvalues of (d, e), e[i] coupling i and i + 1. */
function values(d: ArrayLike<number>, e: ArrayLike<number>): Float64Array {
  const dd = Float64Array.from(d), ee = Float64Array.from(e);
  tridiagonalEigenvalues(dd, ee);
  return dd;
}
/** EISPACK tql2 (with vectors, ../src/curvature/tridiagonal-eigen.ts): an independent reference. */
const tql2 = (d: Float64Array, e: Float64Array): Float64Array => tridiagonalEigen(d, e, d.length, [0]).values;

describe("tridiagonalEigenvalues (root-free QL/QR, LAPACK dsterf)", () => {
  it("gives the closed-form spectrum of the 1-2-1 matrix, 2 − 2cos(kπ/(n+1))", () => {
    const n = 500;
    const got = values(new Float64Array(n).fill(2), new Float64Array(n - 1).fill(-1));
    const want = Float64Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))).sort();
    expect(maxDiff(got, want)).toBeLessThan(4e-15 * 4);
  });

  it("agrees with tql2 on random and graded matrices, ascending", () => {
    const rng = seededRandom(3);
    for (const [n, grade] of [[300, 0], [301, 0], [200, 12], [200, -12]] as const) {
      const d = Float64Array.from({ length: n }, (_, i) => (rng() - 0.5) * 10 ** ((grade * i) / n));
      const e = Float64Array.from({ length: n - 1 }, (_, i) => (rng() - 0.5) * 10 ** ((grade * i) / n));
      const got = values(d, e);
      const want = tql2(d, e);
      const norm = Math.max(maxAbs(d), maxAbs(e));
      expect(maxDiff(got, want)).toBeLessThan(1e-13 * norm);
      for (let i = 1; i < n; i++) expect(got[i]).toBeGreaterThanOrEqual(got[i - 1]);
    }
  });

  it("gives a graded matrix and its reversal the same spectrum (QL from one end, QR from the other)", () => {
    // The iteration starts from the end with the larger diagonal entry; either way the
    // eigenvalues are within a few ε·‖T‖.
    const n = 40;
    const d = Float64Array.from({ length: n }, (_, i) => 4 ** -i);
    const e = Float64Array.from({ length: n - 1 }, (_, i) => 4 ** -i / 8);
    const want = tql2(d, e);
    for (const [dd, ee] of [[d, e], [d.slice().reverse(), e.slice().reverse()]]) {
      const got = values(dd, ee);
      expect(maxDiff(got, want)).toBeLessThan(4e-15);
    }
  });

  it("splits at zero couplings and handles zero blocks (Hessian-like exact zero eigenvalues)", () => {
    const n = 120, rng = seededRandom(5);
    const d = new Float64Array(n), e = new Float64Array(n - 1);
    for (let i = 60; i < n; i++) d[i] = rng() - 0.5;
    for (let i = 60; i < n - 1; i++) e[i] = rng() - 0.5;
    e[90] = 0;
    const got = values(d, e);
    expect(maxDiff(got, tql2(d, e))).toBeLessThan(1e-14);
    expect(got.filter((t) => t === 0).length).toBeGreaterThanOrEqual(60);
  });

  it("scales: entries near 1e300, 1e-300 and subnormal give the scaled spectrum", () => {
    // Entries with 8 significant bits, so that even 2^-1060 times them is exact (subnormal).
    const n = 100, rng = seededRandom(8), bits = (): number => Math.round((rng() - 0.5) * 256) / 256;
    const d = Float64Array.from({ length: n }, bits), e = Float64Array.from({ length: n - 1 }, bits);
    const base = values(d, e);
    for (const s of [2 ** 1000, 2 ** -1000, 2 ** -1060]) {
      const got = values(d.map((t) => t * s), e.map((t) => t * s));
      // Subnormal eigenvalues are themselves rounded to multiples of 2^-1074.
      expect(maxDiff(got.map((t) => t / s), base)).toBeLessThan(Math.max(1e-13, 2 ** -1072 / s));
    }
  });

  it("handles n = 0, 1 and 2, and Wilkinson's W21+ with its nearly equal top pair", () => {
    expect(values([], [])).toEqual(new Float64Array(0));
    expect(values([3], [])).toEqual(Float64Array.of(3));
    const two = values([1, 2], [0.5]);
    expect(two[0]).toBeCloseTo(1.5 - Math.SQRT1_2, 15);
    expect(two[1]).toBeCloseTo(1.5 + Math.SQRT1_2, 15);
    const w = Float64Array.from({ length: 21 }, (_, i) => Math.abs(10 - i));
    const got = values(w, new Float64Array(20).fill(1));
    // The top pair of W21+ agrees to 14 digits (Wilkinson, The Algebraic Eigenvalue Problem).
    expect(got[20]).toBeCloseTo(10.746194182903393, 12);
    expect(got[19]).toBeCloseTo(10.746194182903322, 12);
    expect(maxDiff(got, tql2(w, new Float64Array(20).fill(1)))).toBeLessThan(1e-13 * 10);
  });
});
