import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import type { LossName } from "../src/numerics/losses.js";
import type { ActivationName } from "../src/nn/activations.js";
import { parameterCount, type Architecture } from "../src/nn/architecture.js";
import { denseHessian, hessianSpectrum } from "../src/nn/hessian.js";
import { hessianVector } from "../src/nn/hvp.js";
import { symmetricEigenvalues } from "../src/nn/symmetric-eigen.js";
import type { Table } from "../src/nn/table.js";
import { extremeEigen } from "../src/curvature/extreme-eigen.js";
import { signCounts, ZERO_EIGEN_TOL } from "../src/curvature/exact.js";
import { hutchinsonTrace, rademacherInto } from "../src/curvature/hutchinson.js";
import { denseOperator, hessianOperator, layerBlocks } from "../src/curvature/operator.js";
import { perLayerTopEigenvalues } from "../src/curvature/per-layer.js";
import { slqDensity } from "../src/curvature/slq.js";
import { tridiagonalEigen } from "../src/curvature/tridiagonal-eigen.js";

function randomTable(n: number, d: number, seed: number): Table {
  const rng = seededRandom(seed);
  const x = Float64Array.from({ length: n * d }, () => 4 * rng() - 2);
  const y = Float64Array.from({ length: n }, (_, i) => (x[i * d] * x[i * d + d - 1] + 0.3 * x[i * d] > 0 ? 1 : 0));
  return { x, y, inputs: d, source: "test" };
}

function randomTheta(P: number, seed: number, scale: number): Float64Array {
  const rng = seededRandom(seed);
  return Float64Array.from({ length: P }, () => scale * (2 * rng() - 1));
}

/** Q diag(λ) Qᵀ with Q a product of two Householder reflections. */
function matrixWithSpectrum(lam: number[], seed: number): Float64Array {
  const n = lam.length;
  const rng = seededRandom(seed);
  let a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = lam[i];
  for (let r = 0; r < 2; r++) {
    const v = Float64Array.from({ length: n }, () => rng() - 0.5);
    const vv = v.reduce((s, t) => s + t * t, 0);
    const q = (i: number, j: number): number => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / vv;
    const b = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) for (let l = 0; l < n; l++) if (a[k * n + l] !== 0) s += q(i, k) * a[k * n + l] * q(l, j);
      b[i * n + j] = s;
    }
    a = b;
  }
  return a;
}

describe("tridiagonalEigen", () => {
  it("gives the 1-D Laplacian's eigenpairs 2 − 2cos(kπ/(m+1)), sin(jkπ/(m+1))", () => {
    const m = 40;
    const { values, vectors } = tridiagonalEigen(new Float64Array(m).fill(2), new Float64Array(m - 1).fill(-1), m);
    for (let k = 1; k <= m; k++) {
      expect(Math.abs(values[k - 1] - (2 - 2 * Math.cos((k * Math.PI) / (m + 1))))).toBeLessThan(1e-13);
      const nrm = Math.sqrt((m + 1) / 2);
      const sign = Math.sign(vectors[k - 1]) * Math.sign(Math.sin((k * Math.PI) / (m + 1)));
      for (let j = 1; j <= m; j++) expect(Math.abs(vectors[(j - 1) * m + k - 1] - (sign * Math.sin((j * k * Math.PI) / (m + 1))) / nrm)).toBeLessThan(1e-12);
    }
  });
  it("selected rows equal the full matrix's rows and T v = λ v", () => {
    const m = 25;
    const rng = seededRandom(8);
    const d = Float64Array.from({ length: m }, () => rng() * 4 - 2);
    const e = Float64Array.from({ length: m - 1 }, () => rng() - 0.5);
    const full = tridiagonalEigen(d, e, m);
    const part = tridiagonalEigen(d, e, m, [0, m - 1]);
    for (let i = 0; i < m; i++) {
      expect(part.values[i]).toBe(full.values[i]);
      expect(part.vectors[i]).toBeCloseTo(full.vectors[i], 14);
      expect(part.vectors[m + i]).toBeCloseTo(full.vectors[(m - 1) * m + i], 14);
      for (let j = 0; j < m; j++) {
        const tv = d[j] * full.vectors[j * m + i] + (j > 0 ? e[j - 1] * full.vectors[(j - 1) * m + i] : 0) + (j < m - 1 ? e[j] * full.vectors[(j + 1) * m + i] : 0);
        expect(Math.abs(tv - full.values[i] * full.vectors[j * m + i])).toBeLessThan(1e-13);
      }
    }
  });
});

const CASES: [string, Architecture, LossName, number][] = [
  ["2-8-1 tanh bce", { inputs: 2, hidden: [8], activation: "tanh" }, "bce", 1],
  ["2-16-16-1 sigmoid mse", { inputs: 2, hidden: [16, 16], activation: "sigmoid" }, "mse", 2],
  ["3-12-12-1 relu bce", { inputs: 3, hidden: [12, 12], activation: "relu" }, "bce", 1],
  ["2-20-20-1 softsign mse", { inputs: 2, hidden: [20, 20], activation: "softsign" as ActivationName }, "mse", 1.5],
  ["2-24-24-1 tanh bce (P = 697)", { inputs: 2, hidden: [24, 24], activation: "tanh" }, "bce", 0.8],
];

