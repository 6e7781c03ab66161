import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { seededRandom } from "../src/init/random.js";
import { evaluateGrid } from "../src/numerics/grid.js";
import { evaluatePoint } from "../src/numerics/point.js";
import type { LossName } from "../src/numerics/losses.js";
import { layerShapes, parameterCount, type Architecture } from "../src/nn/architecture.js";
import { evaluateNetwork } from "../src/nn/forward.js";
import { hessianSpectrum } from "../src/nn/hessian.js";
import { hessianVector } from "../src/nn/hvp.js";
import { tableFromDataset, type Table } from "../src/nn/table.js";
import { axisDirection, eigenDirections, pointDirection, randomDirections } from "../src/slices/directions.js";
import { normalizeDirection, type Normalization } from "../src/slices/normalize.js";
import { isBiasIndex, parameterIndex, parameterName } from "../src/slices/param-names.js";
import { trajectoryPca } from "../src/slices/pca.js";
import { projectTrajectory } from "../src/slices/projection.js";
import { evaluateSlice } from "../src/slices/slice.js";

function randomTable(n: number, d: number, seed: number): Table {
  const rng = seededRandom(seed);
  const x = Float64Array.from({ length: n * d }, () => 4 * rng() - 2);
  const y = Float64Array.from({ length: n }, (_, i) => (x[i * d] - x[i * d + d - 1] ** 2 + 0.5 > 0 ? 1 : 0));
  return { x, y, inputs: d, source: "test" };
}
const randomVec = (P: number, seed: number, scale = 1): Float64Array => {
  const rng = seededRandom(seed);
  return Float64Array.from({ length: P }, () => scale * (2 * rng() - 1));
};
const NET: Architecture = { inputs: 2, hidden: [5, 4], activation: "tanh" };

/** θ as PyTorch-style nested layers: weight[o][i], bias[o]. */
function nested(arch: Architecture, v: Float64Array): { weight: number[][]; bias: number[] }[] {
  return layerShapes(arch).map((s) => ({
    weight: Array.from({ length: s.fanOut }, (_, o) => Array.from(v.subarray(s.weightOffset + o * s.fanIn, s.weightOffset + (o + 1) * s.fanIn))),
    bias: Array.from(v.subarray(s.biasOffset, s.biasOffset + s.fanOut)),
  }));
}
const fro = (rows: number[][]): number => Math.sqrt(rows.flat().reduce((s, x) => s + x * x, 0));

describe("parameter names", () => {
  it("round-trips every index and spells PyTorch's state_dict names", () => {
    const P = parameterCount(NET);
    for (let k = 0; k < P; k++) expect(parameterIndex(NET, parameterName(NET, k))).toBe(k);
    expect(parameterName(NET, 0)).toBe("layers.0.weight[0,0]");
    expect(parameterName(NET, 1)).toBe("layers.0.weight[0,1]");
    expect(parameterName(NET, 10)).toBe("layers.0.bias[0]");
    expect(parameterIndex(NET, "layers.2.bias[0]")).toBe(P - 1);
    expect(isBiasIndex(NET, P - 1)).toBe(true);
    expect(isBiasIndex(NET, 0)).toBe(false);
  });
  it("names w and b for the one-neuron model only, and explains bad names", () => {
    const one: Architecture = { inputs: 1, hidden: [], activation: "tanh" };
    expect([parameterIndex(one, "w"), parameterIndex(one, "b")]).toEqual([0, 1]);
    expect(typeof parameterIndex(NET, "w")).toBe("string");
    for (const bad of ["layers.3.bias[0]", "layers.0.weight[5,0]", "layers.0.weight[0]", "layers.0.bias[0,1]", "foo"]) {
      expect(parameterIndex(NET, bad)).toMatch(/layers|weight|bias/);
    }
  });
});

