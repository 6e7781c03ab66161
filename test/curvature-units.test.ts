import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import { blockLambdaMax, denseBlock, extremes, signCounts, ZERO_EIGEN_TOL } from "../src/curvature/exact.js";
import { extremeEigen, fixSign } from "../src/curvature/extreme-eigen.js";
import { hutchinsonTrace, rademacherInto } from "../src/curvature/hutchinson.js";
import { compareTraceEstimators, hutchppTrace, repeatedTrace } from "../src/curvature/hutchpp.js";
import { lanczos, MAX_BASIS_ENTRIES } from "../src/curvature/lanczos.js";
import { denseOf, denseOperator, diagonalBlock, layerBlocks, type SymmetricOperator } from "../src/curvature/operator.js";
import { topEigenvaluesPerBlock } from "../src/curvature/per-layer.js";
import { densityGrid, densityMoments, slqDensity, smoothMeasures } from "../src/curvature/slq.js";
import { exactDensityOn } from "../src/curvature/spectrum-summary.js";
import { tridiagonalEigen } from "../src/curvature/tridiagonal-eigen.js";

/** diag(d) as an operator. */
const diagonal = (d: number[]): SymmetricOperator => ({
  size: d.length,
  apply: (v, out) => {
    for (let i = 0; i < d.length; i++) out[i] = d[i] * v[i];
  },
});
/** Q diag(λ) Qᵀ with the Householder Q = I − 2uuᵀ/uᵀu, dense. */
function rotated(lambda: number[], seed: number): Float64Array {
  const n = lambda.length;
  const rng = seededRandom(seed);
  const u = Array.from({ length: n }, () => rng() - 0.5);
  const uu = u.reduce((s, x) => s + x * x, 0);
  const q = (i: number, j: number) => (i === j ? 1 : 0) - (2 * u[i] * u[j]) / uu;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += q(i, k) * lambda[k] * q(j, k);
    a[i * n + j] = s;
  }
  return a;
}
const mat = (a: Float64Array, n: number, v: Float64Array) => Float64Array.from({ length: n }, (_, i) => a.subarray(i * n, i * n + n).reduce((s, x, j) => s + x * v[j], 0));

