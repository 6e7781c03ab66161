import { describe, expect, it } from "vitest";
import { initialize } from "../src/init/initializers.js";
import { seededRandom } from "../src/init/random.js";
import { layerShapes, type Architecture } from "../src/nn/architecture.js";
import { builtinTable } from "../src/nn/datasets.js";
import { affine } from "../src/nn/forward.js";
import { initializeNetwork, parseNetworkInit, type NetworkInit } from "../src/nn/init.js";
import { meanStd } from "../src/nn/layer-stats.js";
import { orthogonalMatrix } from "../src/nn/orthogonal.js";

const init = (text: string): NetworkInit => {
  const r = parseNetworkInit(text);
  if (typeof r === "string") throw new Error(r);
  return r;
};

// A 2-(200,100)-1 net: layer 0 is 200×2, layer 1 is 100×200 (20 000 weights), layer 2 is 1×100.
const arch: Architecture = { inputs: 2, hidden: [200, 100], activation: "relu" };
const big = layerShapes(arch)[1];

function block(theta: Float64Array, which: "weight" | "bias"): Float64Array {
  return which === "weight" ? theta.subarray(big.weightOffset, big.biasOffset) : theta.subarray(big.biasOffset, big.biasOffset + big.fanOut);
}

describe("network init distributions (layer 100×200, 20 000 draws)", () => {
  const fanIn = 200, fanOut = 100;
  // [scheme, variance of a weight, uniform bound or null for normal]
  const cases: Array<[string, number, number | null]> = [
    ["pytorch", 1 / (3 * fanIn), 1 / Math.sqrt(fanIn)],
    ["xavier", 1 / (3 * fanIn), 1 / Math.sqrt(fanIn)],
    ["xavier-normalized", 2 / (fanIn + fanOut), Math.sqrt(6 / (fanIn + fanOut))],
    ["xavier-normal", 2 / (fanIn + fanOut), null],
    ["he", 2 / fanIn, null],
    ["he-uniform", 2 / fanIn, Math.sqrt(6 / fanIn)],
    ["lecun", 1 / fanIn, null],
    ["normal:0.3", 0.09, null],
    ["uniform:0.2", 0.04 / 3, 0.2],
  ];
  it.each(cases)("%s: mean 0 and the scheme's variance within 5 standard errors", (scheme, variance, bound) => {
    const { theta } = initializeNetwork(arch, init(scheme), seededRandom(17));
    const w = block(theta, "weight");
    const { mean, std } = meanStd(w);
    const n = w.length;
    expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(variance / n));
    // Var of the sample variance: (μ4 − σ⁴)/n with μ4 = 3σ⁴ (normal) or 9σ⁴/5 (uniform).
    const kurt = bound === null ? 3 : 1.8;
    expect(Math.abs(std * std - variance)).toBeLessThan(5 * Math.sqrt(((kurt - 1) * variance * variance) / n));
    if (bound !== null) expect(w.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThanOrEqual(bound);
    const b = block(theta, "bias");
    if (scheme === "pytorch") {
      expect(b.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThanOrEqual(1 / Math.sqrt(fanIn));
      expect(meanStd(b).std).toBeGreaterThan(0);
    } else expect(b.every((v) => v === 0)).toBe(true);
  });
  it("gain scales xavier-normal; auto is calculate_gain(relu) = √2; he ignores it", () => {
    const a = initializeNetwork(arch, init("xavier-normal"), seededRandom(3), 1).theta;
    const b = initializeNetwork(arch, init("xavier-normal"), seededRandom(3), "auto").theta;
    for (let j = 0; j < 50; j++) expect(b[j]).toBeCloseTo(Math.SQRT2 * a[j], 14);
    const c = initializeNetwork({ ...arch, activation: "tanh" }, init("xavier-normal"), seededRandom(3), "auto").theta;
    for (let j = 0; j < 50; j++) expect(c[j]).toBeCloseTo((5 / 3) * a[j], 14);
    expect(initializeNetwork(arch, init("he"), seededRandom(3), 7).theta).toEqual(initializeNetwork(arch, init("he"), seededRandom(3), 1).theta);
  });
  it("constant:C fills every weight, biases zero; same seed, same θ", () => {
    const { theta } = initializeNetwork(arch, init("constant:0.5"), seededRandom(1));
    const s = layerShapes(arch);
    for (const l of s) {
      expect(theta.subarray(l.weightOffset, l.biasOffset).every((v) => v === 0.5)).toBe(true);
      expect(theta.subarray(l.biasOffset, l.biasOffset + l.fanOut).every((v) => v === 0)).toBe(true);
    }
    expect(initializeNetwork(arch, init("he"), seededRandom(9)).theta).toEqual(initializeNetwork(arch, init("he"), seededRandom(9)).theta);
  });
  it("parses and rejects init texts", () => {
    expect(parseNetworkInit("normal:0.01")).toEqual({ kind: "normal", std: 0.01 });
    expect(parseNetworkInit("constant:-2")).toEqual({ kind: "constant", value: -2 });
    for (const bad of ["normal:0", "uniform:-1", "normal:x", "constant:", "kaiming", "NaN"]) expect(typeof parseNetworkInit(bad)).toBe("string");
  });
});

describe("no hidden layer keeps the one-neuron initializers", () => {
  it.each(["pytorch", "xavier", "xavier-normalized", "he"] as const)("%s draws (w, b) as initialize() does", (scheme) => {
    const a: Architecture = { inputs: 1, hidden: [], activation: "tanh" };
    for (const seed of [0, 1, 42]) {
      const { theta } = initializeNetwork(a, { kind: scheme }, seededRandom(seed));
      expect(Array.from(theta)).toEqual(initialize({ kind: scheme }, seededRandom(seed)));
    }
  });
});

describe("orthogonal", () => {
  const gram = (q: Float64Array, rows: number, cols: number, byRows: boolean): number => {
    let err = 0;
    const k = byRows ? rows : cols;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
      let s = 0;
      const m = byRows ? cols : rows;
      for (let i = 0; i < m; i++) s += byRows ? q[a * cols + i] * q[b * cols + i] : q[i * cols + a] * q[i * cols + b];
      err = Math.max(err, Math.abs(s - (a === b ? 1 : 0)));
    }
    return err;
  };
  it("QᵀQ = I for tall, Q Qᵀ = I for wide, both to 1e-13", () => {
    expect(gram(orthogonalMatrix(50, 20, 1, seededRandom(1)), 50, 20, false)).toBeLessThan(1e-13);
    expect(gram(orthogonalMatrix(20, 50, 1, seededRandom(2)), 20, 50, true)).toBeLessThan(1e-13);
    expect(gram(orthogonalMatrix(64, 64, 1, seededRandom(3)), 64, 64, false)).toBeLessThan(1e-13);
  });
  it("gain scales it; the network scheme puts one per layer, biases zero", () => {
    const q = orthogonalMatrix(8, 8, 1, seededRandom(5)), g = orthogonalMatrix(8, 8, 2, seededRandom(5));
    for (let j = 0; j < 64; j++) expect(g[j]).toBeCloseTo(2 * q[j], 14);
    const { theta } = initializeNetwork({ inputs: 3, hidden: [6], activation: "tanh" }, { kind: "orthogonal" }, seededRandom(4));
    const w0 = theta.subarray(0, 18);
    expect(gram(w0, 6, 3, false)).toBeLessThan(1e-13);
    expect(Array.from(theta.subarray(18, 24))).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe("lsuv", () => {
  it("brings every layer's pre-activation variance to 1 ± 0.05 on the data", () => {
    const data = builtinTable("moons", { samples: 150, noise: null, dataSeed: 2 });
    for (const activation of ["tanh", "relu", "sigmoid"] as const) {
      const a: Architecture = { inputs: 2, hidden: [30, 30, 30], activation };
      const { theta, lsuv } = initializeNetwork(a, { kind: "lsuv" }, seededRandom(8), 1, data);
      expect(lsuv?.length).toBe(4);
      // Independent re-measurement layer by layer.
      let input = data.x;
      for (const s of layerShapes(a)) {
        const z = new Float64Array(150 * s.fanOut);
        affine(theta, s, input, 150, z);
        expect(Math.abs(meanStd(z).std ** 2 - 1)).toBeLessThan(0.05);
        input = z.map((v) => (activation === "tanh" ? Math.tanh(v) : activation === "relu" ? Math.max(v, 0) : 1 / (1 + Math.exp(-v))));
      }
    }
  });
  it("needs data", () => {
    expect(() => initializeNetwork({ inputs: 2, hidden: [3], activation: "tanh" }, { kind: "lsuv" }, seededRandom(1))).toThrow(/data/);
  });
});
