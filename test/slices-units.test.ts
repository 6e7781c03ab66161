import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import { parameterCount, type Architecture } from "../src/nn/architecture.js";
import { forward } from "../src/nn/forward.js";
import { denseHessian } from "../src/nn/hessian.js";
import { symmetricEigenvalues } from "../src/nn/symmetric-eigen.js";
import type { Table } from "../src/nn/table.js";
import { resolveDirections, rescaled, type DirectionInputs } from "../src/slices/slice-directions.js";
import { sliceEpsilon } from "../src/slices/slice-epsilon.js";
import { SliceError, sliceErrorOn } from "../src/slices/slice-error.js";
import { drawSubsample, meanLossStandardError, subsetTable } from "../src/slices/subsample.js";
import { dot } from "../src/slices/vector.js";
import { randomDirections } from "../src/slices/directions.js";
import { seededNormal } from "../src/init/normal.js";
import { DEFAULT_OPTIMIZER_OPTIONS } from "../src/train/optimizers.js";

const arch: Architecture = { inputs: 2, hidden: [2], activation: "tanh" };
// θ: W1 = [[1, 2], [3, 4]], b1 = [0.5, −0.5], W2 = [[2, −1]], b2 = [0.25]  (P = 9).
const theta = Float64Array.of(1, 2, 3, 4, 0.5, -0.5, 2, -1, 0.25);
const data: Table = {
  x: Float64Array.of(0.1, -0.3, 0.7, 0.2, -0.4, 0.9, 0.3, 0.3, -0.8, -0.1, 0.5, -0.6),
  y: Float64Array.of(1, 0, 1, 1, 0, 0),
  inputs: 2,
  source: "six",
};

describe("sliceEpsilon", () => {
  it("is the farthest corner's distance over lr · epochs · ⌈n / batch⌉", () => {
    const d1 = Float64Array.of(3, 4, 0), d2 = Float64Array.of(1, 0, 2);
    const config = { epochs: 10, batchSize: 4, optimizerOptions: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: 0.5 } };
    const e = sliceEpsilon(d1, d2, [-1, 2], [-3, 0.5], 10, config);
    // Corners α d1 + β d2 computed directly.
    let D = 0;
    for (const a of [-1, 2]) for (const b of [-3, 0.5]) D = Math.max(D, Math.hypot(3 * a + b, 4 * a, 2 * b));
    expect(e.distance).toBeCloseTo(D, 14);
    expect(e.budget).toBe(0.5 * 10 * 3);
    expect(e.value).toBeCloseTo(D / 15, 14);
    expect(e.rule).toBe(`ε = D / (lr·T) = ${D.toPrecision(3)} / (0.5 · 30), D the distance from θ* to the plot's farthest corner, lr and T = 10 epochs × 3 steps train's defaults`);
    // A line: β and d2 play no part.
    const line = sliceEpsilon(d1, null, [-1, 2], [-3, 0.5], 10, config);
    expect(line.distance).toBeCloseTo(10, 14);
    expect(sliceEpsilon(d1, d2, [-1, 2], null, 10, config).distance).toBeCloseTo(10, 14);
  });
});