describe("tridiagonalEigen", () => {
  it("gives the path Laplacian's eigenpairs 2 − 2cos(kπ/(m+1)), sin(ikπ/(m+1))", () => {
    const m = 7;
    const r = tridiagonalEigen(new Array(m).fill(2), new Array(m - 1).fill(-1), m);
    for (let k = 1; k <= m; k++) {
      expect(Math.abs(r.values[k - 1] - (2 - 2 * Math.cos((k * Math.PI) / (m + 1))))).toBeLessThan(1e-14);
      // Column k − 1 is ±√(2/(m+1)) sin(ikπ/(m+1)).
      const sign = Math.sign(r.vectors[k - 1]);
      for (let i = 0; i < m; i++) expect(Math.abs(r.vectors[i * m + k - 1] - sign * Math.sqrt(2 / (m + 1)) * Math.sin(((i + 1) * k * Math.PI) / (m + 1)))).toBeLessThan(1e-14);
    }
    expect(r.rows).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
  it("on a random tridiagonal T: T v = λ v for every pair, and selected rows are those rows", () => {
    const m = 9;
    const rng = seededRandom(3);
    const d = Array.from({ length: m }, () => 4 * rng() - 2), e = Array.from({ length: m - 1 }, () => 2 * rng() - 1);
    const full = tridiagonalEigen(d, e, m);
    for (let j = 0; j < m; j++) {
      const v = (i: number) => full.vectors[i * m + j];
      for (let i = 0; i < m; i++) {
        const tv = d[i] * v(i) + (i > 0 ? e[i - 1] * v(i - 1) : 0) + (i < m - 1 ? e[i] * v(i + 1) : 0);
        expect(Math.abs(tv - full.values[j] * v(i))).toBeLessThan(1e-13);
      }
      if (j > 0) expect(full.values[j]).toBeGreaterThanOrEqual(full.values[j - 1]);
    }
    const some = tridiagonalEigen(d, e, m, [m - 1, 0]);
    expect(Array.from(some.values)).toEqual(Array.from(full.values));
    for (let j = 0; j < m; j++) {
      expect(some.vectors[j]).toBe(full.vectors[(m - 1) * m + j]);
      expect(some.vectors[m + j]).toBe(full.vectors[j]);
    }
    expect(tridiagonalEigen([5], [], 1)).toEqual({ values: Float64Array.of(5), vectors: Float64Array.of(1), rows: [0] });
  });
});

describe("lanczos", () => {
  const A = rotated([3, -1, 0.5, 2, 7, -4], 2);
  const op = denseOperator(A, 6);
  it("builds an orthonormal basis Q with T = Qᵀ A Q tridiagonal", () => {
    const run = lanczos(op, { maxSteps: 4, rng: seededRandom(1), onBreakdown: "restart" });
    expect(run.steps).toBe(4);
    const q = (j: number) => run.basis.subarray(j * 6, j * 6 + 6);
    const dotv = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i], 0);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        expect(Math.abs(dotv(q(i), q(j)) - (i === j ? 1 : 0))).toBeLessThan(1e-14);
        const t = dotv(q(i), mat(A, 6, q(j)));
        const want = i === j ? run.alpha[i] : Math.abs(i - j) === 1 ? run.beta[Math.min(i, j)] : 0;
        expect(Math.abs(t - want)).toBeLessThan(1e-13);
      }
    }
    // β₃ is the norm of the residual A q₃ − α₃q₃ − β₂q₂.
    const res = mat(A, 6, q(3)).map((x, i) => x - run.alpha[3] * q(3)[i] - run.beta[2] * q(2)[i]);
    expect(Math.abs(Math.hypot(...res) - run.beta[3])).toBeLessThan(1e-13);
    expect(run.restarts).toBe(0);
  });
  it("starts from the given vector and stops or restarts on an invariant subspace", () => {
    // diag(1, 1, 2, 2, 3): the start (1, 0, 1, 0, 0) spans a 2-D invariant space.
    const D = diagonal([1, 1, 2, 2, 3]);
    const start = Float64Array.of(1, 0, 1, 0, 0);
    const stop = lanczos(D, { maxSteps: 5, rng: seededRandom(1), start, onBreakdown: "stop" });
    expect(stop.steps).toBe(2);
    expect(stop.beta[1]).toBe(0);
    expect(stop.basis[0]).toBeCloseTo(Math.SQRT1_2, 15);
    const go = lanczos(D, { maxSteps: 5, rng: seededRandom(1), start, onBreakdown: "restart" });
    expect(go.steps).toBe(5);
    expect(go.restarts).toBeGreaterThanOrEqual(1);
    // The full basis spans the space: the Ritz values are the eigenvalues.
    const ev = tridiagonalEigen(go.alpha, go.beta, 5).values;
    [1, 1, 2, 2, 3].forEach((l, i) => expect(Math.abs(ev[i] - l)).toBeLessThan(1e-12));
    const done = lanczos(D, { maxSteps: 5, rng: seededRandom(1), onBreakdown: "restart", done: (r) => r.steps === 3 });
    expect(done.steps).toBe(3);
  });
  it("keeps the basis orthogonal to deflated vectors", () => {
    const e0 = Float64Array.of(1, 0, 0, 0, 0, 0);
    const run = lanczos(op, { maxSteps: 5, rng: seededRandom(4), onBreakdown: "restart", deflate: [e0] });
    expect(run.steps).toBe(5);
    for (let j = 0; j < 5; j++) expect(Math.abs(run.basis[j * 6])).toBeLessThan(1e-15);
  });
  it("refuses impossible runs", () => {
    const rng = seededRandom(1);
    expect(() => lanczos(op, { maxSteps: 0, rng, onBreakdown: "stop" })).toThrow("Lanczos needs at least one step (got 0)");
    expect(() => lanczos(op, { maxSteps: 2.5, rng, onBreakdown: "stop" })).toThrow(RangeError);
    expect(() => lanczos(op, { maxSteps: 3, rng, onBreakdown: "stop", start: new Float64Array(5) })).toThrow("start vector has 5 entries, the operator 6");
    expect(() => lanczos(op, { maxSteps: 3, rng, onBreakdown: "stop", start: new Float64Array(6) })).toThrow("Lanczos start vector must be finite and nonzero");
    expect(() => lanczos(op, { maxSteps: 3, rng, onBreakdown: "stop", start: new Float64Array(6).fill(Number.POSITIVE_INFINITY) })).toThrow(RangeError);
    const id2 = [Float64Array.of(1, 0), Float64Array.of(0, 1)];
    expect(() => lanczos(diagonal([1, 2, 3]), { maxSteps: 3, rng, onBreakdown: "stop", deflate: [Float64Array.of(1, 0, 0), Float64Array.of(0, 1, 0), Float64Array.of(0, 0, 1)] })).toThrow(RangeError);
    expect(() => lanczos(diagonal([1, 2, 3]), { maxSteps: 1, rng, onBreakdown: "stop", deflate: [...id2.map((v) => Float64Array.of(v[0], v[1], 0))] })).not.toThrow();
    const huge: SymmetricOperator = { size: 2 ** 13, apply: () => {} };
    expect(() => lanczos(huge, { maxSteps: 2 ** 12 + 1, rng, onBreakdown: "stop" })).toThrow(`a Lanczos basis of 4097 × 8192 exceeds ${MAX_BASIS_ENTRIES} entries; ask for fewer steps`);
  });
});

