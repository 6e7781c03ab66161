import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import type { Architecture } from "../src/nn/architecture.js";
import { evaluateNetwork, forward } from "../src/nn/forward.js";
import type { Table } from "../src/nn/table.js";
import { axisDirection, checkDirection, pointDirection, randomDirections } from "../src/slices/directions.js";
import { fitWindow } from "../src/slices/fit-window.js";
import { normalizeDirection } from "../src/slices/normalize.js";
import { parameterIndex, parameterName } from "../src/slices/param-names.js";
import { maskedPca } from "../src/slices/pca.js";
import { symmetricEigenvalues } from "../src/nn/symmetric-eigen.js";
import { planeCoordinates, projectTrajectory } from "../src/slices/projection.js";
import { slicePass } from "../src/slices/slice-pass.js";
import { checkSliceSpec, evaluateSlice, evaluateSliceRange, MAX_SLICE_POINTS, type SliceSpec } from "../src/slices/slice.js";

// 2-3-2-1 tanh on 7 samples: P = 9 + 8 + 3 = 20; 7 is not a multiple of the kernels' 4.
const arch: Architecture = { inputs: 2, hidden: [3, 2], activation: "tanh" };
const rng = seededRandom(11);
const theta = Float64Array.from({ length: 20 }, () => 2 * rng() - 1);
const data: Table = {
  x: Float64Array.from({ length: 14 }, () => 4 * rng() - 2),
  y: Float64Array.of(1, 0, 0, 1, 1, 0, 1),
  inputs: 2,
  source: "seven",
};
const [d1, d2] = randomDirections(20, 2, 5);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

