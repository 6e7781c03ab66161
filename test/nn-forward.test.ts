import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { seededRandom } from "../src/init/random.js";
import { evaluatePoint } from "../src/numerics/point.js";
import { ACTIVATION_NAMES, activate, type ActivationName } from "../src/nn/activations.js";
import { layerShapes, parameterCount, parseHidden, type Architecture } from "../src/nn/architecture.js";
import { evaluateNetwork } from "../src/nn/forward.js";
import { gradcheckNetwork } from "../src/nn/gradcheck.js";
import { hessianVector } from "../src/nn/hvp.js";
import { tableFromDataset, type Table } from "../src/nn/table.js";
import type { LossName } from "../src/numerics/losses.js";

function randomTable(n: number, d: number, seed: number): Table {
  const rng = seededRandom(seed);
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      x[i * d + k] = 4 * rng() - 2;
      s += x[i * d + k] * (k + 1);
    }
    y[i] = s > 0.3 ? 1 : 0;
  }
  return { x, y, inputs: d, source: "test" };
}

function randomTheta(P: number, scale: number, seed: number): Float64Array {
  const rng = seededRandom(seed);
  return Float64Array.from({ length: P }, () => scale * (2 * rng() - 1));
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("architecture", () => {
  it("parses hidden specs", () => {
    expect(parseHidden("8")).toEqual([8]);
    expect(parseHidden("16,16,16")).toEqual([16, 16, 16]);
    expect(parseHidden("256x3")).toEqual([256, 256, 256]);
    expect(parseHidden("4x2, 3")).toEqual([4, 4, 3]);
    for (const bad of ["", "0", "a", "3x0", "-1", "1.5", "8,,8", "99999999"]) expect(typeof parseHidden(bad)).toBe("string");
  });
  it("lays θ out as parameters_to_vector on nn.Sequential", () => {
    const arch: Architecture = { inputs: 2, hidden: [16], activation: "tanh" };
    expect(parameterCount(arch)).toBe(2 * 16 + 16 + 16 + 1);
    const s = layerShapes(arch);
    expect(s.map((l) => [l.fanIn, l.fanOut, l.weightOffset, l.biasOffset])).toEqual([
      [2, 16, 0, 32],
      [16, 1, 48, 64],
    ]);
  });
});

describe("activations beside their derivatives", () => {
  it.each(ACTIVATION_NAMES)("%s: f′ and f″ match central differences", (name: ActivationName) => {
    const zs = Float64Array.from([-3.1, -0.7, -0.05, 0.04, 0.6, 2.9]);
    const a = new Float64Array(6), d1 = new Float64Array(6), d2 = new Float64Array(6);
    activate(name, zs, a, d1, d2);
    const h = 1e-5;
    const at = (z: number): [number, number] => {
      const o = new Float64Array(1), g = new Float64Array(1);
      activate(name, Float64Array.of(z), o, g, null);
      return [o[0], g[0]];
    };
    for (let i = 0; i < zs.length; i++) {
      const [fp, gp] = at(zs[i] + h), [fm, gm] = at(zs[i] - h);
      expect(Math.abs(d1[i] - (fp - fm) / (2 * h))).toBeLessThan(1e-8);
      expect(Math.abs(d2[i] - (gp - gm) / (2 * h))).toBeLessThan(1e-8);
    }
  });
});

describe("no hidden layer is the one-neuron model", () => {
  const data = seedDataset();
  const table = tableFromDataset(data);
  const arch: Architecture = { inputs: 1, hidden: [], activation: "tanh" };
  const points: Array<[number, number]> = [[-4, 6], [0.3, -0.2], [12, -15], [1.7, 0.05]];
  it.each(["mse", "bce"] as LossName[])("%s: loss, gradient, Hessian, eigenvalues to 1e-14", (loss) => {
    for (const [w, b] of points) {
      const ref = evaluatePoint(loss, data, w, b);
      const theta = Float64Array.of(w, b);
      const got = evaluateNetwork(arch, theta, table, loss);
      expect(rel(got.loss, ref.loss)).toBeLessThan(1e-14);
      expect(rel(got.grad[0], ref.grad[0])).toBeLessThan(1e-14);
      expect(rel(got.grad[1], ref.grad[1])).toBeLessThan(1e-14);
      expect(got.accuracy).toBe(ref.accuracy);
      const c0 = hessianVector(arch, theta, table, loss, Float64Array.of(1, 0));
      const c1 = hessianVector(arch, theta, table, loss, Float64Array.of(0, 1));
      expect(rel(c0[0], ref.hessian[0][0])).toBeLessThan(1e-14);
      expect(rel(c0[1], ref.hessian[1][0])).toBeLessThan(1e-14);
      expect(rel(c1[0], ref.hessian[0][1])).toBeLessThan(1e-14);
      expect(rel(c1[1], ref.hessian[1][1])).toBeLessThan(1e-14);
    }
  });
});

describe("a 1-1-1 linear network by hand", () => {
  it("gradient and Hessian equal the closed form", () => {
    // z = w2 (w1 x + b1) + b2, BCE: ∂L/∂z = p − y, ∂²L/∂z² = p(1 − p).
    const arch: Architecture = { inputs: 1, hidden: [1], activation: "linear" };
    const [w1, b1, w2, b2] = [0.7, -0.3, 1.4, 0.2];
    const xs = [-1, 0.5, 2], ys = [0, 1, 1];
    const table: Table = { x: Float64Array.from(xs), y: Float64Array.from(ys), inputs: 1, source: "t" };
    const theta = Float64Array.of(w1, b1, w2, b2);
    const g = [0, 0, 0, 0];
    const H = [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]];
    for (let i = 0; i < 3; i++) {
      const h = w1 * xs[i] + b1;
      const z = w2 * h + b2;
      const p = 1 / (1 + Math.exp(-z));
      const r = p - ys[i], s = p * (1 - p);
      const J = [w2 * xs[i], w2, h, 1];
      for (let a = 0; a < 4; a++) {
        g[a] += (r * J[a]) / 3;
        for (let b = 0; b < 4; b++) H[a][b] += (s * J[a] * J[b]) / 3;
      }
      // Second derivatives of z: ∂²z/∂w1∂w2 = x, ∂²z/∂b1∂w2 = 1.
      H[0][2] += (r * xs[i]) / 3;
      H[2][0] += (r * xs[i]) / 3;
      H[1][2] += r / 3;
      H[2][1] += r / 3;
    }
    const got = evaluateNetwork(arch, theta, table, "bce");
    for (let a = 0; a < 4; a++) expect(got.grad[a]).toBeCloseTo(g[a], 14);
    for (let b = 0; b < 4; b++) {
      const e = new Float64Array(4);
      e[b] = 1;
      const col = hessianVector(arch, theta, table, "bce", e);
      for (let a = 0; a < 4; a++) expect(col[a]).toBeCloseTo(H[a][b], 14);
    }
  });
});

