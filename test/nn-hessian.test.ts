import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { seededRandom } from "../src/init/random.js";
import { evaluatePoint } from "../src/numerics/point.js";
import { parameterCount, type Architecture } from "../src/nn/architecture.js";
import { evaluateNetwork } from "../src/nn/forward.js";
import { denseHessian, hessianSpectrum } from "../src/nn/hessian.js";
import { hessianVector } from "../src/nn/hvp.js";
import { symmetricEigenvalues } from "../src/nn/symmetric-eigen.js";
import { tableFromDataset, type Table } from "../src/nn/table.js";
import type { LossName } from "../src/numerics/losses.js";

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

function randomTable(n: number, d: number, seed: number): Table {
  const rng = seededRandom(seed);
  const x = Float64Array.from({ length: n * d }, () => 4 * rng() - 2);
  const y = Float64Array.from({ length: n }, (_, i) => (x[i * d] - 0.5 * x[i * d + d - 1] > 0.1 ? 1 : 0));
  return { x, y, inputs: d, source: "test" };
}

describe("symmetricEigenvalues", () => {
  it("finds the 1-D Laplacian's eigenvalues 2 − 2cos(kπ/(n+1))", () => {
    const n = 60;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 2;
      if (i > 0) a[i * n + i - 1] = a[(i - 1) * n + i] = -1;
    }
    const ev = symmetricEigenvalues(a, n);
    for (let k = 1; k <= n; k++) expect(Math.abs(ev[k - 1] - (2 - 2 * Math.cos((k * Math.PI) / (n + 1))))).toBeLessThan(1e-13);
  });
  it("recovers Q diag(λ) Qᵀ for a dense Householder Q", () => {
    const n = 41;
    const rng = seededRandom(3);
    const lam = Float64Array.from({ length: n }, (_, i) => (i - 20) * 0.37 + (i % 3) * 1e-3);
    const v = Float64Array.from({ length: n }, () => rng() - 0.5);
    const vv = v.reduce((s, t) => s + t * t, 0);
    // Q = I − 2 v vᵀ / vᵀv; A = Q diag(λ) Q.
    const q = (i: number, j: number): number => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / vv;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q(i, k) * lam[k] * q(k, j);
      a[i * n + j] = s;
    }
    const ev = symmetricEigenvalues(a, n);
    const sorted = Float64Array.from(lam).sort();
    for (let i = 0; i < n; i++) expect(Math.abs(ev[i] - sorted[i])).toBeLessThan(1e-12);
  });
  it("handles diagonal and 1 × 1 input", () => {
    expect(Array.from(symmetricEigenvalues(Float64Array.of(3, 0, 0, 0, -1, 0, 0, 0, 2), 3))).toEqual([-1, 2, 3]);
    expect(Array.from(symmetricEigenvalues(Float64Array.of(5), 1))).toEqual([5]);
  });
});

describe("dense Hessian", () => {
  it.each(["mse", "bce"] as LossName[])("%s, no hidden layer: equals the closed form, eigenvalues and trace to 1e-14", (loss) => {
    const data = seedDataset();
    const arch: Architecture = { inputs: 1, hidden: [], activation: "relu" };
    for (const [w, b] of [[-4, 6], [0.3, -0.2], [12, -15], [2, 0.5]]) {
      const ref = evaluatePoint(loss, data, w, b);
      const s = hessianSpectrum(arch, Float64Array.of(w, b), tableFromDataset(data), loss);
      expect(rel(s.lambdaMin, ref.eigenvalues[0])).toBeLessThan(1e-14);
      expect(rel(s.lambdaMax, ref.eigenvalues[1])).toBeLessThan(1e-14);
      expect(rel(s.trace, ref.hessian[0][0] + ref.hessian[1][1])).toBeLessThan(1e-14);
    }
  });
  it("matches central differences of the gradient and is symmetric (2-4-4-1 tanh, mse)", () => {
    const arch: Architecture = { inputs: 2, hidden: [4, 4], activation: "tanh" };
    const P = parameterCount(arch);
    const data = randomTable(25, 2, 9);
    const rng = seededRandom(4);
    const theta = Float64Array.from({ length: P }, () => 2 * rng() - 1);
    const H = denseHessian(arch, theta, data, "mse");
    const h = 1e-5;
    let maxErr = 0, scale = 0;
    for (let j = 0; j < P; j++) {
      const tp = Float64Array.from(theta), tm = Float64Array.from(theta);
      tp[j] += h;
      tm[j] -= h;
      const gp = evaluateNetwork(arch, tp, data, "mse").grad, gm = evaluateNetwork(arch, tm, data, "mse").grad;
      for (let k = 0; k < P; k++) {
        maxErr = Math.max(maxErr, Math.abs(H[k * P + j] - (gp[k] - gm[k]) / (2 * h)));
        scale = Math.max(scale, Math.abs(H[k * P + j]));
        expect(H[k * P + j]).toBe(H[j * P + k]);
      }
    }
    expect(maxErr / scale).toBeLessThan(1e-7);
  });
  it("spectrum: trace is the eigenvalue sum and Rayleigh quotients stay inside [λmin, λmax]", () => {
    const arch: Architecture = { inputs: 3, hidden: [5, 3], activation: "softsign" };
    const P = parameterCount(arch);
    const data = randomTable(40, 3, 2);
    const rng = seededRandom(8);
    const theta = Float64Array.from({ length: P }, () => 1.5 * (2 * rng() - 1));
    const s = hessianSpectrum(arch, theta, data, "bce");
    expect(s.eigenvalues.length).toBe(P);
    const sum = s.eigenvalues.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - s.trace)).toBeLessThan(1e-12 * Math.max(1, Math.abs(s.trace)));
    for (let t = 0; t < 5; t++) {
      const v = Float64Array.from({ length: P }, () => rng() - 0.5);
      const hv = hessianVector(arch, theta, data, "bce", v);
      let num = 0, den = 0;
      for (let j = 0; j < P; j++) {
        num += v[j] * hv[j];
        den += v[j] * v[j];
      }
      expect(num / den).toBeGreaterThanOrEqual(s.lambdaMin - 1e-12);
      expect(num / den).toBeLessThanOrEqual(s.lambdaMax + 1e-12);
    }
  });
});
