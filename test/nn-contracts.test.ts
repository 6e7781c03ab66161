import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import { activate, ACTIVATION_NAMES, activationGain, isActivationName, isSaturated } from "../src/nn/activations.js";
import { checkArchitecture, describeArchitecture, MAX_PARAMS, parseHidden, type Architecture } from "../src/nn/architecture.js";
import { isDataName } from "../src/nn/datasets.js";
import { forward } from "../src/nn/forward.js";
import { ggnOperator, ggnState, jacobianVector } from "../src/nn/ggn.js";
import { gradcheckNetwork, MAX_HESSIAN_CHECK_PARAMS } from "../src/nn/gradcheck.js";
import { denseHessian, MAX_DENSE_HESSIAN_PARAMS } from "../src/nn/hessian.js";
import { createCurvatureWorkspace, hessianVector, hessianVectorInto } from "../src/nn/hvp.js";
import { describeNetworkInit, initializeNetwork, weightDistribution } from "../src/nn/init.js";
import { meanStd } from "../src/nn/layer-stats.js";
import { symmetricEigenvalues } from "../src/nn/symmetric-eigen.js";
import { networkTrainer, trainNetwork } from "../src/nn/train.js";
import type { Table } from "../src/nn/table.js";
import { DEFAULT_OPTIMIZER_OPTIONS } from "../src/train/optimizers.js";

const one: Table = { x: new Float64Array([1]), y: new Float64Array([1]), inputs: 1, source: "one" };

describe("architecture and activation names", () => {
  it("describes, parses and checks architectures with messages that name the value", () => {
    expect(describeArchitecture({ inputs: 2, hidden: [16, 8], activation: "tanh" })).toBe("2-16-8-1 tanh");
    expect(describeArchitecture({ inputs: 3, hidden: [], activation: "tanh" })).toBe("3-1");
    const empty = "expected a comma-separated list of widths like 16,16 or WxK like 256x20";
    expect(parseHidden("")).toBe(empty);
    expect(parseHidden(" \t ")).toBe(empty);
    expect(parseHidden(" 16 , 8x2 ")).toEqual([16, 8, 8]);
    expect(parseHidden("8 x 2")).toEqual([8, 8]);
    expect(parseHidden("3X12")).toEqual(Array(12).fill(3));
    expect(parseHidden("8, abc ")).toBe('"abc" is not a width (a positive integer) or WxK');
    expect(parseHidden("1")).toEqual([1]);
    expect(parseHidden("65536")).toEqual([65536]);
    expect(parseHidden("65537")).toBe("width 65537 is outside 1…65536");
    expect(parseHidden("1x1000").length).toBe(1000);
    expect(parseHidden("1x1001")).toBe("layer count 1001 is outside 1…1000");
    expect(parseHidden("1x999,2").length).toBe(1000);
    expect(parseHidden("1x999,2x2")).toBe("more than 1000 hidden layers");
    expect(parseHidden("4x0")).toBe("layer count 0 is outside 1…1000");
    expect(parseHidden("0")).toBe("width 0 is outside 1…65536");
    const ok: Architecture = { inputs: 2, hidden: [3], activation: "relu" };
    expect(() => checkArchitecture(ok)).not.toThrow();
    expect(() => checkArchitecture({ ...ok, inputs: 0 })).toThrow("inputs must be a positive integer (got 0)");
    expect(() => checkArchitecture({ ...ok, inputs: 1.5 })).toThrow("inputs must be a positive integer (got 1.5)");
    expect(() => checkArchitecture({ ...ok, inputs: 1 })).not.toThrow();
    expect(() => checkArchitecture({ ...ok, hidden: [3, 0] })).toThrow("hidden widths must be positive integers (got 0)");
    expect(() => checkArchitecture({ ...ok, hidden: [2.5] })).toThrow("hidden widths must be positive integers (got 2.5)");
    expect(() => checkArchitecture({ ...ok, hidden: [1] })).not.toThrow();
    expect(() => checkArchitecture({ ...ok, activation: "gelu" as never })).toThrow('unknown activation "gelu"');
    // 3-1-w-1: P = (3·1 + 1) + (1·w + w) + (w + 1) = 3w + 5; w = 1666665 gives exactly MAX_PARAMS.
    const w = 1666665;
    expect(MAX_PARAMS).toBe(5_000_000);
    expect(() => checkArchitecture({ inputs: 3, hidden: [1, w], activation: "relu" })).not.toThrow();
    expect(() => checkArchitecture({ inputs: 4, hidden: [1, w], activation: "relu" })).toThrow(`network has ${MAX_PARAMS + 1} parameters, over the limit of ${MAX_PARAMS}`);
  });
  it("names, gains (torch.nn.init.calculate_gain) and saturation rules", () => {
    expect(isActivationName("softsign")).toBe(true);
    expect(isActivationName("gelu")).toBe(false);
    expect(isDataName("moons")).toBe(true);
    expect(isDataName("mnist")).toBe(false);
    expect([activationGain("sigmoid"), activationGain("linear"), activationGain("softsign")]).toEqual([1, 1, 1]);
    expect(activationGain("tanh")).toBe(5 / 3);
    expect(activationGain("relu")).toBe(Math.SQRT2);
    expect(isSaturated("relu", 0, 0)).toBe(true);
    expect(isSaturated("relu", -1e-300, 0)).toBe(true);
    expect(isSaturated("relu", 1e-300, 1e-300)).toBe(false);
    expect(isSaturated("linear", 1e9, 1e9)).toBe(false);
    expect(isSaturated("softsign", 0, 0.995)).toBe(true);
    expect(isSaturated("sigmoid-output", 0, 0.995)).toBe(true);
  });
});