describe("normalization (Li et al.)", () => {
  const P = parameterCount(NET);
  const theta = randomVec(P, 1, 2);
  const [d] = randomDirections(P, 1, 5);
  it.each(["filter", "layer", "model"] as Normalization[])("%s: norms match θ*'s at its level, directions of rows kept", (norm) => {
    const out = nested(NET, normalizeDirection(NET, theta, d, norm, "zero"));
    const th = nested(NET, theta), raw = nested(NET, d);
    if (norm === "filter") {
      out.forEach((layer, l) => layer.weight.forEach((row, o) => {
        expect(fro([row])).toBeCloseTo(fro([th[l].weight[o]]) * fro([raw[l].weight[o]]) / (fro([raw[l].weight[o]]) + 1e-10), 12);
        row.forEach((x, i) => expect(x / raw[l].weight[o][i]).toBeCloseTo(row[0] / raw[l].weight[o][0], 12));
      }));
    } else if (norm === "layer") {
      out.forEach((layer, l) => expect(fro(layer.weight)).toBeCloseTo(fro(th[l].weight), 12));
    } else {
      const all = (x: typeof out): number => Math.sqrt(x.reduce((s, layer) => s + fro(layer.weight) ** 2, 0));
      expect(all(out)).toBeCloseTo(all(th), 12);
      const c = out[0].weight[0][0] / raw[0].weight[0][0];
      out.forEach((layer, l) => layer.weight.forEach((row, o) => row.forEach((x, i) => expect(x).toBeCloseTo(c * raw[l].weight[o][i], 12))));
    }
    out.forEach((layer) => layer.bias.forEach((b) => expect(b).toBe(0)));
  });
  it("keep copies θ*'s biases; none leaves weights as drawn", () => {
    const out = normalizeDirection(NET, theta, d, "none", "keep");
    for (let k = 0; k < P; k++) expect(out[k]).toBe(isBiasIndex(NET, k) ? theta[k] : d[k]);
  });
  it("refuses a zero direction where a norm divides", () => {
    expect(() => normalizeDirection(NET, theta, new Float64Array(P), "layer", "zero")).toThrow(/zero/);
    expect(() => normalizeDirection(NET, theta, new Float64Array(P), "model", "zero")).toThrow(/zero/);
    expect(Array.from(normalizeDirection(NET, theta, new Float64Array(P), "filter", "zero")).every((x) => x === 0)).toBe(true);
  });
  it("random directions are reproducible from the seed and differ between d1 and d2", () => {
    const [a1, a2] = randomDirections(P, 2, 9);
    const [b1, b2] = randomDirections(P, 2, 9);
    expect(Array.from(a1)).toEqual(Array.from(b1));
    expect(Array.from(a2)).toEqual(Array.from(b2));
    expect(a1[0]).not.toBe(a2[0]);
  });
});