describe("evaluateSlice against one network evaluation per point", () => {
  const spec: SliceSpec = { alpha: { min: -1, max: 0.5, count: 4 }, beta: { min: -0.25, max: 0.75, count: 3 } };
  it.each([undefined, 1, 3, 7, 50])("reference engine, batch %s: loss, accuracy and ‖∇L‖ of θ* + α d1 + β d2", (batch) => {
    const rows: number[] = [];
    const r = evaluateSlice({ arch, theta, d1, d2, data, loss: "bce", engine: "reference", batch }, spec, (done, total) => rows.push(done, total));
    expect(rows).toEqual([1, 3, 2, 3, 3, 3]);
    expect(Array.from(r.alpha)).toEqual([-1, -0.5, 0, 0.5]);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 4; j++) {
        const p = theta.map((t, k) => t + r.alpha[j] * d1[k] + r.beta[i] * d2[k]);
        const e = evaluateNetwork(arch, p, data, "bce", { engine: "reference" });
        const k = i * 4 + j;
        expect(rel(r.fields.loss.data[k], e.loss)).toBeLessThan(1e-14);
        expect(r.fields.accuracy.data[k]).toBe(e.accuracy);
        expect(rel(r.fields.gradNorm.data[k], e.gradNorm)).toBeLessThan(1e-13);
      }
    }
  });
  it("slicePass: buffers of `batch` rows (1 ≤ batch ≤ n, else n); the kernel only for whole-data passes", () => {
    const rows = (o: Parameters<typeof slicePass>[4]) => {
      const b = slicePass(arch, data, 20, "bce", o);
      return [b.batch, b.z[0]?.length ?? -1, b.back[1]?.length ?? -1, b.fast === null];
    };
    expect(rows({ engine: "reference", batch: 3 })).toEqual([3, 9, 9, true]);
    expect(rows({ engine: "reference", batch: 1 })).toEqual([1, 3, 3, true]);
    for (const batch of [undefined, 0, -2, 7, 99]) expect(rows({ engine: "reference", batch })).toEqual([7, 21, 21, true]);
    expect(rows({ engine: "fast", batch: 3 })).toEqual([3, 9, 9, true]);
    expect(rows({ batch: 3 })).toEqual([3, 9, 9, true]);
    expect(slicePass(arch, data, 20, "bce", {}).fast).not.toBeNull();
    expect(slicePass(arch, data, 20, "bce", { engine: "fast", batch: 7 }).fast).not.toBeNull();
  });
  it("a line along d1 with MSE", () => {
    const r = evaluateSlice({ arch, theta, d1, d2: null, data, loss: "mse", engine: "reference", batch: 2 }, { alpha: { min: 0, max: 2, count: 3 }, beta: null });
    expect(Array.from(r.beta)).toEqual([0]);
    for (let j = 0; j < 3; j++) {
      const e = evaluateNetwork(arch, theta.map((t, k) => t + j * d1[k]), data, "mse", { engine: "reference" });
      expect(rel(r.fields.loss.data[j], e.loss)).toBeLessThan(1e-14);
      expect(rel(r.fields.gradNorm.data[j], e.gradNorm)).toBeLessThan(1e-13);
    }
  });
  it("evaluateSliceRange hands over row-sized blocks of the same numbers", () => {
    const input = { arch, theta, d1, d2, data, loss: "bce" as const, engine: "reference" as const };
    const all = evaluateSlice(input, spec);
    const blocks: [number, number[][]][] = [];
    evaluateSliceRange({ ...input, batch: 3 }, spec, 2, 11, (at, v) => blocks.push([at, v.map((f) => Array.from(f))]));
    expect(blocks.map(([at, v]) => [at, v[0].length])).toEqual([[2, 2], [4, 4], [8, 3]]);
    for (const [at, v] of blocks) {
      v[0].forEach((x, q) => expect(rel(x, all.fields.loss.data[at + q])).toBeLessThan(1e-14));
      v[1].forEach((x, q) => expect(x).toBe(all.fields.accuracy.data[at + q]));
      v[2].forEach((x, q) => expect(rel(x, all.fields.gradNorm.data[at + q])).toBeLessThan(1e-13));
    }
  });
  it("refuses specs and inputs that do not fit, naming the axis", () => {
    const a = { min: 0, max: 1, count: 2 };
    expect(() => checkSliceSpec({ alpha: { ...a, max: Number.NaN }, beta: null })).toThrow("alpha: MIN and MAX must be finite numbers");
    expect(() => checkSliceSpec({ alpha: a, beta: { ...a, min: Number.NEGATIVE_INFINITY } })).toThrow("beta: MIN and MAX must be finite numbers");
    expect(() => checkSliceSpec({ alpha: { ...a, min: 1 }, beta: null })).toThrow("alpha: MIN must be less than MAX (got 1 ≥ 1)");
    expect(() => checkSliceSpec({ alpha: a, beta: { ...a, count: 1 } })).toThrow("beta: N must be an integer ≥ 2 (got 1)");
    expect(() => checkSliceSpec({ alpha: { ...a, count: 2.5 }, beta: null })).toThrow(RangeError);
    expect(() => checkSliceSpec({ alpha: { ...a, count: 1024 }, beta: { ...a, count: 1024 } })).not.toThrow();
    expect(() => checkSliceSpec({ alpha: { ...a, count: 1025 }, beta: { ...a, count: 1024 } })).toThrow(
      `a slice of ${1025 * 1024} points exceeds the limit of ${MAX_SLICE_POINTS} (1024²) points`,
    );
    const input = { arch, theta, d1, d2, data, loss: "bce" as const };
    expect(() => evaluateSlice({ ...input, theta: new Float64Array(19) }, { alpha: a, beta: a })).toThrow("θ has 19 entries, the model 20");
    expect(() => evaluateSlice({ ...input, d1: new Float64Array(20) }, { alpha: a, beta: a })).toThrow(/^direction d1 is the zero vector$/);
    expect(() => evaluateSlice({ ...input, d2: new Float64Array(20) }, { alpha: a, beta: a })).toThrow(/^direction d2 is the zero vector$/);
    expect(() => evaluateSlice(input, { alpha: a, beta: null })).toThrow("a 2-D slice needs d2 and a beta axis; a 1-D slice neither");
    expect(() => evaluateSlice({ ...input, d2: null }, { alpha: a, beta: a })).toThrow("a 2-D slice needs d2 and a beta axis; a 1-D slice neither");
  });
});

