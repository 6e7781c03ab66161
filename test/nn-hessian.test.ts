import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { seededRandom } from "../src/init/random.js";
import { evaluatePoint } from "../src/numerics/point.js";
import { parameterCount, type Architecture } from "../src/nn/architecture.js";
import { evaluateNetwork } from "../src/nn/forward.js";
import { denseHessian, hessianSpectrum, spectrumOf } from "../src/nn/hessian.js";
import { builtinTable } from "../src/nn/datasets.js";
import { initializeNetwork } from "../src/nn/init.js";
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
  it("converges on low-rank matrices with many zero eigenvalues (as network Hessians have)", () => {
    const n = 80;
    const rng = seededRandom(12);
    const u = Float64Array.from({ length: n }, () => rng() - 0.5);
    const w = Float64Array.from({ length: n }, () => rng() - 0.5);
    // A = u uᵀ − 0.5 w wᵀ: rank 2, 78 zero eigenvalues.
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = u[i] * u[j] - 0.5 * w[i] * w[j];
    const ev = symmetricEigenvalues(a, n);
    const uu = u.reduce((s, t) => s + t * t, 0), ww = w.reduce((s, t) => s + t * t, 0), uw = u.reduce((s, t, i) => s + t * w[i], 0);
    // Nonzero eigenvalues of [u w] diag(1, −0.5) [u w]ᵀ = those of the 2 × 2 [[uu, −0.5 uw], [uw, −0.5 ww]].
    const tr = uu - 0.5 * ww, det = -0.5 * uu * ww + 0.5 * uw * uw;
    const disc = Math.sqrt(tr * tr - 4 * det);
    expect(Math.abs(ev[0] - (tr - disc) / 2)).toBeLessThan(1e-13);
    expect(Math.abs(ev[n - 1] - (tr + disc) / 2)).toBeLessThan(1e-13);
    for (let i = 1; i < n - 1; i++) expect(Math.abs(ev[i])).toBeLessThan(1e-13);
  });
  it("converges on a rank-deficient network Hessian (2-20-20-1 tanh, 20 moons; P = 501)", () => {
    // The one-unit output makes H = JᵀDJ + … rank-deficient: hundreds of zero eigenvalues,
    // which once stalled the QL iteration's relative deflation test.
    const arch: Architecture = { inputs: 2, hidden: [20, 20], activation: "tanh" };
    const data = builtinTable("moons", { samples: 20, noise: null, dataSeed: 0 });
    const { theta } = initializeNetwork(arch, { kind: "xavier-normalized" }, seededRandom(0));
    const P = theta.length;
    const H = denseHessian(arch, theta, data, "bce");
    const s = spectrumOf(H, P);
    // Trace = Σλ and ‖H‖²_F = Σλ², both exact invariants of a symmetric matrix.
    let fro = 0;
    for (const h of H) fro += h * h;
    expect(Math.abs(s.eigenvalues.reduce((a, b) => a + b, 0) - s.trace)).toBeLessThan(1e-12 * Math.sqrt(fro));
    expect(Math.abs(s.eigenvalues.reduce((a, b) => a + b * b, 0) - fro)).toBeLessThan(1e-12 * fro);
    // Many exact zero directions (128 of 501 here): the case that needs the ‖T‖ deflation floor.
    const zeros = s.eigenvalues.filter((l) => Math.abs(l) < 1e-12 * Math.sqrt(fro)).length;
    expect(zeros).toBeGreaterThan(100);
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