describe("Lanczos with full reorthogonalization", () => {
  it.each(CASES)("%s: top-3 and bottom-3 match the dense spectrum to 1e-8", (_name, arch, loss, scale) => {
    const P = parameterCount(arch);
    const data = randomTable(40, arch.inputs, 5);
    const theta = randomTheta(P, 11, scale);
    const exact = hessianSpectrum(arch, theta, data, loss).eigenvalues;
    const r = extremeEigen(hessianOperator(arch, theta, data, loss), { top: 3, bottom: 3, vectors: true, seed: 7 });
    expect(r.converged).toBe(true);
    const norm = Math.max(Math.abs(exact[0]), Math.abs(exact[P - 1]));
    for (let k = 0; k < 3; k++) {
      expect(Math.abs(r.top.values[k] - exact[P - 1 - k])).toBeLessThan(1e-8 * norm);
      expect(Math.abs(r.bottom.values[k] - exact[k])).toBeLessThan(1e-8 * norm);
    }
    // The returned vectors are eigenvectors of the true Hessian: ‖H y − λ y‖ small.
    const y = r.top.vectors![0];
    const hy = hessianVector(arch, theta, data, loss, y);
    let res = 0;
    for (let i = 0; i < P; i++) res = Math.max(res, Math.abs(hy[i] - r.top.values[0] * y[i]));
    expect(res).toBeLessThan(1e-8 * norm);
  });
  it("finds repeated eigenvalues through restarts on an invariant subspace", () => {
    const lam = [5, 5, 5, 2, 1, 1, -3, 0.5, 0.25, 4];
    const n = lam.length;
    const r = extremeEigen(denseOperator(matrixWithSpectrum(lam, 3), n), { top: 4, bottom: 3, vectors: false, seed: 1 });
    const sorted = [...lam].sort((a, b) => a - b);
    expect(r.top.values.map((v) => +v.toFixed(10))).toEqual([5, 5, 5, 4]);
    expect(r.bottom.values.map((v) => +v.toFixed(10))).toEqual(sorted.slice(0, 3));
  });
  it("is reproducible from its seed and refuses top > P", () => {
    const arch: Architecture = { inputs: 2, hidden: [5], activation: "tanh" };
    const P = parameterCount(arch);
    const data = randomTable(20, 2, 2);
    const H = hessianOperator(arch, randomTheta(P, 3, 1), data, "bce");
    expect(extremeEigen(H, { top: 2, bottom: 0, vectors: false, seed: 4 })).toEqual(extremeEigen(H, { top: 2, bottom: 0, vectors: false, seed: 4 }));
    expect(() => extremeEigen(H, { top: P + 1, bottom: 0, vectors: false, seed: 4 })).toThrow(RangeError);
  });
});

describe("Hutchinson trace", () => {
  it("is exact with zero spread on a diagonal matrix (zᵢ² = 1)", () => {
    const n = 30;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) a[i * n + i] = i - 7.5;
    const t = hutchinsonTrace(denseOperator(a, n), 5, 3);
    expect(t.trace).toBeCloseTo(n * (n - 1) / 2 - 7.5 * n, 10);
    expect(t.standardError).toBeLessThan(1e-12);
  });
  it("lands within 4 standard errors of the exact Hessian trace (2-10-10-1 tanh)", () => {
    const arch: Architecture = { inputs: 2, hidden: [10, 10], activation: "tanh" };
    const P = parameterCount(arch);
    const data = randomTable(30, 2, 6);
    const theta = randomTheta(P, 2, 1);
    const exact = hessianSpectrum(arch, theta, data, "mse").trace;
    for (const seed of [1, 2, 3]) {
      const t = hutchinsonTrace(hessianOperator(arch, theta, data, "mse"), 300, seed);
      expect(t.standardError).toBeGreaterThan(0);
      expect(Math.abs(t.trace - exact)).toBeLessThan(4 * t.standardError);
    }
  });
});

