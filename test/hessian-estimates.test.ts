// The estimators behind `hessian`, against closed forms: Hutchinson's standard error
// against Var[zᵀAz] = 2 Σ_{i≠j} A_ij², SLQ's per-probe moments against vᵀAv of the same
// probes, the smoothed densities' mass and first moment, and the report's product counts
// and exact references.

import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import { builtinTable } from "../src/nn/datasets.js";
import { denseHessian, hessianSpectrum } from "../src/nn/hessian.js";
import { symmetricEigenvalues } from "../src/nn/symmetric-eigen.js";
import { parameterCount, type Architecture } from "../src/nn/architecture.js";
import { blockLambdaMax, denseBlock, extremes } from "../src/curvature/exact.js";
import { hutchinsonTrace, rademacherInto } from "../src/curvature/hutchinson.js";
import { denseOperator, layerBlocks } from "../src/curvature/operator.js";
import { countingOperator, hessianReport, type HessianRequest } from "../src/curvature/report.js";
import { densityMoments, slqDensity } from "../src/curvature/slq.js";
import { exactDensityOn, spectrumSummary } from "../src/curvature/spectrum-summary.js";
import { hessianWork } from "../src/estimate/hessian-cost.js";

function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = seededRandom(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = (i === j ? 3 : 1) * (rng() - 0.5);
  return a;
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

describe("Hutchinson's standard error", () => {
  it("matches the closed form √(2 Σ_{i≠j} A_ij² / M) and covers the trace", () => {
    const n = 30;
    const a = randomSymmetric(n, 1);
    let off = 0, trace = 0;
    for (let i = 0; i < n; i++) {
      trace += a[i * n + i];
      for (let j = 0; j < n; j++) if (i !== j) off += a[i * n + j] ** 2;
    }
    const M = 4000;
    const t = hutchinsonTrace(denseOperator(a, n), M, 2);
    const closed = Math.sqrt((2 * off) / M);
    expect(Math.abs(t.standardError / closed - 1)).toBeLessThan(0.08);
    expect(Math.abs(t.trace - trace)).toBeLessThan(4 * closed);
    // Over seeds, the estimate lands within 2 standard errors about 95% of the time.
    let inside = 0;
    for (let s = 0; s < 40; s++) {
      const r = hutchinsonTrace(denseOperator(a, n), 50, 100 + s);
      if (Math.abs(r.trace - trace) < 2 * r.standardError) inside++;
    }
    expect(inside).toBeGreaterThanOrEqual(32);
  });
});

describe("SLQ moments and smoothed densities", () => {
  const n = 40;
  const a = randomSymmetric(n, 3);
  const exact = symmetricEigenvalues(a, n);

  it("each probe's first moment is vᵀAv of its normalized Rademacher probe", () => {
    const d = slqDensity(denseOperator(a, n), { probes: 5, steps: 12, seed: 9, bins: 300, sigma2: 1e-4, pad: 0.01 });
    const m = densityMoments(d);
    const rng = seededRandom(9);
    const z = new Float64Array(n);
    m.probeMeans.forEach((pm) => {
      rademacherInto(z, rng);
      let q = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q += z[i] * a[i * n + j] * z[j];
      expect(pm).toBeCloseTo(q / n, 12);
    });
    expect(m.mean).toBeCloseTo(sum(m.probeMeans) / 5, 14);
    const sd = Math.sqrt(m.probeMeans.reduce((s, v) => s + (v - m.mean) ** 2, 0) / 4);
    expect(m.meanStandardError).toBeCloseTo(sd / Math.sqrt(5), 14);
    expect(densityMoments({ nodes: [d.nodes[0]], weights: [d.weights[0]] }).meanStandardError).toBeNull();
  });

  it("the density integrates to 1 and its first moment is the quadrature mean ≈ tr(A)/n", () => {
    const d = slqDensity(denseOperator(a, n), { probes: 30, steps: 20, seed: 4, bins: 4000, sigma2: 1e-4, pad: 0.5 });
    const m = densityMoments(d);
    const dt = d.grid[1] - d.grid[0];
    expect(sum(d.density) * dt).toBeCloseTo(1, 12);
    let first = 0;
    for (let b = 0; b < d.grid.length; b++) first += d.grid[b] * d.density[b] * dt;
    expect(first).toBeCloseTo(m.mean, 6);
    expect(Math.abs(m.mean - sum(exact) / n)).toBeLessThan(4 * (m.meanStandardError as number));
    // The exact spectrum under the same smoothing: mass 1, mean tr(A)/n.
    const e = exactDensityOn(d, exact);
    expect(sum(e) * dt).toBeCloseTo(1, 12);
    let ef = 0;
    for (let b = 0; b < d.grid.length; b++) ef += d.grid[b] * e[b] * dt;
    expect(ef).toBeCloseTo(sum(exact) / n, 6);
  });

  it("with steps = n every probe's nodes are the eigenvalues, so SLQ equals the exact smoothing up to weights", () => {
    const s = spectrumSummary(denseOperator(a, n), 3, { probes: 2, steps: 1000, seed: 1, bins: 200, sigma2: 1e-3, pad: 0.1 }, exact);
    expect(s.density.nodes[0]).toHaveLength(n);
    s.density.nodes[0].forEach((x, i) => expect(x).toBeCloseTo(exact[i], 9));
    expect(s.eigen?.top.values.map((v) => Number(v.toFixed(10)))).toEqual([exact[n - 1], exact[n - 2], exact[n - 3]].map((v) => Number(v.toFixed(10))));
    expect(s.exactDensity).toHaveLength(200);
  });

  it("relative smoothing scales pad and kernel with the spectrum: c·A's density is A's rescaled by c, for tiny c too", () => {
    const opts = { probes: 2, steps: 15, seed: 3, bins: 400, sigma2: 1e-4, pad: 0.05, smoothing: "relative" as const };
    const d = slqDensity(denseOperator(a, n), opts);
    const [p0, p1] = d.nodes, lo = (p0[0] + p1[0]) / 2, hi = (p0[14] + p1[14]) / 2;
    const peak = d.density.reduce((m, v) => Math.max(m, v), 0);
    const h = (hi - lo) / 2;
    // PyHessian's rule on the spectrum rescaled to [−1, 1]: pad·h each side, variance σ²·(2 + 2·pad)·h².
    expect(d.grid[0]).toBeCloseTo(lo - 0.05 * h, 12);
    expect(d.grid[399]).toBeCloseTo(hi + 0.05 * h, 12);
    expect(d.variance / (1e-4 * (2 + 2 * 0.05) * h * h)).toBeCloseTo(1, 12);
    for (const c of [1e-9, 300]) {
      const dc = slqDensity(denseOperator(a.map((v) => v * c), n), opts);
      expect(dc.variance / (d.variance * c * c)).toBeCloseTo(1, 9);
      for (let b = 0; b < 400; b += 37) {
        expect(dc.grid[b] / c).toBeCloseTo(d.grid[b], 9);
        expect((dc.density[b] * c) / peak).toBeCloseTo(d.density[b] / peak, 7);
      }
    }
    // The default (PyHessian's absolute σ² and pad) is unchanged: a spectrum 1e−9 wide is drawn as the kernel alone.
    const abs = slqDensity(denseOperator(a.map((v) => v * 1e-9), n), { ...opts, smoothing: undefined });
    expect(abs.variance).toBe(1e-4);
    expect(abs.grid[399] - abs.grid[0]).toBeGreaterThan(0.1);
  });
});

describe("Lanczos with eigenvalues of high multiplicity", () => {
  it("finds every copy for top and bottom lists that overlap (constant init: symmetric units)", () => {
    // Equal hidden units make H's spectrum highly degenerate (four zero eigenvalues, two
    // pairs): copies found by a multiplicity check as its largest value must still reach
    // the bottom list.
    const arch: Architecture = { inputs: 2, hidden: [3], activation: "linear" };
    const data = builtinTable("gauss", { samples: 44, noise: null, dataSeed: 14 });
    const theta = new Float64Array(parameterCount(arch)).fill(0.5);
    const ev = hessianSpectrum(arch, theta, data, "mse").eigenvalues;
    const P = ev.length;
    const r = hessianReport(arch, theta, data, "mse", { top: 7, bottom: 7, vectors: false, traceProbes: 0, density: null, perLayer: false, exact: false, seed: 14 });
    const e = r.eigen!;
    for (let k = 0; k < 7; k++) {
      expect(Math.abs(e.top.values[k] - ev[P - 1 - k])).toBeLessThan(1e-12);
      expect(Math.abs(e.bottom.values[k] - ev[k])).toBeLessThan(1e-12);
    }
  });
});

describe("dense references and the report", () => {
  const arch: Architecture = { inputs: 2, hidden: [5, 4], activation: "tanh" };
  const data = builtinTable("moons", { samples: 40, noise: null, dataSeed: 1 });
  const P = parameterCount(arch);
  const theta = Float64Array.from({ length: P }, (_, k) => Math.cos(2.1 * k));

  it("denseBlock and blockLambdaMax read the diagonal blocks", () => {
    const H = denseHessian(arch, theta, data, "bce");
    const blocks = layerBlocks(arch);
    const lm = blockLambdaMax(H, P, blocks);
    blocks.forEach((b, k) => {
      const blk = denseBlock(H, P, b.start, b.size);
      for (let i = 0; i < b.size; i++) for (let j = 0; j < b.size; j++) expect(blk[i * b.size + j]).toBe(H[(b.start + i) * P + b.start + j]);
      const ev = symmetricEigenvalues(blk, b.size);
      expect(lm[k]).toBe(ev[b.size - 1]);
    });
    expect(extremes(Float64Array.from([1, 2, 3, 4]), 2, 3)).toEqual({ top: [4, 3], bottom: [1, 2, 3] });
  });

  it("counts exactly M products for Hutchinson and probes × steps for SLQ", () => {
    const base: HessianRequest = { top: 0, bottom: 0, vectors: false, traceProbes: 0, density: null, perLayer: false, exact: false, seed: 0 };
    const count = (req: HessianRequest): number => {
      let k = 0;
      hessianReport(arch, theta, data, "bce", req, undefined, () => k++);
      return k;
    };
    expect(count({ ...base, traceProbes: 17 })).toBe(17);
    expect(count({ ...base, density: { probes: 3, steps: 11, bins: 50, sigma2: 1e-5, pad: 0.01 } })).toBe(33);
    let n = 0;
    const op = countingOperator(denseOperator(new Float64Array([2, 0, 0, 3]), 2), () => n++);
    op.apply(new Float64Array([1, 1]), new Float64Array(2));
    expect(n).toBe(1);
  });

  it("hessian's cost estimate counts every product: Hutch++, the repeats over seeds, the per-layer traces and densities", () => {
    const base: HessianRequest = { top: 0, bottom: 0, vectors: false, traceProbes: 0, density: null, perLayer: false, exact: false, seed: 0 };
    const count = (req: HessianRequest): number => {
      let k = 0;
      hessianReport(arch, theta, data, "bce", req, undefined, () => k++);
      return k;
    };
    const sizes = layerBlocks(arch).map((b) => b.size);
    const estimate = (req: HessianRequest): number => hessianWork(req, P, sizes, false).products;
    const density = { probes: 2, steps: 7, bins: 50, sigma2: 1e-5, pad: 0.01 };
    // Without Lanczos every product is known in advance: the estimate is the count.
    for (const req of [
      { ...base, traceProbes: 12 },
      { ...base, traceProbes: 12, hutchpp: true },
      { ...base, traceProbes: 12, traceRepeats: 4 },
      { ...base, traceProbes: 12, hutchpp: true, traceRepeats: 5 },
      { ...base, traceProbes: 9, hutchpp: true, traceRepeats: 3, density },
    ]) expect(estimate(req), JSON.stringify(req)).toBe(count(req));
    // Per layer, Lanczos' steps are a guess; what the traces and densities add is exact.
    const layered = { ...base, perLayer: true };
    const withAll = { ...layered, traceProbes: 10, hutchpp: true, traceRepeats: 3, density };
    expect(estimate(withAll) - estimate(layered)).toBe(count(withAll) - count(layered));
    expect(estimate(withAll) / count(withAll)).toBeGreaterThan(0.5);
    expect(estimate(withAll) / count(withAll)).toBeLessThan(2);
  });

  it("reports the exact values beside every estimate for P ≤ 2000", () => {
    const r = hessianReport(arch, theta, data, "mse", {
      top: 2, bottom: 2, vectors: false, traceProbes: 50, density: { probes: 2, steps: 10, bins: 100, sigma2: 1e-5, pad: 0.01 }, perLayer: true, exact: true, seed: 3,
    });
    const s = hessianSpectrum(arch, theta, data, "mse");
    expect(r.exact).toBe(true);
    expect(r.eigen?.exactTop).toEqual([s.lambdaMax, s.eigenvalues[P - 2]]);
    expect(r.eigen?.exactBottom).toEqual([s.lambdaMin, s.eigenvalues[1]]);
    expect(r.trace?.exact).toBe(s.trace);
    expect(r.density?.exactMean).toBe(s.trace / P);
    expect(r.perLayer?.map((l) => l.seed)).toEqual([3, 3, 3]);
    r.perLayer?.forEach((l) => expect(Math.abs(l.lambdaMax - (l.exact as number))).toBeLessThan(1e-10));
  });
});
