// Eigenvalues of a symmetric 2×2 matrix against closed forms, including the nearly
// singular case where the textbook m − ρ cancels and Vieta's det/λ does not.
import { describe, expect, it } from "vitest";
import { symmetricEigenvalues2 } from "../src/numerics/eigen.js";

describe("symmetricEigenvalues2", () => {
  it.each([
    // [a, c, d] → [min, max]
    [[2, 0, 5], [2, 5]], // diagonal
    [[5, 0, 2], [2, 5]],
    [[-3, 0, -7], [-7, -3]], // negative definite: the larger-magnitude root is m − ρ
    [[1, 2, 1], [-1, 3]], // indefinite
    [[-1, 2, -1], [-3, 1]],
    [[0, 1, 0], [-1, 1]], // m = 0
    [[4, 0, 4], [4, 4]], // a multiple of I: ρ = 0
    [[-4, 0, -4], [-4, -4]],
    [[0, 0, 0], [0, 0]],
  ] as const)("[[a, c], [c, d]] = %j has eigenvalues %j", ([a, c, d], want) => {
    expect(symmetricEigenvalues2(a, c, d)).toEqual(want);
  });

  it("keeps the small eigenvalue of a nearly singular matrix to full relative precision", () => {
    // [[1, 1], [1, 1 + δ]] with δ a power of two (so 1 + δ and det = δ are exact):
    // λ_max = (2 + δ + √(4 + δ²))/2 and λ_min = δ/λ_max ≈ δ/2, which m − ρ would lose.
    for (const delta of [2 ** -27, 2 ** -40, 2 ** -50]) {
      const exactMax = (2 + delta + Math.sqrt(4 + delta * delta)) / 2;
      for (const sign of [1, -1]) {
        const [lo, hi] = symmetricEigenvalues2(sign, sign, sign * (1 + delta));
        const [small, big] = sign > 0 ? [lo, hi] : [hi, lo];
        expect(Math.abs(big - sign * exactMax)).toBeLessThanOrEqual(4e-16 * exactMax);
        expect(Math.abs(small / ((sign * delta) / exactMax) - 1)).toBeLessThan(1e-14);
      }
    }
  });

  it("sums to the trace and multiplies to the determinant at seeded random matrices", () => {
    let s = 1;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 20 - 10;
    for (let k = 0; k < 200; k++) {
      const a = rnd(), c = rnd(), d = rnd();
      const [lo, hi] = symmetricEigenvalues2(a, c, d);
      expect(lo).toBeLessThanOrEqual(hi);
      expect(lo + hi).toBeCloseTo(a + d, 10);
      expect(lo * hi).toBeCloseTo(a * d - c * c, 9);
    }
  });
});
