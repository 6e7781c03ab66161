import { describe, expect, it } from "vitest";
import { tridiagonalizeFast } from "../src/fast/eigen-fast.js";
import { seededRandom } from "../src/init/random.js";
import { symmetricEigenvalues } from "../src/nn/symmetric-eigen.js";

function randomSymmetric(n: number, seed: number, scale = (i: number, j: number): number => 1 + 0 * (i + j)): Float64Array {
  const rng = seededRandom(seed), a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = (rng() - 0.5) * scale(i, j);
  return a;
}
const maxAbs = (v: Float64Array): number => v.reduce((s, t) => Math.max(s, Math.abs(t)), 0);

describe("the kernel's tridiagonalization (wat/9b-eigen.wat) against the TypeScript reduction", () => {
  // Odd and even sizes (the f64x2 sweep's odd entry), and one graded over 12 orders of magnitude.
  const cases: [string, number, Float64Array][] = [
    ["random 64", 64, randomSymmetric(64, 1)],
    ["random 65", 65, randomSymmetric(65, 2)],
    ["random 131", 131, randomSymmetric(131, 3)],
    ["graded 90", 90, randomSymmetric(90, 4, (i, j) => 10 ** (-(i + j) / 15))],
  ];
  for (const [name, n, a] of cases) {
    it(`${name}: the same eigenvalues to a few ε·‖A‖`, () => {
      const ref = symmetricEigenvalues(a, n, "reference");
      const fast = symmetricEigenvalues(a, n, "fast");
      expect(maxAbs(ref.map((t, i) => t - fast[i]))).toBeLessThan(1e-13 * maxAbs(ref));
    });
  }

  it("matches the known spectrum of a rank-2 matrix with 98 zero eigenvalues", () => {
    const n = 100, rng = seededRandom(12);
    const u = Float64Array.from({ length: n }, () => rng() - 0.5), w = Float64Array.from({ length: n }, () => rng() - 0.5);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = u[i] * u[j] - 0.5 * w[i] * w[j];
    const ev = symmetricEigenvalues(a, n);
    // The nonzero pair: eigenvalues of [[u·u, u·w], [−0.5 w·u, −0.5 w·w]] (same nonzero spectrum as A).
    const uu = u.reduce((s, t) => s + t * t, 0), ww = w.reduce((s, t) => s + t * t, 0), uw = u.reduce((s, t, i) => s + t * w[i], 0);
    const tr = uu - 0.5 * ww, det = -0.5 * uu * ww + 0.5 * uw * uw;
    const disc = Math.sqrt(tr * tr - 4 * det);
    expect(ev[n - 1]).toBeCloseTo((tr + disc) / 2, 13);
    expect(ev[0]).toBeCloseTo((tr - disc) / 2, 13);
    for (let i = 1; i < n - 1; i++) expect(Math.abs(ev[i])).toBeLessThan(1e-14 * uu);
  });

  it("leaves the input untouched and writes the diagonal and subdiagonal of a tridiagonal input unchanged", () => {
    const n = 70, a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = i;
      if (i > 0) a[i * n + i - 1] = a[(i - 1) * n + i] = 0.5;
    }
    const copy = Float64Array.from(a);
    const d = new Float64Array(n), e = new Float64Array(n);
    expect(tridiagonalizeFast(a, n, d, e)).toBe(true);
    expect(a).toEqual(copy);
    for (let i = 0; i < n; i++) expect(d[i]).toBe(i);
    for (let i = 1; i < n; i++) expect(Math.abs(e[i])).toBe(0.5);
  });
});