describe("SliceError", () => {
  it("names the option, turns RangeErrors into it and lets everything else through", () => {
    const e = new SliceError("fit", "bad");
    expect(e).toBeInstanceOf(RangeError);
    expect([e.name, e.option, e.message]).toEqual(["SliceError", "fit", "bad"]);
    expect(sliceErrorOn("window", () => 7)).toBe(7);
    let caught: unknown;
    try {
      sliceErrorOn("window", () => {
        throw new RangeError("out of range");
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SliceError);
    expect([(caught as SliceError).option, (caught as SliceError).message]).toEqual(["window", "out of range"]);
    const inner = new SliceError("eigen", "inner");
    expect(() => sliceErrorOn("window", () => { throw inner; })).toThrow(inner);
    try {
      sliceErrorOn("window", () => { throw inner; });
    } catch (err) {
      expect((err as SliceError).option).toBe("eigen");
    }
    const te = new TypeError("type");
    expect(() => sliceErrorOn("window", () => { throw te; })).toThrow(te);
  });
});

describe("subsamples", () => {
  it("draws M distinct sorted indices, every index equally likely (brute force over seeds)", () => {
    const n = 6, m = 2, seeds = 900;
    const hits = new Array(n).fill(0);
    const pairs = new Map<string, number>();
    let wellFormed = true;
    for (let seed = 0; seed < seeds; seed++) {
      const s = drawSubsample(n, m, seed);
      wellFormed &&= s.of === n && s.seed === seed && s.indices.length === m && s.indices[0] < s.indices[1] && s.indices[1] < n;
      for (const i of s.indices) hits[i]++;
      const k = s.indices.join(",");
      pairs.set(k, (pairs.get(k) ?? 0) + 1);
    }
    expect(wellFormed).toBe(true);
    // Each index with probability M/N = 1/3 (count 300, sd ≈ 14), each of the 15 pairs 1/15 (60, sd ≈ 7.5).
    for (const h of hits) expect(Math.abs(h - seeds / 3)).toBeLessThan(60);
    expect(pairs.size).toBe(15);
    for (const c of pairs.values()) expect(Math.abs(c - seeds / 15)).toBeLessThan(32);
    expect(drawSubsample(5, 5, 3).indices).toEqual([0, 1, 2, 3, 4]);
    expect(drawSubsample(5, 2, 9)).toEqual(drawSubsample(5, 2, 9));
  });
  it("refuses M outside 1…N", () => {
    for (const m of [0, 6, 2.5, Number.NaN]) expect(() => drawSubsample(5, m, 1)).toThrow(`M must be a whole number from 1 to the data's 5 samples (got ${m})`);
    expect(drawSubsample(5, 1, 1).indices.length).toBe(1);
  });
  it("takes the rows at the indices, inputs and labels together", () => {
    const t = subsetTable(data, { indices: [1, 4], of: 6, seed: 0 });
    expect(Array.from(t.x)).toEqual([0.7, 0.2, -0.8, -0.1]);
    expect(Array.from(t.y)).toEqual([0, 0]);
    expect([t.inputs, t.source]).toEqual([2, "six"]);
  });
  it("its squared standard error averages, over every subset, to the subset mean's exact variance", () => {
    // Cochran's unbiasedness, checked by enumerating all C(6, 3) = 20 subsets.
    const N = 6, M = 3;
    const losses = forward(arch, theta, data, "bce").lossValue;
    const subsets: number[][] = [];
    for (let a = 0; a < N; a++) for (let b = a + 1; b < N; b++) for (let c = b + 1; c < N; c++) subsets.push([a, b, c]);
    const means = subsets.map((s) => s.reduce((t, i) => t + losses[i], 0) / M);
    const grand = means.reduce((t, x) => t + x, 0) / means.length;
    const variance = means.reduce((t, x) => t + (x - grand) ** 2, 0) / means.length;
    let se2 = 0;
    for (const s of subsets) {
      const sub = subsetTable(data, { indices: s, of: N, seed: 0 });
      const se = meanLossStandardError(arch, theta, sub, "bce", N);
      // In batches of 2 and of 1 the per-sample losses, and so the error, are the same.
      expect(meanLossStandardError(arch, theta, sub, "bce", N, 2)).toBeCloseTo(se, 15);
      expect(meanLossStandardError(arch, theta, sub, "bce", N, 1)).toBeCloseTo(se, 15);
      expect(meanLossStandardError(arch, theta, sub, "bce", N, 99)).toBe(se);
      se2 += (se * se) / subsets.length;
    }
    expect(Math.abs(se2 - variance)).toBeLessThan(1e-14 * Math.max(1, variance));
    expect(variance).toBeGreaterThan(1e-4);
    // No spread to estimate from one sample, none left to sample at M = N.
    expect(meanLossStandardError(arch, theta, subsetTable(data, { indices: [2], of: N, seed: 0 }), "bce", N)).toBe(0);
    expect(meanLossStandardError(arch, theta, data, "bce", N)).toBe(0);
    // M = 2 (the smallest with a spread): again unbiased over all 15 subsets.
    const pairs: number[][] = [];
    for (let a = 0; a < N; a++) for (let b = a + 1; b < N; b++) pairs.push([a, b]);
    const pm = pairs.map((s) => (losses[s[0]] + losses[s[1]]) / 2);
    const pg = pm.reduce((t, x) => t + x, 0) / pm.length;
    const pvar = pm.reduce((t, x) => t + (x - pg) ** 2, 0) / pm.length;
    const pse2 = pairs.reduce((t, s) => t + meanLossStandardError(arch, theta, subsetTable(data, { indices: s, of: N, seed: 0 }), "bce", N) ** 2, 0) / pairs.length;
    expect(Math.abs(pse2 - pvar)).toBeLessThan(1e-14);
  });
});

describe("resolveDirections", () => {
  const base = (spec: DirectionInputs["spec"], dims: 1 | 2 = 2): DirectionInputs => ({
    arch, theta, data, loss: "bce", spec, dims, normalization: "filter", bias: "zero", seed: 3, trajectory: null,
  });
  it("rescales only random and file directions", () => {
    expect(["random", "files", "axes", "interp", "pca", "eigen"].map((k) => rescaled(k as never))).toEqual([true, true, false, false, false, false]);
  });
  it("interp: d = θ_to − θ*, unscaled; a plane needs two end points", () => {
    const to1 = theta.map((t, i) => t + (i === 0 ? 2 : 0));
    const to2 = theta.map((t, i) => t + (i === 8 ? -1 : 0));
    const r = resolveDirections(base({ kind: "interp", to: ["a.json", "b.json"], points: [to1, to2] }));
    expect(Array.from(r.d1)).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(r.d2!)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, -1]);
    expect(r.meta).toEqual({ kind: "interp", normalization: "none", biasDirections: null, to: ["a.json", "b.json"] });
    expect(() => resolveDirections(base({ kind: "interp", to: ["a"], points: [to1] }))).toThrow("interp directions: a plane needs two end points (got 1)");
    const three = resolveDirections(base({ kind: "interp", to: ["a.json", "b.json", "c.json"], points: [to1, to2, to1] }));
    expect(Array.from(three.d2!)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, -1]);
    expect(three.meta.to).toEqual(["a.json", "b.json"]);
    const line = resolveDirections(base({ kind: "interp", to: ["a"], points: [to1] }, 1));
    expect(line.d2).toBeNull();
    expect(() => resolveDirections(base({ kind: "interp", to: ["a"], points: [theta] }, 1))).toThrow(/^direction d1 is the zero vector \(the --to point equals the center\)$/);
    expect(() => resolveDirections(base({ kind: "files", files: ["a"], vectors: [new Float64Array(9)] }, 1))).toThrow(/^direction d1 is the zero vector$/);
  });
  it("files: normalized per filter with zero biases, and checked for parallel, zero and non-finite", () => {
    const v1 = Float64Array.of(1, 0, 0, 2, 5, 5, 1, 1, 5);
    const v2 = Float64Array.of(0, 1, 1, 0, 0, 0, 3, 0, 0);
    const r = resolveDirections(base({ kind: "files", files: ["d1.npy", "d2.npy", "d3.npy"], vectors: [v1, v2, v1] }));
    // Filter rows: ‖θ_row‖ / (‖d_row‖ + 1e-10): [1,2] → √5/1, [3,4] → 5/2, [2,−1] → √5/√2.
    const expected1 = [Math.sqrt(5) / (1 + 1e-10), 0, 0, 2 * (5 / (2 + 1e-10)), 0, 0, Math.sqrt(5) / (Math.SQRT2 + 1e-10), Math.sqrt(5) / (Math.SQRT2 + 1e-10), 0];
    for (let i = 0; i < 9; i++) expect(r.d1[i]).toBeCloseTo(expected1[i], 14);
    expect(r.meta).toEqual({ kind: "files", normalization: "filter", biasDirections: "zero", files: ["d1.npy", "d2.npy"] });
    // Only the first two of three vectors are used: d2 is v2 rescaled (row [2,−1] of W2 → √5/3 times).
    expect(r.d2![6]).toBeCloseTo((3 * Math.sqrt(5)) / (3 + 1e-10), 12);
    expect(r.d2![0]).toBe(0);
    expect(() => resolveDirections(base({ kind: "files", files: ["a"], vectors: [v1] }))).toThrow("files directions: a plane needs two vectors (got 1)");
    expect(() => resolveDirections(base({ kind: "files", files: ["a", "b"], vectors: [v1, v1.map((x) => -3 * x)] }))).toThrow(
      "directions d1 and d2 are parallel, so they span no plane",
    );
    const optionOf = (f: () => unknown): [string, string] => {
      try {
        f();
      } catch (e) {
        return [(e as SliceError).option, (e as Error).message];
      }
      return ["", ""];
    };
    expect(optionOf(() => resolveDirections(base({ kind: "files", files: ["a", "b"], vectors: [v1, new Float64Array(9)] })))).toEqual(["directions", "direction d2 is the zero vector"]);
    expect(optionOf(() => resolveDirections(base({ kind: "files", files: ["a"], vectors: [v1] })))).toEqual(["directions", "files directions: a plane needs two vectors (got 1)"]);
    expect(optionOf(() => resolveDirections(base({ kind: "files", files: ["a", "b"], vectors: [v1, v1.map((x) => 2 * x)] })))[0]).toBe("normalize");
    const to = theta.map((t, i) => t + (i === 0 ? 1 : 0));
    expect(optionOf(() => resolveDirections(base({ kind: "interp", to: ["a", "b"], points: [to, to.map((t, i) => t + (i === 0 ? 1 : 0))] })))).toEqual([
      "directions",
      "directions d1 and d2 are parallel, so they span no plane",
    ]);
    // Layer normalization of a direction that is zero on a layer's weights: the normalizer's refusal, as a --normalize error.
    const zeroLayer = Float64Array.of(0, 0, 0, 0, 1, 1, 1, 1, 0);
    expect(optionOf(() => resolveDirections({ ...base({ kind: "files", files: ["a"], vectors: [zeroLayer] }, 1), normalization: "layer" }))).toEqual([
      "normalize",
      "direction is zero on layers.0.weight, so layer normalization is undefined",
    ]);
    const nan = Float64Array.from(v2);
    nan[3] = Number.NaN;
    expect(() => resolveDirections({ ...base({ kind: "files", files: ["a", "b"], vectors: [v1, nan] }), normalization: "none" })).toThrow("d2 entry 3 is not a finite number");
    // Non-zero only on biases: zero after normalization with zero biases.
    const biasOnly = Float64Array.of(0, 0, 0, 0, 1, 1, 0, 0, 1);
    let err: unknown;
    try {
      resolveDirections(base({ kind: "files", files: ["a", "b"], vectors: [v1, biasOnly] }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SliceError);
    expect((err as SliceError).option).toBe("normalize");
    expect((err as SliceError).message).toBe(
      "direction d2 is zero after filter normalization with --bias-directions zero (θ*'s weights are zero where it scales them); try --normalize none or another center",
    );
  });
  it("axes: unit vectors of the named parameters; a bad name is a directions error", () => {
    const r = resolveDirections(base({ kind: "axes", names: ["layers.0.weight[1,0]", "layers.1.bias[0]"] }));
    expect(r.d1[2]).toBe(1);
    expect(dot(r.d1, r.d1)).toBe(1);
    expect(r.d2![8]).toBe(1);
    expect(r.meta).toEqual({ kind: "axes", normalization: "none", biasDirections: null, names: ["layers.0.weight[1,0]", "layers.1.bias[0]"] });
    const three = resolveDirections(base({ kind: "axes", names: ["layers.0.weight[1,0]", "layers.1.bias[0]", "nope"] }));
    expect(three.d2![8]).toBe(1);
    expect(three.meta.names).toEqual(["layers.0.weight[1,0]", "layers.1.bias[0]"]);
    let err: unknown;
    try {
      resolveDirections(base({ kind: "axes", names: ["nope", "layers.1.bias[0]"] }));
    } catch (e) {
      err = e;
    }
    expect((err as SliceError).option).toBe("directions");
    expect(() => resolveDirections(base({ kind: "axes", names: ["layers.1.bias[0]"] }))).toThrow("axes directions: a plane needs two parameter names (got 1)");
  });
  it("random: seeded, normalized; pca needs a trajectory", () => {
    const r = resolveDirections(base({ kind: "random" }));
    expect(r.meta).toEqual({ kind: "random", normalization: "filter", biasDirections: "zero", seed: 3 });
    expect(Array.from(r.d1)).toEqual(Array.from(resolveDirections(base({ kind: "random" })).d1));
    // d1 is drawn fully before d2, from one seeded N(0, 1) stream.
    const gauss = seededNormal(seededRandom(4), 0, 1);
    const stream = Array.from({ length: 18 }, () => gauss());
    const [g1, g2] = randomDirections(9, 2, 4);
    expect([...Array.from(g1), ...Array.from(g2)]).toEqual(stream);
    for (const i of [4, 5, 8]) expect(r.d1[i]).toBe(0);
    // Each filter row has θ's row norm (up to the 1e-10 in the divisor).
    expect(Math.hypot(r.d1[0], r.d1[1])).toBeCloseTo(Math.sqrt(5), 9);
    expect(() => resolveDirections(base({ kind: "pca" }))).toThrow("pca directions need a trajectory");
    expect(parameterCount(arch)).toBe(9);
  });
});

describe("resolveDirections: eigen and pca", () => {
  const base = (spec: DirectionInputs["spec"], dims: 1 | 2 = 2): DirectionInputs => ({
    arch, theta, data, loss: "bce", spec, dims, normalization: "filter", bias: "zero", seed: 3, trajectory: null,
  });
  it("eigen: the dense Hessian's top two eigenpairs, unscaled", () => {
    const H = denseHessian(arch, theta, data, "bce", undefined, "reference");
    const ev = symmetricEigenvalues(H, 9, "reference");
    const r = resolveDirections(base({ kind: "eigen" }));
    const meta = r.meta as { eigenvalues: number[]; lanczosSteps: number; converged: boolean; seed: number; normalization: string };
    expect(meta.eigenvalues[0]).toBeCloseTo(ev[8], 10);
    expect(meta.eigenvalues[1]).toBeCloseTo(ev[7], 10);
    expect([meta.seed, meta.normalization, meta.converged]).toEqual([3, "none", true]);
    expect(meta.lanczosSteps).toBeGreaterThan(1);
    for (const [d, lam] of [[r.d1, ev[8]], [r.d2!, ev[7]]] as const) {
      for (let i = 0; i < 9; i++) expect(Math.abs(H.subarray(i * 9, i * 9 + 9).reduce((s, x, j) => s + x * d[j], 0) - lam * d[i])).toBeLessThan(1e-8);
      expect(dot(d, d)).toBeCloseTo(1, 12);
    }
    const line = resolveDirections(base({ kind: "eigen" }, 1));
    expect((line.meta as { eigenvalues: number[] }).eigenvalues.length).toBe(1);
    expect(line.d2).toBeNull();
  });
  it("pca: unit directions of the trajectory, its variance figures cut to the dimensions", () => {
    const rng = seededRandom(6);
    const trajectory = Array.from({ length: 5 }, (_, t) => theta.map((x, i) => x + (t - 2) * (i % 3) * 0.1 + 0.05 * (rng() - 0.5)));
    const r = resolveDirections({ ...base({ kind: "pca" }), trajectory });
    const meta = r.meta as Record<string, unknown>;
    expect(meta.kind).toBe("pca");
    expect(meta.biasDirections).toBe("zero");
    expect(meta.normalization).toBe("none");
    expect(meta.points).toBe(5);
    for (const k of ["explainedVarianceRatio", "explainedVariance", "singularValues"]) expect((meta[k] as number[]).length).toBe(2);
    const ratio = meta.explainedVarianceRatio as number[];
    expect(ratio[0]).toBeGreaterThan(ratio[1]);
    expect(ratio[0] + ratio[1]).toBeLessThanOrEqual(1 + 1e-12);
    expect(dot(r.d1, r.d1)).toBeCloseTo(1, 12);
    expect(Math.abs(dot(r.d1, r.d2!))).toBeLessThan(1e-10);
    for (const i of [4, 5, 8]) expect(Math.abs(r.d1[i])).toBe(0);
    const line = resolveDirections({ ...base({ kind: "pca" }, 1), trajectory });
    for (const k of ["explainedVarianceRatio", "explainedVariance", "singularValues"]) expect((line.meta[k] as number[]).length).toBe(1);
    expect(line.d2).toBeNull();
    const optionOf = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return (e as SliceError).option;
      }
      return "";
    };
    expect(optionOf(() => resolveDirections({ ...base({ kind: "pca" }), trajectory: trajectory.slice(0, 2) }))).toBe("trajectory");
    expect(optionOf(() => resolveDirections(base({ kind: "pca" })))).toBe("directions");
    const bad = Float64Array.from(theta);
    bad[0] = Number.NaN;
    expect(optionOf(() => resolveDirections({ ...base({ kind: "interp", to: ["a"], points: [bad] }, 1) }))).toBe("directions");
  });
});

describe("dot", () => {
  it("sums over the first vector's length", () => {
    expect(dot(Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6, 100))).toBe(32);
    const rng = seededRandom(1);
    const a = Float64Array.from({ length: 5 }, rng);
    expect(dot(a, a)).toBeCloseTo(a.reduce((s, x) => s + x * x, 0), 15);
  });
});