describe("activate at z = 0 and into used buffers", () => {
  it("writes every f, f′ and f″ (a buffer's old contents never show through)", () => {
    const z = Float64Array.of(-1.5, 0, 2);
    for (const name of ACTIVATION_NAMES) {
      const fresh = [new Float64Array(3), new Float64Array(3), new Float64Array(3)];
      activate(name, z, fresh[0], fresh[1], fresh[2]);
      const used = [new Float64Array(3).fill(Number.NaN), new Float64Array(3).fill(7), new Float64Array(3).fill(-7)];
      activate(name, z, used[0], used[1], used[2]);
      expect(used.map((u) => Array.from(u))).toEqual(fresh.map((u) => Array.from(u)));
    }
  });
  it("softsign's f″(0) is 0, the symmetric second difference of an odd function", () => {
    // f(z) = z/(1+|z|) is odd: (f(h) − 2f(0) + f(−h))/h² = 0 for every h, while the one-sided
    // limits of f″ are ∓2.
    const a = new Float64Array(3), d1 = new Float64Array(3), d2 = new Float64Array(3);
    activate("softsign", Float64Array.of(-0, 0, 1e-300), a, d1, d2);
    expect(d2[0]).toBe(0);
    expect(d2[1]).toBe(0);
    expect(d2[2]).toBe(-2);
    expect(d1[1]).toBe(1);
  });
});

