import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import { layerShapes, parameterCount, type Architecture } from "../src/nn/architecture.js";
import { builtinTable } from "../src/nn/datasets.js";
import { evaluateNetwork } from "../src/nn/forward.js";
import { layerStatistics, percentiles } from "../src/nn/layer-stats.js";
import { layerPassFast } from "../src/fast/layers-fast.js";
import { tableRows, type Table } from "../src/nn/table.js";
import type { ActivationName } from "../src/nn/activations.js";

const f = (act: ActivationName, z: number): number =>
  act === "tanh" ? Math.tanh(z) : act === "relu" ? Math.max(z, 0) : act === "sigmoid" ? 1 / (1 + Math.exp(-z)) : act === "softsign" ? z / (1 + Math.abs(z)) : z;

describe("layer statistics", () => {
  it.each(["tanh", "sigmoid", "relu", "softsign", "linear"] as ActivationName[])("%s: match a direct computation and per-sample finite differences", (activation) => {
    const arch: Architecture = { inputs: 2, hidden: [4, 3], activation };
    const data = builtinTable("circles", { samples: 12, noise: 0.2, dataSeed: 1 });
    const rng = seededRandom(21);
    const theta = Float64Array.from({ length: parameterCount(arch) }, () => 3 * (2 * rng() - 1));
    const stats = layerStatistics(arch, theta, data, "mse");
    const shapes = layerShapes(arch);
    const n = 12;
    // Direct forward pass, one sample at a time.
    const zs: number[][] = shapes.map(() => []);
    const as: number[][] = shapes.map(() => []);
    for (let i = 0; i < n; i++) {
      let input = [data.x[2 * i], data.x[2 * i + 1]];
      shapes.forEach((s, l) => {
        const out: number[] = [];
        for (let o = 0; o < s.fanOut; o++) {
          let z = theta[s.biasOffset + o];
          for (let k = 0; k < s.fanIn; k++) z += theta[s.weightOffset + o * s.fanIn + k] * input[k];
          zs[l].push(z);
          const a = l === shapes.length - 1 ? 1 / (1 + Math.exp(-z)) : f(activation, z);
          as[l].push(a);
          out.push(a);
        }
        input = out;
      });
    }
    const ms = (v: number[]): [number, number] => {
      const m = v.reduce((s, t) => s + t, 0) / v.length;
      return [m, Math.sqrt(v.reduce((s, t) => s + (t - m) ** 2, 0) / v.length)];
    };
    const grad = evaluateNetwork(arch, theta, data, "mse").grad;
    shapes.forEach((s, l) => {
      const st = stats[l];
      expect([st.index, st.fanIn, st.fanOut]).toEqual([l, s.fanIn, s.fanOut]);
      const [zm, zsd] = ms(zs[l]);
      expect(st.preactivation.mean).toBeCloseTo(zm, 12);
      expect(st.preactivation.std).toBeCloseTo(zsd, 12);
      const [am, asd] = ms(as[l]);
      expect(st.activation.mean).toBeCloseTo(am, 12);
      expect(st.activation.std).toBeCloseTo(asd, 12);
      const last = l === shapes.length - 1;
      const sat = zs[l].filter((z, j) => {
        const a = as[l][j];
        if (last || activation === "sigmoid") return a < 0.01 || a > 0.99;
        if (activation === "tanh" || activation === "softsign") return Math.abs(a) > 0.99;
        if (activation === "relu") return z <= 0;
        return false;
      }).length;
      expect(st.activation.saturated).toBe(sat / zs[l].length);
      // ∂ℓ_i/∂z of unit o = ∂ℓ_i/∂b_o on the one-sample batch i, by central differences.
      const deltas: number[] = [];
      for (let i = 0; i < n; i++) {
        const one: Table = tableRows(data, i, i + 1);
        for (let o = 0; o < s.fanOut; o++) {
          const h = 1e-6;
          const tp = Float64Array.from(theta), tm = Float64Array.from(theta);
          tp[s.biasOffset + o] += h;
          tm[s.biasOffset + o] -= h;
          deltas.push((evaluateNetwork(arch, tp, one, "mse").loss - evaluateNetwork(arch, tm, one, "mse").loss) / (2 * h));
        }
      }
      const [dm, dsd] = ms(deltas);
      expect(Math.abs(st.backprop.mean - dm)).toBeLessThan(1e-7);
      expect(Math.abs(st.backprop.std - dsd)).toBeLessThan(1e-7);
      const wn = Math.hypot(...grad.subarray(s.weightOffset, s.biasOffset));
      const bn = Math.hypot(...grad.subarray(s.biasOffset, s.biasOffset + s.fanOut));
      expect(st.weightGradNorm).toBeCloseTo(wn, 14);
      expect(st.biasGradNorm).toBeCloseTo(bn, 14);
    });
  });
  it("percentiles interpolate like numpy.percentile", () => {
    const v = Float64Array.of(5, 1, 4, 2, 3);
    expect(percentiles(v, [0, 25, 50, 75, 100])).toEqual([1, 2, 3, 4, 5]);
    expect(percentiles(Float64Array.of(0, 10), [2, 98])[0]).toBeCloseTo(0.2, 14);
  });
});

