import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { seededRandom } from "../src/init/random.js";
import { evaluatePoint } from "../src/numerics/point.js";

const data = seedDataset();

// Closed forms at (0, 0), where p = 1/2 for every sample. With the seed data:
// mean x = −0.05, mean x² = 1.335, mean(y·x) = 18.7/40 = 0.4675, mean y = 17/40.
describe("evaluatePoint at (0, 0)", () => {
  it("MSE: L = 1/4, ∇L = mean(½(½ − y)(x, 1)), H = ⅛·[[E x², E x], [E x, 1]]", () => {
    const r = evaluatePoint("mse", data, 0, 0);
    expect(r.loss).toBeCloseTo(0.25, 15);
    expect(r.grad[0]).toBeCloseTo(0.25 * -0.05 - 0.5 * 0.4675, 15);
    expect(r.grad[1]).toBeCloseTo(0.25 - 0.5 * (17 / 40), 15);
    expect(r.hessian[0][0]).toBeCloseTo(0.125 * 1.335, 15);
    expect(r.hessian[0][1]).toBeCloseTo(0.125 * -0.05, 15);
    expect(r.hessian[1][0]).toBe(r.hessian[0][1]);
    expect(r.hessian[1][1]).toBeCloseTo(0.125, 15);
    expect(r.accuracy).toBe(23 / 40); // nothing is > 0.5, so the 23 negatives are right
  });
  it("BCE: L = log 2, ∇L = mean((½ − y)(x, 1)), H = ¼·[[E x², E x], [E x, 1]]", () => {
    const r = evaluatePoint("bce", data, 0, 0);
    expect(r.loss).toBeCloseTo(Math.LN2, 14);
    expect(r.grad[0]).toBeCloseTo(0.5 * -0.05 - 0.4675, 15);
    expect(r.grad[1]).toBeCloseTo(0.5 - 17 / 40, 15);
    expect(r.hessian[0][0]).toBeCloseTo(0.25 * 1.335, 15);
    expect(r.hessian[1][1]).toBeCloseTo(0.25, 15);
    const [lo, hi] = r.eigenvalues;
    // Eigenvalues of ¼·[[1.335, −0.05], [−0.05, 1]] from the characteristic polynomial.
    const m = (1.335 + 1) / 2, d = Math.hypot((1.335 - 1) / 2, 0.05);
    expect(lo).toBeCloseTo(0.25 * (m - d), 14);
    expect(hi).toBeCloseTo(0.25 * (m + d), 14);
  });
});

describe("evaluatePoint", () => {
  it("gradient and Hessian agree with central differences at seeded random points", () => {
    const rng = seededRandom(7);
    const h = 1e-5;
    for (const loss of ["mse", "bce"] as const) {
      for (let k = 0; k < 40; k++) {
        const w = -8 + 16 * rng();
        const b = -8 + 16 * rng();
        const r = evaluatePoint(loss, data, w, b);
        const L = (dw: number, db: number): number => evaluatePoint(loss, data, w + dw, b + db).loss;
        const G = (dw: number, db: number): [number, number] => evaluatePoint(loss, data, w + dw, b + db).grad;
        const fd = [(L(h, 0) - L(-h, 0)) / (2 * h), (L(0, h) - L(0, -h)) / (2 * h)];
        const scale = Math.max(r.loss, 1e-3);
        for (let i = 0; i < 2; i++) expect(Math.abs(r.grad[i] - fd[i])).toBeLessThan(1e-9 * scale + 1e-6 * Math.abs(fd[i]));
        const hw = G(h, 0), mw = G(-h, 0), hb = G(0, h), mb = G(0, -h);
        const fdH = [
          [(hw[0] - mw[0]) / (2 * h), (hb[0] - mb[0]) / (2 * h)],
          [(hw[1] - mw[1]) / (2 * h), (hb[1] - mb[1]) / (2 * h)],
        ];
        for (let i = 0; i < 2; i++)
          for (let j = 0; j < 2; j++) expect(Math.abs(r.hessian[i][j] - fdH[i][j])).toBeLessThan(1e-9 + 1e-6 * Math.abs(fdH[i][j]));
      }
    }
  });

  it("is finite everywhere at |w|, |b| up to 1e4 and beyond", () => {
    const vals = [-1e6, -1e4, -3000, -1, 0, 1, 3000, 1e4, 1e6];
    for (const loss of ["mse", "bce"] as const)
      for (const w of vals)
        for (const b of vals) {
          const r = evaluatePoint(loss, data, w, b);
          const all = [r.loss, ...r.grad, r.gradNorm, ...r.hessian.flat(), ...r.eigenvalues, r.accuracy];
          for (const v of all) expect(Number.isFinite(v), `${loss} at (${w}, ${b})`).toBe(true);
        }
  });

  it("BCE grows linearly, not to Infinity, where every sample is misclassified by far", () => {
    // At (−1e4, 0): positives (Σx = 18.7) cost −z = 1e4·x, negatives with x < 0 (Σ|x| = 21)
    // cost z = 1e4·|x|, the sample at x = 0 costs log 2, and x = 0.1, 0.2 cost ~e^−1000.
    const r = evaluatePoint("bce", data, -1e4, 0);
    expect(r.loss).toBeCloseTo((1e4 * 18.7 + 1e4 * 21 + Math.LN2) / 40, 9);
  });

  it("eigenvalues bracket the Hessian's diagonal and sum to its trace", () => {
    for (const [w, b] of [[-5, -10], [3, 1], [0.5, -0.3]] as const) {
      const r = evaluatePoint("mse", data, w, b);
      const [lo, hi] = r.eigenvalues;
      expect(lo + hi).toBeCloseTo(r.hessian[0][0] + r.hessian[1][1], 15);
      expect(lo * hi).toBeCloseTo(r.hessian[0][0] * r.hessian[1][1] - r.hessian[0][1] ** 2, 15);
    }
  });
});