describe("network init descriptions and distributions", () => {
  it("describes every init kind and gives no distribution to the non-random ones", () => {
    expect(describeNetworkInit({ kind: "normal", std: 0.5 })).toBe("normal:0.5");
    expect(describeNetworkInit({ kind: "uniform", bound: 2 })).toBe("uniform:2");
    expect(describeNetworkInit({ kind: "constant", value: -1 })).toBe("constant:-1");
    expect(describeNetworkInit({ kind: "he" })).toBe("he");
    const s = { index: 0, fanIn: 4, fanOut: 3, weightOffset: 0, biasOffset: 12 };
    expect(weightDistribution({ kind: "orthogonal" }, s, 1)).toBeNull();
    expect(weightDistribution({ kind: "lsuv" }, s, 1)).toBeNull();
    expect(weightDistribution({ kind: "constant", value: 1 }, s, 1)).toBeNull();
  });
  it("refuses a bad gain and lsuv without data", () => {
    const arch: Architecture = { inputs: 2, hidden: [3], activation: "tanh" };
    expect(() => initializeNetwork(arch, { kind: "he" }, seededRandom(1), 0)).toThrow("gain must be a positive finite number (got 0)");
    expect(() => initializeNetwork(arch, { kind: "he" }, seededRandom(1), Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => initializeNetwork(arch, { kind: "lsuv" }, seededRandom(1))).toThrow("lsuv needs data to measure pre-activation variances");
  });
  it("one neuron with d inputs draws w and b from the scheme at fan-in d (He: std √(2/d))", () => {
    const d = 2000;
    const { theta } = initializeNetwork({ inputs: d, hidden: [], activation: "linear" }, { kind: "he" }, seededRandom(4));
    let s = 0;
    for (const t of theta) s += t * t;
    // E[θ²] = 2/d; over 2001 draws the sample value is within ~3% (its relative sd is √(2/2001)).
    expect(Math.sqrt(s / theta.length) / Math.sqrt(2 / d)).toBeGreaterThan(0.9);
    expect(Math.sqrt(s / theta.length) / Math.sqrt(2 / d)).toBeLessThan(1.1);
  });
});

describe("meanStd past float64's range", () => {
  it("rescales by max|v| where the plain sums overflow", () => {
    // Mean 2e200, population std √(2/3)·1e200: exact in the scaled sums.
    const v = new Float64Array([1e200, 2e200, 3e200]);
    const r = meanStd(v);
    expect(Math.abs(r.mean / 2e200 - 1)).toBeLessThan(1e-15);
    expect(Math.abs(r.std / (Math.sqrt(2 / 3) * 1e200) - 1)).toBeLessThan(1e-15);
    // A non-finite entry has no finite scale: the plain (non-finite) result stands.
    expect(meanStd(new Float64Array([1, Number.POSITIVE_INFINITY])).mean).toBe(Number.POSITIVE_INFINITY);
    expect(meanStd(new Float64Array(0))).toEqual({ mean: 0, std: 0 });
  });
});

describe("symmetricEigenvalues far from 1", () => {
  it("scales by a power of two and back: eig(sA) = s·eig(A) for s = 2^±600", () => {
    // The 3 × 3 path Laplacian [[2,−1,0],[−1,2,−1],[0,−1,2]]: 2 − √2, 2, 2 + √2.
    const lap = [2, -1, 0, -1, 2, -1, 0, -1, 2];
    const exact = [2 - Math.SQRT2, 2, 2 + Math.SQRT2];
    for (const s of [2 ** 600, 2 ** -600, 3e300, 1e-300]) {
      const ev = symmetricEigenvalues(Float64Array.from(lap, (x) => x * s), 3, "reference");
      for (let i = 0; i < 3; i++) expect(Math.abs(ev[i] / s - exact[i])).toBeLessThan(1e-14);
    }
    expect(() => symmetricEigenvalues(new Float64Array([1, 0, 0, 0, Number.NaN, 0, 0, 0, 1]), 3)).toThrow("non-finite");
    expect(() => symmetricEigenvalues(new Float64Array(8), 3)).toThrow("matrix has 8 entries, expected 3×3");
  });
});

describe("network gradcheck verdicts", () => {
  it("fails at a ReLU kink, where the difference quotient sees half of each one-sided slope", () => {
    // z₁ = w₁x + b₁ = 0 exactly: the analytic rule takes f′(0) = 0 (PyTorch's), so ∂L/∂w₁ =
    // ∂L/∂b₁ = 0, while (L(+h) − L(−h))/2h = ½·(one-sided slope) ≠ 0 at every step.
    const arch: Architecture = { inputs: 1, hidden: [1], activation: "relu" };
    const theta = new Float64Array([1, -1, 2, 0.3]);
    const c = gradcheckNetwork(arch, theta, one, "mse");
    expect(c.status).toBe("fail");
    expect(c.grad[0].status).toBe("fail");
    expect(c.grad[1].status).toBe("fail");
    expect(c.grad[0].analytic).toBe(0);
    expect(c.failed).toBeGreaterThanOrEqual(2);
    expect(c.passed + c.failed + c.unresolved).toBe(4 + 16);
  });
  it("is unresolved, not passed, where a dead unit's entries are exactly zero", () => {
    // Unit 2 has z = −x − 5 < 0 on every sample: its weights get zero gradient and Hessian.
    const arch: Architecture = { inputs: 1, hidden: [2], activation: "relu" };
    const theta = new Float64Array([1, -1, 0.5, -5, 0.7, 0.4, 0.1]);
    const data: Table = { x: new Float64Array([0.2, 0.9, 0.5]), y: new Float64Array([1, 0, 1]), inputs: 1, source: "t" };
    const c = gradcheckNetwork(arch, theta, data, "bce");
    expect(c.grad[1].analytic).toBe(0);
    expect(c.grad[1].status).toBe("unresolved");
    expect(c.failed).toBe(0);
    expect(c.unresolved).toBeGreaterThan(0);
    expect(c.status).toBe("unresolved");
  });
  it("refuses a θ of the wrong length and a Hessian check over its size limit", () => {
    const arch: Architecture = { inputs: 1, hidden: [1], activation: "relu" };
    expect(() => gradcheckNetwork(arch, new Float64Array(3), one, "mse")).toThrow("theta has 3 entries, the architecture 4");
    const big: Architecture = { inputs: 1, hidden: [(MAX_HESSIAN_CHECK_PARAMS - 1) / 3 + 1], activation: "relu" };
    const P = 3 * big.hidden[0] + 1;
    expect(() => gradcheckNetwork(big, new Float64Array(P), one, "mse")).toThrow(`Hessian check needs P ≤ ${MAX_HESSIAN_CHECK_PARAMS} (got ${P})`);
  });
});

describe("Hessian entry points", () => {
  const arch: Architecture = { inputs: 1, hidden: [2], activation: "tanh" };
  const theta = new Float64Array([0.3, -0.8, 0.1, 0.2, 1.1, -0.7, 0.05]);
  it("reports each column's fraction done and refuses bad sizes", () => {
    const seen: number[] = [];
    denseHessian(arch, theta, one, "bce", (f) => seen.push(f), "reference");
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7].map((j) => j / 7));
    expect(() => denseHessian(arch, new Float64Array(6), one, "bce")).toThrow("theta has 6 entries, the architecture 7");
    const w = Math.ceil((MAX_DENSE_HESSIAN_PARAMS - 1) / 3) + 1;
    expect(() => denseHessian({ inputs: 1, hidden: [w], activation: "tanh" }, new Float64Array(3 * w + 1), one, "bce")).toThrow(
      `dense Hessian needs P ≤ ${MAX_DENSE_HESSIAN_PARAMS} (got ${3 * w + 1})`,
    );
  });
  it("needs a forward pass with f″, and takes a kernel workspace or the reference alike", () => {
    const pass = forward(arch, theta, one, "bce");
    expect(() => hessianVectorInto({ pass, back: { delta: [], back: [], grad: new Float64Array(7) }, theta }, new Float64Array(7), new Float64Array(7))).toThrow(
      "the forward pass was run without second derivatives",
    );
    const v = Float64Array.from({ length: 7 }, (_, i) => Math.sin(i + 1));
    const ref = hessianVector(arch, theta, one, "bce", v, { engine: "reference" });
    const ws = createCurvatureWorkspace(arch, one, "bce");
    for (const opts of [{ workspace: ws }, {}, "fast" as const]) {
      const hv = hessianVector(arch, theta, one, "bce", v, opts);
      for (let i = 0; i < 7; i++) expect(Math.abs(hv[i] - ref[i])).toBeLessThan(1e-14);
    }
  });
});