describe("slice evaluation", () => {
  it.each(["mse", "bce"] as LossName[])("%s: axes:w,b through (0, 0) reproduces the (w, b) grid", (loss) => {
    const data = seedDataset();
    const one: Architecture = { inputs: 1, hidden: [], activation: "tanh" };
    const spec = { w: { min: -10, max: 20, count: 31 }, b: { min: -20, max: 10, count: 29 } };
    const grid = evaluateGrid(loss, data, spec);
    const s = evaluateSlice(
      { arch: one, theta: new Float64Array(2), d1: axisDirection(one, "w"), d2: axisDirection(one, "b"), data: tableFromDataset(data), loss },
      { alpha: spec.w, beta: spec.b },
    );
    expect(Array.from(s.alpha)).toEqual(Array.from(grid.w));
    expect(Array.from(s.beta)).toEqual(Array.from(grid.b));
    expect(s.fields.loss.shape).toEqual(grid.fields.loss.shape);
    for (let k = 0; k < s.alpha.length * s.beta.length; k++) {
      // Bit for bit: the network path with no hidden layer sums in the closed form's order.
      expect(s.fields.loss.data[k]).toBe(grid.fields.loss.data[k]);
      expect(s.fields.gradNorm.data[k]).toBe(grid.fields.gradNorm.data[k]);
      expect(s.fields.accuracy.data[k]).toBe(grid.fields.accuracy.data[k]);
    }
  });
  it("along arbitrary directions equals the one-neuron closed form at θ* + αd1 + βd2, indexed [beta][alpha]", () => {
    const data = seedDataset();
    const one: Architecture = { inputs: 1, hidden: [], activation: "tanh" };
    const theta = Float64Array.of(-5, -10), d1 = Float64Array.of(0.8, -0.3), d2 = Float64Array.of(0.4, 1.7);
    const s = evaluateSlice({ arch: one, theta, d1, d2, data: tableFromDataset(data), loss: "mse" }, { alpha: { min: -3, max: 4, count: 8 }, beta: { min: -2, max: 1, count: 5 } });
    for (let i = 0; i < 5; i++) for (let j = 0; j < 8; j++) {
      const a = s.alpha[j], b = s.beta[i];
      const ref = evaluatePoint("mse", data, theta[0] + a * d1[0] + b * d2[0], theta[1] + a * d1[1] + b * d2[1]);
      expect(s.fields.loss.get(i, j)).toBeCloseTo(ref.loss, 13);
      expect(s.fields.gradNorm.get(i, j) / ref.gradNorm).toBeCloseTo(1, 12);
    }
  });
  it("network, 1-D and 2-D: every point is the network's loss and full gradient norm there", () => {
    const P = parameterCount(NET);
    const data = randomTable(30, 2, 3);
    const theta = randomVec(P, 2);
    const [d1, d2] = randomDirections(P, 2, 4).map((d) => normalizeDirection(NET, theta, d, "filter", "zero"));
    const two = evaluateSlice({ arch: NET, theta, d1, d2, data, loss: "bce" }, { alpha: { min: -1, max: 1, count: 5 }, beta: { min: -1, max: 1, count: 3 } });
    const line = evaluateSlice({ arch: NET, theta, d1, d2: null, data, loss: "bce" }, { alpha: { min: -1, max: 1, count: 5 }, beta: null });
    expect(line.fields.loss.shape).toEqual([1, 5]);
    for (let j = 0; j < 5; j++) {
      const a = two.alpha[j];
      const ref0 = evaluateNetwork(NET, theta.map((t, k) => t + a * d1[k]), data, "bce");
      expect(line.fields.loss.get(0, j)).toBe(ref0.loss);
      expect(two.fields.loss.get(1, j)).toBeCloseTo(ref0.loss, 14);
      for (let i = 0; i < 3; i++) {
        const b = two.beta[i];
        const ref = evaluateNetwork(NET, theta.map((t, k) => t + a * d1[k] + b * d2[k]), data, "bce");
        expect(two.fields.loss.get(i, j)).toBe(ref.loss);
        expect(two.fields.gradNorm.get(i, j)).toBe(ref.gradNorm);
        expect(two.fields.accuracy.get(i, j)).toBe(ref.accuracy);
      }
    }
  });
  it("refuses zero directions, wrong shapes and bad axes", () => {
    const P = parameterCount(NET);
    const data = randomTable(5, 2, 3);
    const theta = randomVec(P, 2);
    const spec = { alpha: { min: -1, max: 1, count: 3 }, beta: { min: -1, max: 1, count: 3 } };
    expect(() => evaluateSlice({ arch: NET, theta, d1: new Float64Array(P), d2: randomVec(P, 1), data, loss: "mse" }, spec)).toThrow(/zero/);
    expect(() => evaluateSlice({ arch: NET, theta, d1: randomVec(P - 1, 1), d2: randomVec(P, 1), data, loss: "mse" }, spec)).toThrow(/entries/);
    expect(() => evaluateSlice({ arch: NET, theta, d1: randomVec(P, 1), d2: randomVec(P, 1), data, loss: "mse" }, { ...spec, beta: { min: 1, max: 1, count: 3 } })).toThrow(/beta/);
  });
});