describe("direction checks", () => {
  it("refuse wrong lengths, non-finite entries and the zero vector", () => {
    expect(() => checkDirection(new Float64Array(3), 4, "direction d1")).toThrow("direction d1 has 3 entries, the model 4");
    expect(() => checkDirection(Float64Array.of(0, 1, Number.NaN), 3, "direction d2")).toThrow("direction d2 entry 2 is not a finite number");
    expect(() => checkDirection(new Float64Array(3), 3, "direction d2")).toThrow("direction d2 is the zero vector");
    expect(() => checkDirection(Float64Array.of(0, 0, -1e-300), 3, "d")).not.toThrow();
    expect(() => pointDirection(new Float64Array(3), new Float64Array(4))).toThrow("points have 3 and 4 entries");
    expect(() => axisDirection(arch, "layers.9.bias[0]")).toThrow('"layers.9.bias[0]": layer 9 does not exist (layers 0…2)');
    expect(Array.from(axisDirection(arch, "layers.2.bias[0]")).indexOf(1)).toBe(19);
    expect(() => normalizeDirection(arch, theta, new Float64Array(19), "filter", "zero")).toThrow("direction has 19 entries and θ 20; the architecture has 20");
    expect(() => normalizeDirection(arch, new Float64Array(19), d1, "filter", "zero")).toThrow(RangeError);
  });
  it("name every parameter index and back", () => {
    for (let i = 0; i < 20; i++) expect(parameterIndex(arch, parameterName(arch, i))).toBe(i);
    expect(parameterName(arch, 6)).toBe("layers.0.bias[0]");
    expect(parameterIndex(arch, " layers.0.bias[0] ")).toBe(6);
    expect(parameterIndex(arch, "layers.0.weight[1, 1 ]")).toBe(3);
    expect(parameterIndex(arch, "xlayers.0.bias[0]")).toMatch(/is not a parameter name/);
    expect(parameterIndex(arch, "layers.0.bias[0]x")).toMatch(/is not a parameter name/);
    const deep: Architecture = { inputs: 13, hidden: [13, ...Array(10).fill(1)], activation: "relu" };
    expect(parameterIndex(deep, "layers.0.weight[12,12]")).toBe(12 * 13 + 12);
    expect(parameterIndex(deep, "layers.0.bias[12]")).toBe(169 + 12);
    expect(parameterIndex(deep, "layers.11.bias[0]")).toBe(169 + 13 + 13 + 1 + 9 * 2 + 1);
    const neuron: Architecture = { inputs: 1, hidden: [], activation: "tanh" };
    expect(["w", "b", "layers.0.weight[0,0]", "layers.0.bias[0]"].map((n) => parameterIndex(neuron, n))).toEqual([0, 1, 0, 1]);
    expect(parameterIndex({ inputs: 2, hidden: [], activation: "tanh" }, "b")).toMatch(/is not a parameter name.*layers\.0\.bias\[0\]$/);
    expect(parameterIndex({ inputs: 1, hidden: [2], activation: "tanh" }, "w")).toMatch(/is not a parameter name.*layers\.1\.bias\[0\]$/);
    expect(parameterName(arch, 16)).toBe("layers.1.bias[1]");
    expect(parameterName(arch, 13)).toBe("layers.1.weight[1,1]");
    expect(() => parameterName(arch, 20)).toThrow("parameter index 20 is outside 0…19");
    expect(() => parameterName(arch, -1)).toThrow("parameter index -1 is outside 0…19");
    expect(parameterIndex(arch, "layers.1.bias[2]")).toBe('"layers.1.bias[2]": layers.1.bias has 2 entries');
    expect(parameterIndex(arch, "layers.0.weight[0,2]")).toBe('"layers.0.weight[0,2]": layers.0.weight is 3×2');
    expect(parameterIndex(arch, "w")).toBe('"w" is not a parameter name: name a parameter like layers.0.weight[0,1] or layers.2.bias[0]');
    expect(parameterIndex({ inputs: 1, hidden: [], activation: "tanh" }, "x")).toBe('"x" is not a parameter name: name a parameter like layers.0.weight[0,1] or layers.0.bias[0] (or w, b)');
  });
  it("PCA refuses short, ragged and non-finite trajectories", () => {
    const mask = new Float64Array(3).fill(1);
    const p = () => Float64Array.of(1, 2, 3);
    expect(() => maskedPca(3, [p(), p()], mask)).toThrow("PCA needs a trajectory of at least 3 points (got 2)");
    expect(() => maskedPca(3, [p(), new Float64Array(2), p()], mask)).toThrow("trajectory point 1 has 2 entries, the model 3");
    expect(() => maskedPca(3, [p(), p(), Float64Array.of(1, Number.POSITIVE_INFINITY, 3)], mask)).toThrow("trajectory point 2 entry 1 is not a finite number");
    // Three points are enough for a plane; one repeated point spans none.
    const three = maskedPca(3, [Float64Array.of(1, 0, 0), Float64Array.of(0, 1, 0), Float64Array.of(0, 0, 0)], mask);
    expect(three.points).toBe(3);
    expect(() => maskedPca(3, [p(), p(), p()], mask)).toThrow("the trajectory's points lie on one line (or one point): PCA has no second direction");
    // The line test is relative to σ₁²: a 10-long path with a 2e-6 wiggle (σ₂²/σ₁² ≈ 3e-14) is a line,
    // the same path with a 0.1 wiggle (≈ 3e-5) a plane.
    const path = (w: number) => [Float64Array.of(0, 0, 0), Float64Array.of(10, w, 0), Float64Array.of(20, 0, 0)];
    expect(() => maskedPca(3, path(2e-6), mask)).toThrow("lie on one line");
    expect(maskedPca(3, path(0.1), mask).explainedVarianceRatio[1]).toBeGreaterThan(1e-5);
    // Variances against the centred matrix's own Gram eigenvalues (X_c X_cᵀ, 4 × 4, dense).
    const pts = [Float64Array.of(0, 1, 0), Float64Array.of(2, 0, 1), Float64Array.of(3, 3, 0), Float64Array.of(1, 1, 1)];
    const mean = [0, 1, 2].map((i) => pts.reduce((s, q) => s + q[i] - pts[3][i], 0) / 4);
    const X = pts.map((q) => [0, 1, 2].map((i) => q[i] - pts[3][i] - mean[i]));
    const G = new Float64Array(16);
    for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) G[a * 4 + b] = X[a].reduce((s, x, i) => s + x * X[b][i], 0);
    const ev = symmetricEigenvalues(G, 4, "reference");
    const frob = X.flat().reduce((s, x) => s + x * x, 0);
    const r = maskedPca(3, pts, mask);
    expect(r.explainedVariance[0]).toBeCloseTo(ev[3] / 3, 12);
    expect(r.explainedVariance[1]).toBeCloseTo(ev[2] / 3, 12);
    expect(r.explainedVarianceRatio[0]).toBeCloseTo(ev[3] / frob, 12);
    expect(r.singularValues[1]).toBeCloseTo(Math.sqrt(ev[2]), 12);
  });
});