describe("stochastic Lanczos quadrature", () => {
  const lam = Array.from({ length: 24 }, (_, i) => Math.sin(i * 1.3) * 3 + i * 0.1);
  const n = lam.length;
  const A = matrixWithSpectrum(lam, 5);
  const op = denseOperator(A, n);
  it("reproduces vᵀAᵏv of its own normalized Rademacher probes for k < 2m", () => {
    const m = 5;
    const d = slqDensity(op, { probes: 3, steps: m, seed: 9, bins: 200, sigma2: 1e-5, pad: 0.01 });
    const rng = seededRandom(9);
    const z = new Float64Array(n);
    for (let p = 0; p < 3; p++) {
      rademacherInto(z, rng);
      let v = Float64Array.from(z, (x) => x / Math.sqrt(n));
      const v0 = v;
      for (let k = 0; k < 2 * m; k++) {
        const exact = v0.reduce((s, x, i) => s + x * v[i], 0);
        const quad = d.nodes[p].reduce((s, x, i) => s + d.weights[p][i] * x ** k, 0);
        expect(Math.abs(quad - exact)).toBeLessThan(1e-10 * Math.max(1, Math.abs(exact)));
        const next = new Float64Array(n);
        op.apply(v, next);
        v = next;
      }
    }
  });
  it("integrates to 1 and its first moment is the mean of vᵀAv ≈ tr(A)/n", () => {
    const d = slqDensity(op, { probes: 20, steps: 12, seed: 2, bins: 4000, sigma2: 1e-4, pad: 0.5 });
    const dt = d.grid[1] - d.grid[0];
    let mass = 0, first = 0;
    for (let b = 0; b < d.grid.length; b++) {
      mass += d.density[b] * dt;
      first += d.grid[b] * d.density[b] * dt;
    }
    expect(mass).toBeCloseTo(1, 12);
    const quadMean = d.nodes.reduce((s, x, p) => s + x.reduce((t, y, i) => t + d.weights[p][i] * y, 0), 0) / 20;
    expect(first).toBeCloseTo(quadMean, 6);
    const trace = lam.reduce((s, x) => s + x, 0) / n;
    const hut = hutchinsonTrace(op, 20, 2);
    expect(Math.abs(quadMean - trace)).toBeLessThan(4 * hut.standardError / n + 1e-12);
  });
  it("with m = n steps has every eigenvalue as a node", () => {
    const d = slqDensity(op, { probes: 1, steps: n, seed: 4, bins: 100, sigma2: 1e-5, pad: 0.01 });
    const sorted = [...lam].sort((a, b) => a - b);
    expect(d.nodes[0].length).toBe(n);
    for (let i = 0; i < n; i++) expect(Math.abs(d.nodes[0][i] - sorted[i])).toBeLessThan(1e-10);
    expect(d.weights[0].reduce((s, w) => s + w, 0)).toBeCloseTo(1, 13);
  });
});

describe("per-layer curvature", () => {
  it("equals the top eigenvalue of each dense diagonal block (2-6-5-1 sigmoid, bce)", () => {
    const arch: Architecture = { inputs: 2, hidden: [6, 5], activation: "sigmoid" };
    const P = parameterCount(arch);
    const data = randomTable(25, 2, 3);
    const theta = randomTheta(P, 4, 2);
    const H = denseHessian(arch, theta, data, "bce");
    const layers = perLayerTopEigenvalues(arch, theta, data, "bce", { seed: 1 });
    const blocks = layerBlocks(arch);
    expect(layers.map((l) => l.size)).toEqual([18, 35, 6]);
    blocks.forEach((b, l) => {
      const block = new Float64Array(b.size * b.size);
      for (let i = 0; i < b.size; i++) for (let j = 0; j < b.size; j++) block[i * b.size + j] = H[(b.start + i) * P + b.start + j];
      const ev = symmetricEigenvalues(block, b.size);
      expect(Math.abs(layers[l].lambdaMax - ev[b.size - 1])).toBeLessThan(1e-9 * Math.abs(ev[b.size - 1]));
    });
  });
});

describe("signCounts", () => {
  it("counts rounding zeros of a rank-deficient matrix as zero, not as negative or positive", () => {
    // A = B Bᵀ − c cᵀ (8 × 8) has rank 3: two positive eigenvalues, one negative, five zero.
    const n = 8, rng = seededRandom(3);
    const b = Array.from({ length: 2 }, () => Float64Array.from({ length: n }, () => rng() * 2 - 1));
    const c = Float64Array.from({ length: n }, () => rng() * 2 - 1);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = b[0][i] * b[0][j] + b[1][i] * b[1][j] - c[i] * c[j];
    const e = symmetricEigenvalues(a, n);
    const zeros = Array.from(e).sort((x, y) => Math.abs(x) - Math.abs(y)).slice(0, 5);
    // The computed zeros are rounding noise, not 0: a plain sign test would count some as negative or positive.
    expect(zeros.some((v) => v !== 0)).toBe(true);
    expect(Math.max(...zeros.map(Math.abs))).toBeLessThan(1e-13 * Math.max(...Array.from(e, Math.abs)));
    const s = signCounts(e);
    expect(s).toMatchObject({ negative: 1, zero: 5, positive: 2 });
    expect(s.tolerance).toBe(ZERO_EIGEN_TOL * Math.max(...Array.from(e, Math.abs)));
    // The tolerance is relative: the same spectrum scaled by 1e−9 counts alike.
    expect(signCounts(e.map((v) => v * 1e-9))).toMatchObject({ negative: 1, zero: 5, positive: 2 });
    expect(signCounts(new Float64Array([0, 0]))).toMatchObject({ negative: 0, zero: 2, positive: 0 });
  });
});