describe("extremeEigen", () => {
  it("finds the largest and smallest eigenpairs of a rotated diagonal matrix", () => {
    const lambda = [3, -1, 0.5, 2, 7, -4, 1.5, 5];
    const A = rotated(lambda, 9);
    const r = extremeEigen(denseOperator(A, 8), { top: 2, bottom: 3, vectors: true, seed: 1 });
    expect(r.top.values.map((x) => Number(x.toFixed(12)))).toEqual([7, 5]);
    expect(r.bottom.values.map((x) => Number(x.toFixed(12)))).toEqual([-4, -1, 0.5]);
    expect(r.converged).toBe(true);
    for (const [pairs, vals] of [[r.top, r.top.values], [r.bottom, r.bottom.values]] as const) {
      pairs.vectors!.forEach((y, k) => {
        const ay = mat(A, 8, y);
        const res = Math.hypot(...ay.map((x, i) => x - vals[k] * y[i]));
        expect(res).toBeLessThan(1e-9);
        expect(pairs.residuals[k]).toBeLessThan(1e-8);
        expect(Math.hypot(...y)).toBeCloseTo(1, 14);
      });
    }
    expect(r.tol).toBe(1e-10);
    expect(r.seed).toBe(1);
    expect(extremeEigen(denseOperator(A, 8), { top: 1, bottom: 0, vectors: false, seed: 1 }).top.vectors).toBeNull();
  });
  it("finds every copy of a multiple eigenvalue (deflation and restarts)", () => {
    const r = extremeEigen(diagonal([5, 1, 5, 2, 5, 3]), { top: 3, bottom: 2, vectors: true, seed: 2 });
    expect(r.top.values.map((x) => Number(x.toFixed(12)))).toEqual([5, 5, 5]);
    expect(r.bottom.values.map((x) => Number(x.toFixed(12)))).toEqual([1, 2]);
    // The three vectors span e0, e2, e4.
    const ys = r.top.vectors!;
    for (const y of ys) expect(Math.abs(y[1]) + Math.abs(y[3]) + Math.abs(y[5])).toBeLessThan(1e-9);
  });
  it("refuses bad requests and fixes signs", () => {
    const op = diagonal([1, 2, 3]);
    expect(() => extremeEigen(op, { top: -1, bottom: 0, vectors: false, seed: 0 })).toThrow("top and bottom must be non-negative integers");
    expect(() => extremeEigen(op, { top: 1, bottom: 0.5, vectors: false, seed: 0 })).toThrow("top and bottom must be non-negative integers");
    expect(() => extremeEigen(op, { top: 4, bottom: 0, vectors: false, seed: 0 })).toThrow("asked for 4 eigenvalues of a 3-dimensional operator");
    expect(() => extremeEigen(op, { top: 0, bottom: 4, vectors: false, seed: 0 })).toThrow("asked for 4 eigenvalues of a 3-dimensional operator");
    expect(() => extremeEigen(op, { top: 0, bottom: 0, vectors: false, seed: 0 })).toThrow("ask for at least one eigenvalue (top or bottom)");
    expect(extremeEigen(op, { top: 3, bottom: 3, vectors: false, seed: 0 }).top.values.map(Math.round)).toEqual([3, 2, 1]);
    expect(Array.from(fixSign(Float64Array.of(0.5, -0.8, 0.3)))).toEqual([-0.5, 0.8, -0.3]);
    expect(Array.from(fixSign(Float64Array.of(-0.5, 0.5)))).toEqual([0.5, -0.5]);
    expect(Array.from(fixSign(Float64Array.of(0.1, 0.5)))).toEqual([0.1, 0.5]);
  });
});