/** Cyclic Jacobi eigen-decomposition of a small symmetric matrix: an independent reference. */
function jacobiEigen(a: number[][]): { values: number[]; vectors: number[][] } {
  const n = a.length;
  const A = a.map((r) => r.slice());
  const V: number[][] = A.map((_, i) => A.map((__, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p][q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) {
      if (A[p][q] === 0) continue;
      const th = (A[q][q] - A[p][p]) / (2 * A[p][q]);
      const t = Math.sign(th || 1) / (Math.abs(th) + Math.sqrt(th * th + 1));
      const c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let k = 0; k < n; k++) {
        const akp = A[k][p], akq = A[k][q];
        A[k][p] = c * akp - s * akq;
        A[k][q] = s * akp + c * akq;
      }
      for (let k = 0; k < n; k++) {
        const apk = A[p][k], aqk = A[q][k];
        A[p][k] = c * apk - s * aqk;
        A[q][k] = s * apk + c * aqk;
      }
      for (let k = 0; k < n; k++) {
        const vkp = V[k][p], vkq = V[k][q];
        V[k][p] = c * vkp - s * vkq;
        V[k][q] = s * vkp + c * vkq;
      }
    }
  }
  return { values: A.map((r, i) => r[i]), vectors: V[0].map((_, j) => V.map((r) => r[j])) };
}

describe("trajectory PCA", () => {
  const arch: Architecture = { inputs: 2, hidden: [3], activation: "tanh" };
  const P = parameterCount(arch);
  // A curved, noisy path: T points drifting along two directions with decaying steps.
  function path(T: number, seed: number): Float64Array[] {
    const rng = seededRandom(seed);
    const u = randomVec(P, seed + 1), v = randomVec(P, seed + 2);
    return Array.from({ length: T }, (_, t) => {
      const s = Math.exp(-t / 6);
      return Float64Array.from({ length: P }, (_, i) => 3 * s * u[i] + 0.8 * Math.sin(t / 3) * v[i] + 0.05 * (rng() - 0.5));
    });
  }
  it.each([[8], [40]])("T = %i: matches covariance eigenvectors (Jacobi) and sklearn's ratios and signs", (T) => {
    for (const bias of ["keep", "zero"] as const) {
      const pts = path(T, 3);
      const r = trajectoryPca(arch, pts, bias);
      const last = pts[T - 1];
      const X = pts.map((p) => Array.from(p, (x, i) => (bias === "zero" && isBiasIndex(arch, i) ? 0 : x - last[i])));
      const mean = X[0].map((_, i) => X.reduce((s, row) => s + row[i], 0) / T);
      const Xc = X.map((row) => row.map((x, i) => x - mean[i]));
      const C = mean.map((_, i) => mean.map((__, j) => Xc.reduce((s, row) => s + row[i] * row[j], 0)));
      const { values, vectors } = jacobiEigen(C);
      const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
      const total = values.reduce((s, x) => s + x, 0);
      for (let k = 0; k < 2; k++) {
        const ref = vectors[order[k]];
        let big = 0;
        for (let i = 1; i < P; i++) if (Math.abs(ref[i]) > Math.abs(ref[big])) big = i;
        const sign = Math.sign(ref[big]);
        for (let i = 0; i < P; i++) expect(Math.abs(r.directions[k][i] - sign * ref[i])).toBeLessThan(1e-9);
        expect(r.explainedVarianceRatio[k]).toBeCloseTo(values[order[k]] / total, 12);
        expect(r.explainedVariance[k]).toBeCloseTo(values[order[k]] / (T - 1), 10);
      }
    }
  });
  it("refuses a one-point trajectory and a straight line", () => {
    const p = randomVec(P, 1);
    expect(() => trajectoryPca(arch, [p], "keep")).toThrow(/at least 3/);
    const d = randomVec(P, 2);
    const line = [0, 1, 2, 3].map((t) => p.map((x, i) => x + t * d[i]));
    expect(() => trajectoryPca(arch, line, "keep")).toThrow(/line/);
  });
});

