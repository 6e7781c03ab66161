// The WebAssembly network kernel against the TypeScript reference (src/nn/forward.ts):
// loss, accuracy, gradient and its norm to 1e-12 relative on architectures whose widths
// are and are not multiples of the kernel's 4-wide tiles, one input, n = 1, every
// activation and both losses; and finite results where the exp saturates.

import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import { ACTIVATION_NAMES, type ActivationName } from "../src/nn/activations.js";
import { parameterCount, type Architecture } from "../src/nn/architecture.js";
import { evaluateNetwork, norm2 } from "../src/nn/forward.js";
import { createNetworkWorkspace, evaluateNetworkFast } from "../src/fast/nn-fast.js";
import type { Table } from "../src/nn/table.js";
import { evaluateSlice } from "../src/slices/slice.js";
import { evaluateSliceParallel } from "../src/fast/nn-slice-fast.js";
import { createKernelPool } from "../src/fast/pool.js";
import type { LossName } from "../src/numerics/losses.js";

function randomTable(n: number, d: number, seed: number): Table {
  const rng = seededRandom(seed);
  const x = Float64Array.from({ length: n * d }, () => 4 * rng() - 2);
  const y = Float64Array.from({ length: n }, (_, i) => (x[i * d] - 0.3 * x[i * d + d - 1] > 0.1 ? 1 : 0));
  return { x, y, inputs: d, source: "test" };
}
const randomTheta = (P: number, scale: number, seed: number): Float64Array => {
  const rng = seededRandom(seed);
  return Float64Array.from({ length: P }, () => scale * (2 * rng() - 1));
};

/** max |a − b| over max |b|: the gradient's error relative to its size. */
function relVec(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d / Math.max(norm2(b), 1e-300);
}

const CASES: Array<{ hidden: number[]; inputs: number; n: number }> = [
  { hidden: [16], inputs: 2, n: 1000 },
  { hidden: [5], inputs: 1, n: 1 },
  { hidden: [3, 7], inputs: 1, n: 7 },
  { hidden: [16, 16, 16], inputs: 2, n: 33 },
  { hidden: [9, 1, 6], inputs: 5, n: 10 },
  { hidden: [64, 64], inputs: 3, n: 101 },
];

describe("network kernel against the reference", () => {
  for (const { hidden, inputs, n } of CASES) {
    for (const activation of ACTIVATION_NAMES) {
      for (const loss of ["bce", "mse"] as LossName[]) {
        it(`${inputs}-${hidden.join("-")}-1 ${activation} ${loss}, n = ${n}`, () => {
          const arch: Architecture = { inputs, hidden, activation };
          const data = randomTable(n, inputs, hidden.length * 31 + n);
          const theta = randomTheta(parameterCount(arch), 1.5, inputs + n);
          const ref = evaluateNetwork(arch, theta, data, loss, { engine: "reference" });
          const fast = evaluateNetworkFast(arch, theta, data, loss);
          expect(fast).not.toBeNull();
          if (!fast) return;
          expect(Math.abs(fast.loss - ref.loss)).toBeLessThanOrEqual(1e-12 * ref.loss);
          expect(fast.accuracy).toBe(ref.accuracy);
          expect(relVec(fast.grad, ref.grad)).toBeLessThan(1e-12);
          expect(Math.abs(fast.gradNorm - ref.gradNorm)).toBeLessThanOrEqual(1e-12 * ref.gradNorm);
          // evaluateNetwork itself takes the kernel by default
          const auto = evaluateNetwork(arch, theta, data, loss);
          expect(Array.from(auto.grad)).toEqual(Array.from(fast.grad));
        });
      }
    }
  }

  it("keeps the one-neuron model and labels other than 0/1 on the reference", () => {
    const data = randomTable(20, 1, 3);
    expect(evaluateNetworkFast({ inputs: 1, hidden: [], activation: "tanh" }, Float64Array.of(1, 2), data, "bce")).toBeNull();
    const soft = { ...data, y: data.y.map((v) => v * 0.5) };
    expect(evaluateNetworkFast({ inputs: 1, hidden: [3], activation: "tanh" }, randomTheta(10, 1, 1), soft, "bce")).toBeNull();
  });

  it("gives finite loss and gradient where activations and the output saturate", () => {
    for (const [activation, loss, scale] of [["sigmoid", "mse", 400], ["tanh", "mse", 400], ["sigmoid", "bce", 20], ["tanh", "bce", 20], ["relu", "bce", 20]] as [ActivationName, LossName, number][]) {
      const arch: Architecture = { inputs: 2, hidden: [16, 16, 16, 16], activation };
      const data = randomTable(50, 2, 9);
      const theta = randomTheta(parameterCount(arch), scale, 4);
      const fast = evaluateNetworkFast(arch, theta, data, loss);
      const ref = evaluateNetwork(arch, theta, data, loss, { engine: "reference" });
      expect(fast && Number.isFinite(fast.loss) && fast.grad.every(Number.isFinite)).toBe(true);
      expect(Math.abs(fast!.loss - ref.loss)).toBeLessThanOrEqual(1e-12 * ref.loss);
      expect(relVec(fast!.grad, ref.grad)).toBeLessThan(1e-12);
    }
  });
});