describe("trace estimators", () => {
  it("Hutchinson is exact on a diagonal (zᵀDz = tr D for ±1 entries), with zero spread", () => {
    const r = hutchinsonTrace(diagonal([1, -2, 3.5, 4]), 5, 7);
    expect(r).toEqual({ trace: 6.5, standardError: 0, probes: 5, seed: 7 });
    expect(Number.isNaN(hutchinsonTrace(diagonal([1, 2]), 1, 7).standardError)).toBe(true);
    expect(() => hutchinsonTrace(diagonal([1]), 0, 1)).toThrow("probes must be a positive integer (got 0)");
    expect(() => hutchinsonTrace(diagonal([1]), 1.5, 1)).toThrow(RangeError);
    const z = new Float64Array(2000);
    rademacherInto(z, seededRandom(3));
    const plus = z.filter((x) => x === 1).length;
    expect(z.every((x) => x === 1 || x === -1)).toBe(true);
    expect(Math.abs(plus - 1000)).toBeLessThan(120);
  });
  it("Hutchinson on [[0, 1], [1, 0]]: zᵀAz = ±2, so the standard error is the probes' own spread", () => {
    const r = hutchinsonTrace(denseOperator(Float64Array.of(0, 1, 1, 0), 2), 400, 1);
    expect(Math.abs(r.trace)).toBeLessThan(0.4);
    // Sample sd of ±2 values ≈ 2, over √400.
    expect(r.standardError).toBeGreaterThan(0.09);
    expect(r.standardError).toBeLessThan(0.11);
  });
  it("Hutch++ is exact when its sketch spans the range (rank ≤ products/3)", () => {
    // Rank 2 in 6 dimensions: 6 products sketch 2 vectors, which span the range.
    const A = rotated([4, -1.5, 0, 0, 0, 0], 5);
    const r = hutchppTrace(denseOperator(A, 6), 6, 3);
    expect(r.trace).toBeCloseTo(2.5, 12);
    expect(r.rank).toBe(2);
    expect(r.products).toBe(6);
    expect(r.seed).toBe(3);
    // A sketch of k = ⌊products/3⌋ vectors, capped at n.
    expect(hutchppTrace(diagonal([1, 2, 3]), 30, 1).products).toBeLessThanOrEqual(30);
    expect(() => hutchppTrace(diagonal([1]), 2, 1)).toThrow("Hutch++ needs at least 3 products (got 2)");
    expect(() => hutchppTrace(diagonal([1]), 3.5, 1)).toThrow(RangeError);
  });
  it("repeated estimates: mean and sample sd; both estimators over the same seeds", () => {
    expect(repeatedTrace([1, 2, 6], 9, 4)).toEqual({ mean: 3, sd: Math.sqrt(7), repeats: 3, products: 9, seed: 4, estimates: [1, 2, 6] });
    expect(repeatedTrace([5], 9, 4).sd).toBe(0);
    const c = compareTraceEstimators(diagonal([1, 2, 3, 4]), 6, 3, 10);
    expect(c.hutchinson.estimates).toEqual([10, 10, 10]);
    expect(c.hutchpp.estimates).toEqual([10, 11, 12].map((seed) => hutchppTrace(diagonal([1, 2, 3, 4]), 6, seed).trace));
    expect(c.hutchpp.mean).toBeCloseTo(c.hutchpp.estimates.reduce((a, b) => a + b, 0) / 3, 14);
    expect([c.hutchpp.seed, c.hutchpp.products, c.hutchinson.repeats]).toEqual([10, 6, 3]);
  });
});

