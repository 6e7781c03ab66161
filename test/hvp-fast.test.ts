import { describe, expect, it } from "vitest";
import { hessianOperator } from "../src/curvature/operator.js";
import { createFastCurvature } from "../src/fast/hvp-fast.js";
import { seededRandom } from "../src/init/random.js";
import { ACTIVATION_NAMES } from "../src/nn/activations.js";
import { parameterCount, type Architecture } from "../src/nn/architecture.js";
import { denseHessian } from "../src/nn/hessian.js";
import { createCurvatureWorkspace, hessianVector } from "../src/nn/hvp.js";
import type { Table } from "../src/nn/table.js";
import type { LossName } from "../src/numerics/losses.js";

function randomTable(n: number, d: number, seed: number): Table {
  const rng = seededRandom(seed);
  const x = Float64Array.from({ length: n * d }, () => 4 * rng() - 2);
  const y = Float64Array.from({ length: n }, (_, i) => (x[i * d] * x[i * d + d - 1] + 0.3 * x[i * d] > 0 ? 1 : 0));
  return { x, y, inputs: d, source: "test" };
}
const randomVector = (P: number, seed: number, scale = 1): Float64Array => {
  const rng = seededRandom(seed);
  return Float64Array.from({ length: P }, () => scale * (2 * rng() - 1));
};
/** max_j |a_j − b_j| / max_j |b_j|: the reference's entries span many magnitudes. */
function relDiff(a: Float64Array, b: Float64Array): number {
  let d = 0, s = 0;
  for (let j = 0; j < b.length; j++) {
    d = Math.max(d, Math.abs(a[j] - b[j]));
    s = Math.max(s, Math.abs(b[j]));
  }
  return d / s;
}

describe("the kernel's curvature engine (hvp-fast) against the TypeScript R-operator", () => {
  // Widths off multiples of 4 (padding), one to three hidden layers, every activation, both
  // losses, sample counts off multiples of 4 and over one 64-sample block.
  const cases: [number, number[], LossName, number][] = [
    [2, [5], "bce", 7],
    [3, [6, 3], "mse", 130],
    [1, [4, 9, 2], "bce", 65],
    [2, [16, 16, 16], "mse", 200],
  ];
  for (const activation of ACTIVATION_NAMES) {
    for (const [d, hidden, loss, n] of cases) {
      it(`${d}-${hidden.join("-")}-1 ${activation} ${loss}, n = ${n}`, () => {
        const arch: Architecture = { inputs: d, hidden, activation };
        const data = randomTable(n, d, n + hidden.length);
        const P = parameterCount(arch);
        const theta = randomVector(P, 3, 0.9);
        const v = randomVector(P, 4);
        const ref = hessianVector(arch, theta, data, loss, v, "reference");
        const fast = hessianVector(arch, theta, data, loss, v, "fast");
        expect(relDiff(fast, ref)).toBeLessThan(1e-12);
        // ReLU's f″ = 0 still leaves the Gauss–Newton part: the test is not of zeros.
        expect(ref.some((t) => t !== 0)).toBe(true);
      });
    }
  }

  it("reuses its state: products at one θ, then at another, match fresh reference products", () => {
    const arch: Architecture = { inputs: 2, hidden: [7, 5], activation: "tanh" };
    const data = randomTable(50, 2, 1);
    const P = parameterCount(arch);
    const eng = createFastCurvature(arch, data, "bce");
    if (!eng) throw new Error("engine not created");
    const out = new Float64Array(P);
    for (const seed of [1, 2]) {
      const theta = randomVector(P, 10 + seed);
      eng.setTheta(theta);
      for (const vs of [5, 6, 7]) {
        const v = randomVector(P, vs);
        eng.hessianVector(v, out);
        expect(relDiff(out, hessianVector(arch, theta, data, "bce", v, "reference"))).toBeLessThan(1e-12);
      }
    }
  });

  it("the operator and the dense Hessian take the engine and keep the reference's numbers", () => {
    const arch: Architecture = { inputs: 2, hidden: [6, 5], activation: "sigmoid" };
    const data = randomTable(40, 2, 2);
    const P = parameterCount(arch);
    const theta = randomVector(P, 8);
    const v = randomVector(P, 9);
    const a = new Float64Array(P), b = new Float64Array(P);
    hessianOperator(arch, theta, data, "mse").apply(v, a);
    hessianOperator(arch, theta, data, "mse", "reference").apply(v, b);
    expect(relDiff(a, b)).toBeLessThan(1e-12);
    expect(relDiff(denseHessian(arch, theta, data, "mse"), denseHessian(arch, theta, data, "mse", undefined, "reference"))).toBeLessThan(1e-12);
  });

  for (const [hidden, activation, loss] of [[[5, 3, 6], "tanh", "bce"], [[4], "softsign", "mse"], [[3, 7], "relu", "bce"]] as const) {
    it(`dense Hessian column by column (unit-vector structure, symmetry) for 2-${hidden.join("-")}-1 ${activation} ${loss}`, () => {
      const arch: Architecture = { inputs: 2, hidden, activation };
      const data = randomTable(70, 2, 5);
      const theta = randomVector(parameterCount(arch), 6, 1.2);
      const fast = denseHessian(arch, theta, data, loss);
      expect(relDiff(fast, denseHessian(arch, theta, data, loss, undefined, "reference"))).toBeLessThan(1e-12);
    });
  }

  it("does not take the one-neuron model (its closed form stays) and rejects wrong sizes", () => {
    expect(createFastCurvature({ inputs: 1, hidden: [], activation: "tanh" }, randomTable(5, 1, 1), "bce")).toBeNull();
    const eng = createFastCurvature({ inputs: 2, hidden: [3], activation: "tanh" }, randomTable(5, 2, 1), "bce");
    expect(() => eng?.setTheta(new Float64Array(3))).toThrow(RangeError);
    expect(() => eng?.hessianVector(new Float64Array(13), new Float64Array(13))).toThrow(/setTheta/);
  });

  it("a workspace gives a fresh engine's numbers for every θ, and is ignored where it does not fit", () => {
    const arch: Architecture = { inputs: 2, hidden: [6, 5], activation: "tanh" };
    const data = randomTable(33, 2, 8);
    const ws = createCurvatureWorkspace(arch, data, "bce");
    expect(ws).not.toBeNull();
    const P = parameterCount(arch);
    for (let t = 0; t < 3; t++) {
      const theta = randomVector(P, 20 + t), v = randomVector(P, 30 + t);
      expect(hessianVector(arch, theta, data, "bce", v, { workspace: ws })).toStrictEqual(hessianVector(arch, theta, data, "bce", v));
      const op = hessianOperator(arch, theta, data, "bce", { workspace: ws }), out = new Float64Array(P);
      op.apply(v, out);
      expect(out).toStrictEqual(hessianVector(arch, theta, data, "bce", v));
    }
    // Another table of the same shape, another loss, other widths: the workspace is not used.
    const other = randomTable(33, 2, 9), theta = randomVector(P, 40), v = randomVector(P, 41);
    expect(ws?.fits(arch, other, "bce")).toBe(false);
    expect(ws?.fits(arch, data, "mse")).toBe(false);
    expect(ws?.fits({ ...arch, hidden: [6, 6] }, data, "bce")).toBe(false);
    expect(hessianVector(arch, theta, other, "bce", v, { workspace: ws })).toStrictEqual(hessianVector(arch, theta, other, "bce", v));
    expect(hessianVector(arch, theta, data, "mse", v, { workspace: ws })).toStrictEqual(hessianVector(arch, theta, data, "mse", v));
  });
});
