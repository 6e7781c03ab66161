import { describe, expect, it } from "vitest";
import { isLossName, LOSS_LABELS, LOSS_NAMES, sampleTerms, TERM_SLOTS, type LossName } from "../src/numerics/losses.js";

const terms = (loss: LossName, z: number, y: number): Float64Array => {
  const out = new Float64Array(TERM_SLOTS);
  sampleTerms(loss, z, y, out);
  return out;
};

/** ℓ′ and ℓ″ of sampleTerms against central differences of ℓ and ℓ′ (h = 1e-5). */
function expectDerivativesMatchDifferences(loss: LossName, z: number, y: number): void {
  const h = 1e-5;
  const [, d1, d2] = terms(loss, z, y);
  const fd1 = (terms(loss, z + h, y)[0] - terms(loss, z - h, y)[0]) / (2 * h);
  const fd2 = (terms(loss, z + h, y)[1] - terms(loss, z - h, y)[1]) / (2 * h);
  expect(Math.abs(d1 - fd1), `${loss} ℓ′ at z = ${z}, y = ${y}`).toBeLessThan(1e-8 + 1e-6 * Math.abs(d1));
  expect(Math.abs(d2 - fd2), `${loss} ℓ″ at z = ${z}, y = ${y}`).toBeLessThan(1e-8 + 1e-6 * Math.abs(d2));
}

describe("sampleTerms", () => {
  it("MSE is (σ(z) − y)² and BCE is PyTorch's BCELoss(σ(z), y) where that is finite", () => {
    for (const z of [-12, -3, -0.5, 0, 0.7, 4, 15]) {
      for (const y of [0, 1]) {
        const p = 1 / (1 + Math.exp(-z));
        expect(terms("mse", z, y)[0]).toBeCloseTo((p - y) ** 2, 14);
        const bce = -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
        // The naive log(1 − p) loses ~ε/(1 − p) absolute, up to 1e-9 at |z| = 15.
        expect(Math.abs(terms("bce", z, y)[0] - bce)).toBeLessThan(1e-14 / Math.min(p, 1 - p) + 1e-14 * bce);
        expect(terms("bce", z, y)[3]).toBeCloseTo(p, 15);
      }
    }
  });

  it("first and second derivatives agree with central differences", () => {
    for (const loss of ["mse", "bce"] as const)
      for (const z of [-9, -2.5, -0.3, 0, 0.8, 3, 11]) for (const y of [0, 1]) expectDerivativesMatchDifferences(loss, z, y);
  });

  it("keeps relative precision deep in saturation, where 1 − σ would cancel", () => {
    // y = 1, z = 40: p − y = −σ(−40) = −e^−40/(1+e^−40)
    const [lm, dm] = terms("mse", 40, 1);
    const q = Math.exp(-40) / (1 + Math.exp(-40));
    expect(lm / (q * q)).toBeCloseTo(1, 12);
    expect(dm / (-2 * q * q * (1 - q))).toBeCloseTo(1, 12);
    const [lb, db] = terms("bce", 40, 1);
    expect(lb / Math.log1p(Math.exp(-40))).toBeCloseTo(1, 12);
    expect(db / -q).toBeCloseTo(1, 12);
  });

  it("never gives NaN when w·x overflows to z = ±∞: the loss is ∞ where the sample is infinitely wrong, else 0", () => {
    for (const [z, y, mse, bce] of [[Infinity, 0, 1, Infinity], [Infinity, 1, 0, 0], [-Infinity, 0, 0, 0], [-Infinity, 1, 1, Infinity]]) {
      const m = terms("mse", z, y), b = terms("bce", z, y);
      for (const v of [...m, ...b]) expect(Number.isNaN(v), `z = ${z}, y = ${y}`).toBe(false);
      expect([m[0], b[0]]).toEqual([mse, bce]);
    }
  });

  it("is finite for |z| in the thousands", () => {
    for (const loss of ["mse", "bce"] as const)
      for (const z of [-1e4, -800, 800, 1e4])
        for (const y of [0, 1]) for (const v of terms(loss, z, y)) expect(Number.isFinite(v)).toBe(true);
    expect(terms("bce", -1e4, 1)[0]).toBe(1e4);
  });
});

describe("sampleTerms with a soft label", () => {
  it("y ∈ (0, 1): MSE is (σ(z) − y)², BCE is −[y log p + (1 − y) log(1 − p)], derivatives by central differences", () => {
    for (const y of [0.3, 0.75]) {
      for (const z of [-4, -0.5, 0, 1.2, 6]) {
        const p = 1 / (1 + Math.exp(-z));
        expect(terms("mse", z, y)[0]).toBeCloseTo((p - y) ** 2, 14);
        expect(terms("bce", z, y)[0]).toBeCloseTo(-(y * Math.log(p) + (1 - y) * Math.log(1 - p)), 12);
        for (const loss of ["mse", "bce"] as const) expectDerivativesMatchDifferences(loss, z, y);
      }
    }
  });
});

describe("loss names", () => {
  it("knows mse and bce, labelled as the figures and README name them, and nothing else", () => {
    expect(LOSS_NAMES).toEqual(["mse", "bce"]);
    expect(LOSS_LABELS).toEqual({ mse: "MSE", bce: "cross-entropy" });
    for (const name of LOSS_NAMES) expect(isLossName(name)).toBe(true);
    for (const bad of ["", "MSE", "hinge", "bce "]) expect(isLossName(bad)).toBe(false);
  });
});