describe("gradcheck on networks", () => {
  const cases: Array<[string, number[], ActivationName, LossName]> = [
    ["2-5-1 tanh mse", [5], "tanh", "mse"],
    ["2-4-3-1 sigmoid bce", [4, 3], "sigmoid", "bce"],
    ["2-4-3-1 relu bce", [4, 3], "relu", "bce"],
    ["2-3-3-1 softsign mse", [3, 3], "softsign", "mse"],
    ["2-3-1 linear bce", [3], "linear", "bce"],
  ];
  it.each(cases)("%s: every gradient and Hessian entry passes", (_name, hidden, activation, loss) => {
    const arch: Architecture = { inputs: 2, hidden, activation };
    const data = randomTable(30, 2, 7);
    const theta = randomTheta(parameterCount(arch), 1.2, 11);
    const c = gradcheckNetwork(arch, theta, data, loss);
    expect(c.grad.length).toBe(parameterCount(arch));
    expect(c.hessian.length).toBe(parameterCount(arch) ** 2);
    expect(c.failed).toBe(0);
    expect(c.passed).toBeGreaterThan(0.8 * (c.grad.length + c.hessian.length));
  });
  it("its finite differences tell a wrong gradient apart", () => {
    // A 1e-3 error in one activation derivative must show: check that gradcheck fails
    // when θ's gradient is compared against a different point's gradient.
    const arch: Architecture = { inputs: 2, hidden: [3], activation: "tanh" };
    const data = randomTable(20, 2, 3);
    const theta = randomTheta(parameterCount(arch), 1, 5);
    const good = gradcheckNetwork(arch, theta, data, "bce", { h: 1e-6, atol: 1e-5, rtol: 1e-3, hessian: false });
    expect(good.status).toBe("pass");
    const other = evaluateNetwork(arch, theta.map((t) => t * 1.01), data, "bce").grad;
    const wrong = good.grad.filter((e, j) => Math.abs(other[j] - e.numeric) > 1e-5 + 1e-3 * Math.abs(e.numeric));
    expect(wrong.length).toBeGreaterThan(0);
  });
});

describe("accuracy at z ≈ 0 follows the one-neuron rule", () => {
  it("predicts 1 iff 1/(1 + e^−z) > 0.5, as accumulatePoint", () => {
    const arch: Architecture = { inputs: 1, hidden: [], activation: "linear" };
    for (const z of [0, -0, 5e-324, 2 ** -54, 2 ** -53, 1.5 * 2 ** -53, 2 ** -52, 1e-15, -1e-300]) {
      for (const y of [0, 1]) {
        const t: Table = { x: Float64Array.of(1), y: Float64Array.of(y), inputs: 1, source: "z" };
        const got = evaluateNetwork(arch, Float64Array.of(z, 0), t, "bce").accuracy;
        const ref = evaluatePoint("bce", { x: t.x, y: t.y, source: "z" }, z, 0).accuracy;
        expect(got).toBe(ref);
        expect(got).toBe((1 / (1 + Math.exp(-z)) > 0.5 ? 1 : 0) === y ? 1 : 0);
      }
    }
  });
});