// The physics of deep initialization (Glorot & Bengio 2010; He et al. 2015): ReLU or tanh,
// 20 hidden layers of width 256, 2-D data. Layer k below is the k-th hidden layer.
describe("layer statistics on the kernel", () => {
  // The kernel path claims the reference's bits (src/fast/layers-fast.ts): every field, exactly.
  const cases: [ActivationName, number[], number, "bce" | "mse"][] = [
    ["tanh", [5, 7, 3], 37, "bce"],
    ["sigmoid", [8, 6], 13, "mse"],
    ["relu", [13, 9, 4], 101, "bce"],
    ["softsign", [3], 2, "bce"],
    ["linear", [4, 5], 9, "mse"],
    ["relu", [24, 24, 24], 130, "bce"],
  ];
  it.each(cases)("%s %j on %i samples (%s): equal to the reference bit for bit", (activation, hidden, samples, loss) => {
    const arch: Architecture = { inputs: 2, hidden, activation };
    const data = builtinTable("circles", { samples, noise: 0.3, dataSeed: 4 });
    const rng = seededRandom(samples);
    const theta = Float64Array.from({ length: parameterCount(arch) }, () => 2 * (2 * rng() - 1));
    // The kernel path runs here (it falls back silently only where WebAssembly is unavailable).
    expect(layerPassFast(arch, theta, data, loss, { forward: () => undefined, backward: () => undefined })).not.toBeNull();
    const fast = layerStatistics(arch, theta, data, loss);
    const ref = layerStatistics(arch, theta, data, loss, { engine: "reference" });
    expect(fast).toStrictEqual(ref);
    // toStrictEqual treats 0 and −0 alike only through Object.is, so the bits are compared too.
    expect(JSON.stringify(fast)).toBe(JSON.stringify(ref));
  });

  it("percentiles by selection equal those of a full sort, ties, ±0, ±∞ and NaN included", () => {
    const rng = seededRandom(5);
    const sorted = (v: Float64Array, levels: readonly number[]): number[] => {
      const s = Float64Array.from(v).sort();
      return levels.map((q) => {
        const pos = ((s.length - 1) * q) / 100, lo = Math.floor(pos), hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
      });
    };
    const levels = [0, 2, 25, 50, 75, 98, 100, 33.3];
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + Math.floor(rng() * 3000);
      const kind = trial % 5;
      const v = Float64Array.from({ length: n }, () => {
        const u = rng();
        if (kind === 0) return u - 0.5;
        if (kind === 1) return u < 0.5 ? 0 : u; // ReLU-like: half ties at 0
        if (kind === 2) return Math.floor(u * 4) - 2; // few distinct values
        if (kind === 3) return u < 0.1 ? -0 : u < 0.2 ? Infinity : u < 0.3 ? -Infinity : u;
        return u < 0.05 ? NaN : u;
      });
      expect(percentiles(v, levels)).toStrictEqual(sorted(v, levels));
    }
  });
});