describe("dense references and operators", () => {
  it("extremes, blocks, block λ_max and sign counts", () => {
    const asc = Float64Array.of(-3, -1, 0, 2, 5);
    expect(extremes(asc, 2, 3)).toEqual({ top: [5, 2], bottom: [-3, -1, 0] });
    expect(extremes(asc, 9, 0)).toEqual({ top: [5, 2, 0, -1, -3], bottom: [] });
    const a = Float64Array.from({ length: 16 }, (_, i) => i);
    expect(Array.from(denseBlock(a, 4, 1, 2))).toEqual([5, 6, 9, 10]);
    expect(() => denseBlock(a, 4, 3, 2)).toThrow("block [3, 5) is outside 0…4");
    expect(() => denseBlock(a, 4, -1, 2)).toThrow(RangeError);
    expect(() => denseBlock(a, 4, 0, 0)).toThrow(RangeError);
    expect(denseBlock(a, 4, 0, 4).length).toBe(16);
    expect(Array.from(denseBlock(a, 4, 3, 1))).toEqual([15]);
    // diag(1, 4) ⊕ [[2, 1], [1, 2]] (λ 1, 3).
    const b = Float64Array.of(1, 0, 0, 0, 0, 4, 0, 0, 0, 0, 2, 1, 0, 0, 1, 2);
    const lm = blockLambdaMax(b, 4, [{ start: 0, size: 2 }, { start: 2, size: 2 }]);
    expect(lm.map((x) => Number(x.toFixed(13)))).toEqual([4, 3]);
    expect(ZERO_EIGEN_TOL).toBe(1e-10);
    expect(signCounts([-2, -1e-11, 0, 1e-9, 3])).toEqual({ negative: 1, zero: 2, positive: 2, tolerance: 3e-10 });
    expect(signCounts([-5, 5e-10], 1e-10)).toEqual({ negative: 1, zero: 1, positive: 0, tolerance: 5e-10 });
  });
  it("dense operators, their blocks and layer ranges", () => {
    const A = Float64Array.of(2, 1, 0, 1, 3, -1, 0, -1, 4);
    const op = denseOperator(A, 3);
    const out = new Float64Array(3);
    op.apply(Float64Array.of(1, 2, 3), out);
    expect(Array.from(out)).toEqual([4, 4, 10]);
    expect(Array.from(denseOf(op))).toEqual(Array.from(A));
    const blk = diagonalBlock(op, 1, 2);
    expect(blk.size).toBe(2);
    const o2 = new Float64Array(2);
    blk.apply(Float64Array.of(1, 1), o2);
    expect(Array.from(o2)).toEqual([2, 3]);
    expect(() => diagonalBlock(op, 2, 2)).toThrow("block [2, 4) is outside 0…3");
    expect(() => diagonalBlock(op, -1, 1)).toThrow(RangeError);
    expect(() => diagonalBlock(op, 0, 0)).toThrow(RangeError);
    expect(() => denseOperator(A, 2)).toThrow("matrix has 9 entries, expected 2×2");
    expect(layerBlocks({ inputs: 2, hidden: [3], activation: "tanh" })).toEqual([{ index: 0, start: 0, size: 9 }, { index: 1, start: 9, size: 4 }]);
    const per = topEigenvaluesPerBlock(op, [{ index: 0, start: 0, size: 1 }, { index: 1, start: 1, size: 2 }], { seed: 3 });
    expect(per.map((p) => [p.layer, p.size, Number(p.lambdaMax.toFixed(12)), p.seed])).toEqual([[0, 1, 2, 3], [1, 2, Number(((7 + Math.sqrt(5)) / 2).toFixed(12)), 3]]);
    expect(per[1].converged).toBe(true);
  });
});