describe("trajectory projection and the fitted window", () => {
  it("recovers (α, β) of points built on the plane, and the off-plane part of others", () => {
    const on = [[0.3, -0.2], [-1.5, 2], [0, 0]].map(([a, b]) => theta.map((t, k) => t + a * d1[k] + b * d2[k]));
    const coords = planeCoordinates(theta, d1, d2, on);
    [[0.3, -0.2], [-1.5, 2], [0, 0]].forEach(([a, b], t) => {
      expect(coords[t].alpha).toBeCloseTo(a, 12);
      expect(coords[t].beta).toBeCloseTo(b, 12);
    });
    const line = planeCoordinates(theta, d1, null, [on[0]]);
    // Onto d1 alone: α = (0.3 d1 − 0.2 d2)·d1 / d1·d1, β = 0.
    const d11 = d1.reduce((s, x) => s + x * x, 0), d12 = d1.reduce((s, x, k) => s + x * d2[k], 0);
    expect(line[0].alpha).toBeCloseTo(0.3 - (0.2 * d12) / d11, 12);
    expect(line[0].beta).toBe(0);
    expect(() => planeCoordinates(theta, d1, d2, [new Float64Array(3)])).toThrow("trajectory point 0 has 3 entries, the model 20");
    expect(() => planeCoordinates(theta, d1, new Float64Array(20), [])).toThrow("direction d2 is the zero vector");
    expect(() => planeCoordinates(theta, new Float64Array(20), d2, [])).toThrow("direction d1 is the zero vector");
    // Parallel is relative to ‖d2‖: d2 = 10⁶ d1 + e with e ⟂ d1 and ‖e‖ = 10⁻⁷‖d1‖ spans no plane.
    const e = Float64Array.from(d2);
    const c = e.reduce((s, x, k) => s + x * d1[k], 0) / d1.reduce((s, x) => s + x * x, 0);
    for (let k = 0; k < 20; k++) e[k] -= c * d1[k];
    const scale = (1e-7 * Math.hypot(...d1)) / Math.hypot(...e);
    const near = d1.map((x, k) => 1e6 * x + scale * e[k]);
    expect(() => planeCoordinates(theta, d1, near, [])).toThrow("directions d1 and d2 are parallel: they span no plane");
    expect(planeCoordinates(theta, d1, d1.map((x, k) => x + 0.01 * e[k]), [theta])).toEqual([{ alpha: 0, beta: 0 }]);
    const seen: number[] = [];
    const off = on[0].map((x, k) => x + (k === 0 ? 1 : 0));
    const pr = projectTrajectory(arch, theta, d1, d2, [on[1], off], data, "bce", (t) => seen.push(t));
    expect(seen).toEqual([0, 1]);
    expect(pr[0].offPlane).toBeLessThan(1e-12);
    expect(pr[0].loss).toBe(forward(arch, on[1], data, "bce").loss);
    expect(rel(pr[0].planeLoss, pr[0].loss)).toBeLessThan(1e-12);
    expect(pr[1].offPlane).toBeGreaterThan(0.1);
    expect(pr[1].offPlane).toBeLessThanOrEqual(1 + 1e-12);
    expect(() => projectTrajectory(arch, new Float64Array(19), d1, d2, [], data, "bce")).toThrow("θ has 19 entries, the model 20");
    expect(() => projectTrajectory(arch, theta, d1, new Float64Array(20), [], data, "bce")).toThrow("direction d2 is the zero vector");
    expect(() => projectTrajectory(arch, theta, new Float64Array(20), d2, [], data, "bce")).toThrow("direction d1 is the zero vector");
    expect(() => projectTrajectory(arch, theta, d1, d2, [new Float64Array(3)], data, "bce")).toThrow("trajectory point 0 has 3 entries, the model 20");
    // θ* itself: no displacement, so no fraction of it off the plane.
    expect(projectTrajectory(arch, theta, d1, null, [theta], data, "bce")[0].offPlaneFraction).toBe(0);
  });
  it("fits the points and the center with a quarter of the span each side, or the unit window", () => {
    const w = fitWindow([{ alpha: 1, beta: -2 }, { alpha: 3, beta: -1 }], 2);
    // α: [0, 3] (the center 0 included), span 3, pad 0.75; β: [−2, 0], pad 0.5.
    expect(w.alpha).toEqual([-0.75, 3.75]);
    expect(w.beta).toEqual([-2.5, 0.5]);
    expect(fitWindow([{ alpha: 0, beta: 5 }], 1)).toEqual({ alpha: [-1, 1], beta: null });
    expect(fitWindow([{ alpha: -2, beta: 0 }], 2, 0.5).alpha).toEqual([-3, 1]);
    expect(() => fitWindow([{ alpha: Number.NaN, beta: 0 }], 1)).toThrow("a projected coordinate is NaN");
    // Only the upper end overflows: 1.5e308 + 0.25·1.5e308 > float64's largest.
    expect(() => fitWindow([{ alpha: 1.5e308, beta: 0 }], 1)).toThrow("the projected trajectory spans [0, 1.5e+308], too wide for a float64 window");
    // A negative margin that closes the window is refused too.
    expect(() => fitWindow([{ alpha: 2, beta: 0 }], 1, -0.5)).toThrow(RangeError);
    expect(fitWindow([{ alpha: 2, beta: 0 }], 1, -0.25).alpha).toEqual([0.5, 1.5]);
    expect(() => fitWindow([{ alpha: 1e308, beta: 0 }, { alpha: -1e308, beta: 0 }], 1)).toThrow(
      "the projected trajectory spans [-1e+308, 1e+308], too wide for a float64 window",
    );
  });
});
