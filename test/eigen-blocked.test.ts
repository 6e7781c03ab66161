import { describe, expect, it } from "vitest";
import { tridiagonalizeBlocked } from "../src/fast/eigen-blocked.js";
import { seededRandom } from "../src/init/random.js";
import { BLOCKED_MIN, symmetricEigenvalues } from "../src/nn/symmetric-eigen.js";
import { tridiagonalEigenvalues } from "../src/numerics/tridiagonal-values.js";

function randomSymmetric(n: number, seed: number, scale = (i: number, j: number): number => 1 + 0 * (i + j)): Float64Array {
  const rng = seededRandom(seed), a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = (rng() - 0.5) * scale(i, j);
  return a;
}
const maxAbs = (v: Float64Array): number => v.reduce((s, t) => Math.max(s, Math.abs(t)), 0);
const maxDiff = (a: Float64Array, b: Float64Array): number => maxAbs(a.map((t, i) => t - b[i]));

/** Eigenvalues through the blocked reduction with panel width nb, then the root-free QL/QR. */
function blockedEigenvalues(a: Float64Array, n: number, nb: number): Float64Array {
  const d = new Float64Array(n), e = new Float64Array(n);
  expect(tridiagonalizeBlocked(a, n, d, e, nb)).toBe(true);
  tridiagonalEigenvalues(d, e.subarray(1));
  return d;
}

/**
 * A = H₂ H₁ diag(λ) H₁ H₂ with two Householder reflectors H = I − 2vvᵀ/vᵀv: a dense
 * symmetric matrix whose eigenvalues are exactly λ (up to the rounding of forming it).
 */
function withSpectrum(lambda: Float64Array, seed: number): Float64Array {
  const n = lambda.length, rng = seededRandom(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = lambda[i];
  for (let r = 0; r < 2; r++) {
    const v = Float64Array.from({ length: n }, () => rng() - 0.5);
    const vv = v.reduce((s, t) => s + t * t, 0);
    // A ← H A H = A − v wᵀ − w vᵀ with p = 2Av/vv, w = p − (vᵀp/vv) v.
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j] * v[j];
      p[i] = (2 * s) / vv;
    }
    const k = v.reduce((s, t, i) => s + t * p[i], 0) / vv;
    const w = p.map((t, i) => t - k * v[i]);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] -= v[i] * w[j] + w[i] * v[j];
  }
  return a;
}

describe("the blocked tridiagonalization (wat/9e-eigen-blocked.wat) against the unblocked TypeScript reduction", () => {
  // n a multiple of the panel, not one, smaller than one panel, and panels of 8 (many panels,
  // row counts off multiples of 4 in the rank-2nb update); one graded over 12 orders.
  const cases: [string, number, number, Float64Array][] = [
    ["random 128, panels of 32", 128, 32, randomSymmetric(128, 1)],
    ["random 133, panels of 32", 133, 32, randomSymmetric(133, 2)],
    ["random 21, one short panel", 21, 32, randomSymmetric(21, 3)],
    ["random 75, panels of 8", 75, 8, randomSymmetric(75, 4)],
    ["random 202, panels of 64", 202, 64, randomSymmetric(202, 5)],
    ["graded 90, panels of 16", 90, 16, randomSymmetric(90, 6, (i, j) => 10 ** (-(i + j) / 15))],
  ];
  for (const [name, n, nb, a] of cases) {
    it(`${name}: the same eigenvalues to a few ε·‖A‖`, () => {
      const ref = symmetricEigenvalues(a, n, "reference");
      expect(maxDiff(ref, blockedEigenvalues(a, n, nb))).toBeLessThan(1e-13 * maxAbs(ref));
    });
  }

  it("finds the spectrum a matrix was built with, including a cluster and exact zeros", () => {
    const n = 150;
    const lambda = Float64Array.from({ length: n }, (_, i) => (i < 40 ? 0 : i < 60 ? 1.5 : Math.sin(i) * 3));
    const got = blockedEigenvalues(withSpectrum(lambda, 9), n, 16);
    expect(maxDiff(got, lambda.slice().sort())).toBeLessThan(1e-13 * 3);
  });

  it("matches the known spectrum of a rank-2 matrix with 118 zero eigenvalues", () => {
    const n = 120, rng = seededRandom(12);
    const u = Float64Array.from({ length: n }, () => rng() - 0.5), w = Float64Array.from({ length: n }, () => rng() - 0.5);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = u[i] * u[j] - 0.5 * w[i] * w[j];
    const ev = blockedEigenvalues(a, n, 32);
    const uu = u.reduce((s, t) => s + t * t, 0), ww = w.reduce((s, t) => s + t * t, 0), uw = u.reduce((s, t, i) => s + t * w[i], 0);
    const tr = uu - 0.5 * ww, det = -0.5 * uu * ww + 0.5 * uw * uw;
    const disc = Math.sqrt(tr * tr - 4 * det);
    expect(ev[n - 1]).toBeCloseTo((tr + disc) / 2, 13);
    expect(ev[0]).toBeCloseTo((tr - disc) / 2, 13);
    for (let i = 1; i < n - 1; i++) expect(Math.abs(ev[i])).toBeLessThan(1e-14 * uu);
  });

  it("leaves the input untouched and passes an already tridiagonal matrix through exactly", () => {
    const n = 70, a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = i;
      if (i > 0) a[i * n + i - 1] = a[(i - 1) * n + i] = 0.5;
    }
    const copy = Float64Array.from(a);
    const d = new Float64Array(n), e = new Float64Array(n);
    expect(tridiagonalizeBlocked(a, n, d, e, 16)).toBe(true);
    expect(a).toEqual(copy);
    for (let i = 0; i < n; i++) expect(d[i]).toBe(i);
    for (let i = 1; i < n; i++) expect(Math.abs(e[i])).toBe(0.5);
  });

  it("reduces the zero matrix and a diagonal one to themselves", () => {
    const n = 40, zero = new Float64Array(n * n), diag = new Float64Array(n * n);
    for (let i = 0; i < n; i++) diag[i * n + i] = n - i;
    expect(Array.from(blockedEigenvalues(zero, n, 8))).toEqual(new Array(n).fill(0));
    expect(Array.from(blockedEigenvalues(diag, n, 8))).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it("leaves the input of the TypeScript reduction (engine \"reference\") untouched too", () => {
    const a = randomSymmetric(30, 7), copy = a.slice();
    symmetricEigenvalues(a, 30, "reference");
    expect(a).toEqual(copy);
  });

  it("rejects a panel narrower than 8", () => {
    expect(() => tridiagonalizeBlocked(new Float64Array(100), 10, new Float64Array(10), new Float64Array(10), 4)).toThrow(/panel width 4/);
  });
});

describe("symmetricEigenvalues on the blocked path (n ≥ BLOCKED_MIN)", () => {
  const n = BLOCKED_MIN + 7;
  const lambda = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : Math.cos(i) * (1 + i / n)));
  const a = withSpectrum(lambda, 21);
  const sorted = lambda.slice().sort();

  it("finds the spectrum the matrix was built with, leaving the matrix untouched", () => {
    const copy = a.slice();
    expect(maxDiff(symmetricEigenvalues(a, n), sorted)).toBeLessThan(1e-13 * 2);
    expect(a).toEqual(copy);
  });

  it("scales exactly with entries near the float64 limits", () => {
    for (const s of [2 ** 900, 2 ** -900]) {
      const got = symmetricEigenvalues(a.map((t) => t * s), n);
      expect(maxDiff(got.map((t) => t / s), sorted)).toBeLessThan(1e-13 * 2);
    }
  });
});