describe("spectral density", () => {
  it("grids, smoothing and moments follow their definitions", () => {
    expect(Array.from(densityGrid(-1, 1, 5))).toEqual([-1, -0.5, 0, 0.5, 1]);
    // One node at 0 with weight 1, variance 0.5: after renormalization Σφ·Δt = 1.
    const grid = densityGrid(-3, 3, 61);
    const phi = smoothMeasures(grid, [Float64Array.of(0)], [Float64Array.of(1)], 0.5);
    expect(phi.reduce((s, x) => s + x, 0) * 0.1).toBeCloseTo(1, 12);
    // Shape exp(−t²/(2·0.5)), symmetric, peak at 0.
    expect(phi[30] / phi[40]).toBeCloseTo(Math.exp(1), 12);
    expect(phi[20]).toBeCloseTo(phi[40], 14);
    const m = densityMoments({ nodes: [Float64Array.of(1, 3), Float64Array.of(2, 4)], weights: [Float64Array.of(0.5, 0.5), Float64Array.of(0.25, 0.75)] });
    expect(m.probeMeans).toEqual([2, 3.5]);
    expect(m.mean).toBe(2.75);
    expect(m.meanStandardError).toBeCloseTo(Math.sqrt(1.125 / 2), 14);
    expect(densityMoments({ nodes: [Float64Array.of(1)], weights: [Float64Array.of(1)] }).meanStandardError).toBeNull();
    const exact = exactDensityOn({ grid, variance: 0.5 }, Float64Array.of(-1, 1));
    expect(exact[20]).toBeCloseTo(exact[40], 14);
    expect(exact[20]).toBeGreaterThan(exact[30]);
  });
  it("SLQ on a diagonal: each probe's quadrature mean is vᵀAv / n = tr A / n", () => {
    const d = slqDensity(diagonal([1, 2, 3, 4, 10]), { seed: 2, probes: 3, steps: 5, bins: 50, sigma2: 1e-3, pad: 0.1 });
    const m = densityMoments(d);
    for (const p of m.probeMeans) expect(p).toBeCloseTo(4, 12);
    expect(d.nodes.length).toBe(3);
    expect(d.grid.length).toBe(50);
    // All five eigenvalues are nodes (the Rademacher start touches every one).
    expect(Array.from(d.nodes[0]).map((x) => Number(x.toFixed(10)))).toEqual([1, 2, 3, 4, 10]);
    expect(d.grid[0]).toBeCloseTo(1 - 0.1, 12);
    expect(d.grid[49]).toBeCloseTo(10 + 0.1, 12);
    const base = { seed: 2, probes: 1, steps: 5, bins: 50, sigma2: 1e-3, pad: 0.1 };
    expect(() => slqDensity(diagonal([1, 2]), { ...base, probes: 0 })).toThrow("probes must be a positive integer (got 0)");
    expect(() => slqDensity(diagonal([1, 2]), { ...base, steps: 0 })).toThrow("steps must be a positive integer (got 0)");
    expect(() => slqDensity(diagonal([1, 2]), { ...base, bins: 1 })).toThrow("bins must be an integer ≥ 2 (got 1)");
    expect(() => slqDensity(diagonal([1, 2]), { ...base, sigma2: 0 })).toThrow("sigma2 must be positive and pad non-negative");
    expect(() => slqDensity(diagonal([1, 2]), { ...base, pad: -1 })).toThrow("sigma2 must be positive and pad non-negative");
    expect(slqDensity(diagonal([1, 2]), { ...base, pad: 0 }).grid[0]).toBeCloseTo(1, 12);
  });
});