describe("network trainer", () => {
  it("counts epochs and steps, refuses a start of the wrong length, a bad `every` and zero epochs", () => {
    const arch: Architecture = { inputs: 1, hidden: [2], activation: "tanh" };
    const data: Table = { x: new Float64Array([0, 1, 2, 3, 4]), y: new Float64Array([0, 0, 1, 1, 1]), inputs: 1, source: "t" };
    const config = { loss: "bce" as const, batchSize: 2, epochs: 3, shuffle: false, optimizer: "sgd" as const, optimizerOptions: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: 0.1 } };
    const start = new Float64Array([0.3, -0.8, 0.1, 0.2, 1.1, -0.7, 0.05]);
    const t = networkTrainer(arch, start, data, config, null);
    expect([t.epochsDone, t.stepsDone]).toEqual([0, 0]);
    t.runEpoch();
    // ceil(5 / 2) = 3 steps per epoch.
    expect([t.epochsDone, t.stepsDone]).toEqual([1, 3]);
    t.runEpoch();
    expect([t.epochsDone, t.stepsDone]).toEqual([2, 6]);
    expect(() => networkTrainer(arch, new Float64Array(6), data, config, null)).toThrow("start has 6 entries, the architecture 7");
    expect(() => trainNetwork(arch, start, data, config, null, { every: -1 })).toThrow("every must be a non-negative integer (got -1)");
    expect(() => trainNetwork(arch, start, data, config, null, { every: 1.5 })).toThrow(RangeError);
    expect(() => trainNetwork(arch, start, data, { ...config, epochs: 0 })).toThrow("epochs must be a positive integer");
  });
});