describe("trajectory projection", () => {
  const P = parameterCount(NET);
  const data = randomTable(20, 2, 1);
  const theta = randomVec(P, 3);
  const d1 = randomVec(P, 4), d2 = randomVec(P, 5);
  it("recovers (α, β) of points in the plane with zero off-plane distance and equal losses", () => {
    const pts = [[0.3, -1.2], [2, 0.5], [0, 0]].map(([a, b]) => theta.map((t, k) => t + a * d1[k] + b * d2[k]));
    const r = projectTrajectory(NET, theta, d1, d2, pts, data, "mse");
    [[0.3, -1.2], [2, 0.5], [0, 0]].forEach(([a, b], t) => {
      expect(r[t].alpha).toBeCloseTo(a, 12);
      expect(r[t].beta).toBeCloseTo(b, 12);
      expect(r[t].offPlane).toBeLessThan(1e-12);
      expect(r[t].planeLoss).toBeCloseTo(r[t].loss, 12);
    });
  });
  it("measures a known off-plane component", () => {
    // n ⟂ d1, d2 by Gram–Schmidt in the test, then θ_t = θ* + 0.7 d1 − 0.2 d2 + 3 n/‖n‖.
    const n = randomVec(P, 6);
        const g11 = d1.reduce((s, x) => s + x * x, 0), g12 = d1.reduce((s, x, i) => s + x * d2[i], 0), g22 = d2.reduce((s, x) => s + x * x, 0);
    const b1 = d1.reduce((s, x, i) => s + x * n[i], 0), b2 = d2.reduce((s, x, i) => s + x * n[i], 0);
    const det = g11 * g22 - g12 * g12;
    const c1 = (g22 * b1 - g12 * b2) / det, c2 = (g11 * b2 - g12 * b1) / det;
    const perp = n.map((x, i) => x - c1 * d1[i] - c2 * d2[i]);
    const len = Math.sqrt(perp.reduce((s, x) => s + x * x, 0));
    const p = theta.map((t, k) => t + 0.7 * d1[k] - 0.2 * d2[k] + (3 * perp[k]) / len);
    const [r] = projectTrajectory(NET, theta, d1, d2, [p as Float64Array], data, "bce");
    expect(r.alpha).toBeCloseTo(0.7, 10);
    expect(r.beta).toBeCloseTo(-0.2, 10);
    expect(r.offPlane).toBeCloseTo(3, 10);
    const disp = Math.sqrt(p.reduce((s, x, k) => s + (x - theta[k]) ** 2, 0));
    expect(r.offPlaneFraction).toBeCloseTo(3 / disp, 12);
    expect(r.loss).toBe(evaluateNetwork(NET, p, data, "bce", { engine: "reference" }).loss);
    expect(r.planeLoss).toBe(evaluateNetwork(NET, theta.map((t, k) => t + r.alpha * d1[k] + r.beta * d2[k]), data, "bce", { engine: "reference" }).loss);
  });
  it("interpolation: θ_to sits at α = 1 on the line", () => {
    const to = randomVec(P, 8);
    const [r] = projectTrajectory(NET, theta, pointDirection(theta, to), null, [to], data, "mse");
    expect(r.alpha).toBeCloseTo(1, 13);
    expect(r.offPlane).toBeLessThan(1e-12);
  });
  it("refuses parallel directions", () => {
    expect(() => projectTrajectory(NET, theta, d1, d1.map((x) => 2 * x), [theta], data, "mse")).toThrow(/parallel/);
  });
});

describe("eigen directions", () => {
  it("are the Hessian's top two eigenvectors", () => {
    const data = randomTable(25, 2, 4);
    const theta = randomVec(parameterCount(NET), 9, 1.5);
    const e = eigenDirections(NET, theta, data, "bce", 1);
    const exact = hessianSpectrum(NET, theta, data, "bce").eigenvalues;
    const P = theta.length;
    expect(e.eigenvalues[0]).toBeCloseTo(exact[P - 1], 10);
    expect(e.eigenvalues[1]).toBeCloseTo(exact[P - 2], 10);
    e.directions.forEach((v, k) => {
      const hv = hessianVector(NET, theta, data, "bce", v);
      for (let i = 0; i < P; i++) expect(Math.abs(hv[i] - e.eigenvalues[k] * v[i])).toBeLessThan(1e-9);
    });
  });
});