describe("kernel activations", () => {
  it("tanh and σ within a few ulp of Math's across both branches of the tanh formula", () => {
    // A 1-1-1 linear-output probe: z of the hidden unit sweeps the range, the output
    // weight 1 passes f(z) through; the loss's gradient w.r.t. the output bias is Σ ℓ′.
    const zs = [-30, -5, -0.7, -0.624, -0.2, -1e-9, 0, 1e-300, 3e-8, 0.1, 0.6249, 0.626, 2, 19, 40];
    for (const activation of ["tanh", "sigmoid"] as ActivationName[]) {
      for (let i = 0; i < zs.length; i++) {
        const arch: Architecture = { inputs: 1, hidden: [1], activation };
        const data: Table = { x: Float64Array.of(zs[i]), y: Float64Array.of(0), inputs: 1, source: "t" };
        // θ = (w1, b1, w2, b2): z1 = x, output logit = f(x)
        const fast = evaluateNetworkFast(arch, Float64Array.of(1, 0, 1, 0), data, "bce")!;
        const ref = evaluateNetwork(arch, Float64Array.of(1, 0, 1, 0), data, "bce", { engine: "reference" });
        // ∂L/∂w2 = ℓ′·f(z): relative agreement of f to a few ulp
        expect(Math.abs(fast.grad[2] - ref.grad[2])).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(ref.grad[2]));
      }
    }
  });
});

describe("slice evaluation on the kernel", () => {
  it("matches the reference engine on a 2-D and a 1-D slice", () => {
    const arch: Architecture = { inputs: 2, hidden: [6, 5], activation: "tanh" };
    const data = randomTable(41, 2, 5);
    const P = parameterCount(arch);
    const [theta, d1, d2] = [randomTheta(P, 1, 1), randomTheta(P, 1, 2), randomTheta(P, 1, 3)];
    const spec = { alpha: { min: -1, max: 1, count: 5 }, beta: { min: -0.5, max: 2, count: 4 } };
    for (const [dd, sp] of [[d2, spec], [null, { alpha: spec.alpha, beta: null }]] as const) {
      const input = { arch, theta, d1, d2: dd, data, loss: "mse" as LossName };
      const ref = evaluateSlice({ ...input, engine: "reference" }, sp);
      const fast = evaluateSlice(input, sp);
      for (const f of ["loss", "gradNorm"] as const) {
        const a = fast.fields[f].data as Float64Array, b = ref.fields[f].data as Float64Array;
        for (let i = 0; i < b.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-12 * b[i]);
      }
      expect(Array.from(fast.fields.accuracy.data as Float64Array)).toEqual(Array.from(ref.fields.accuracy.data as Float64Array));
    }
  });
});

describe("slice on all cores", () => {
  it("gives the one-thread kernel's numbers bit for bit, whichever thread takes a point, and reports rows", async () => {
    const arch: Architecture = { inputs: 3, hidden: [5, 7], activation: "sigmoid" };
    const data = randomTable(30, 3, 8);
    const P = parameterCount(arch);
    const input = { arch, theta: randomTheta(P, 1, 4), d1: randomTheta(P, 1, 5), d2: randomTheta(P, 1, 6), data, loss: "bce" as LossName };
    const spec = { alpha: { min: -1, max: 1, count: 7 }, beta: { min: -1, max: 1, count: 6 } };
    const one = evaluateSlice(input, spec);
    const done: number[] = [];
    const pool = createKernelPool({ threads: 2 });
    try {
      const all = await evaluateSliceParallel(input, spec, { pool, minWork: 0 }, (d) => done.push(d));
      for (const f of ["loss", "accuracy", "gradNorm"] as const) expect(Array.from(all.fields[f].data as Float64Array)).toEqual(Array.from(one.fields[f].data as Float64Array));
      expect(Array.from(all.alpha)).toEqual(Array.from(one.alpha));
    } finally {
      await pool.close();
    }
    expect(done[done.length - 1]).toBe(6);
    await expect(evaluateSliceParallel({ ...input, d1: input.d1.subarray(1) }, spec, { threads: 1 })).rejects.toThrow(RangeError);
  });
});

describe("network workspace", () => {
  it("reused across data sets of its size gives the numbers of a fresh evaluation; another size is not used", () => {
    const arch: Architecture = { inputs: 2, hidden: [6, 3], activation: "softsign" };
    const P = parameterCount(arch);
    const a = randomTable(21, 2, 1), b = randomTable(21, 2, 2), c = randomTable(9, 2, 3);
    const ws = createNetworkWorkspace(arch, a, "bce");
    for (const [data, seed] of [[a, 1], [b, 2], [c, 3], [a, 4]] as const) {
      const theta = randomTheta(P, 1, seed);
      const fresh = evaluateNetworkFast(arch, theta, data, "mse")!;
      const reused = evaluateNetwork(arch, theta, data, "mse", { workspace: ws });
      expect([reused.loss, reused.accuracy, reused.gradNorm]).toEqual([fresh.loss, fresh.accuracy, fresh.gradNorm]);
      expect(Array.from(reused.grad)).toEqual(Array.from(fresh.grad));
    }
  });
});