describe("Gauss–Newton products", () => {
  // 2-3-2-1 tanh: two hidden layers, so J v goes through the R{a} W term twice.
  const arch: Architecture = { inputs: 2, hidden: [3, 2], activation: "tanh" };
  const rng = seededRandom(8);
  const theta = Float64Array.from({ length: 20 }, () => 2 * rng() - 1);
  const data: Table = { x: Float64Array.of(0.3, -1, 1.2, 0.4, -0.6, 0.8, 0.1, 0.2), y: Float64Array.of(1, 0, 0, 1), inputs: 2, source: "four" };
  const logits = (t: Float64Array) => forward(arch, t, data, "bce").z[2];
  // J (n × P) by central differences of the logits; error O(h²) ≈ 1e-10.
  const h = 1e-5;
  const J = Array.from({ length: 20 }, (_, j) => {
    const p = Float64Array.from(theta), m = Float64Array.from(theta);
    p[j] += h;
    m[j] -= h;
    const zp = logits(p), zm = logits(m);
    return Array.from(zp, (z, i) => (z - zm[i]) / (2 * h));
  });
  const v = Float64Array.from({ length: 20 }, (_, j) => Math.cos(3 * j));
  it.each(["bce", "mse"] as const)("%s: G v = (1/n) Σ_i h_i J_i (J_i·v), h = σ′ for bce and 2σ′² for mse", (loss) => {
    const p = forward(arch, theta, data, loss).a[2];
    const jv = jacobianVector(ggnState(arch, theta, data, loss), v);
    const out = new Float64Array(20);
    ggnOperator(arch, theta, data, loss).apply(v, out);
    for (let i = 0; i < 4; i++) {
      const ref = J.reduce((s, col, j) => s + col[i] * v[j], 0);
      expect(Math.abs(jv[i] - ref)).toBeLessThan(1e-8);
    }
    for (let j = 0; j < 20; j++) {
      let g = 0;
      for (let i = 0; i < 4; i++) {
        const s1 = p[i] * (1 - p[i]);
        const hi = loss === "bce" ? s1 : 2 * s1 * s1;
        g += (hi * J[j][i] * J.reduce((s, col, k) => s + col[i] * v[k], 0)) / 4;
      }
      expect(Math.abs(out[j] - g)).toBeLessThan(1e-8);
    }
    expect(() => ggnState(arch, new Float64Array(19), data, loss)).toThrow("theta has 19 entries, the architecture 20");
  });
});
