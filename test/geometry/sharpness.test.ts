import { describe, expect, it } from "vitest";
import { denseOperator } from "../../src/curvature/operator.js";
import { networkObjective, type Objective } from "../../src/geometry/objective.js";
import { averageSharpness, worstCaseSharpness, type SharpnessOptions } from "../../src/geometry/sharpness.js";
import { seededRandom } from "../../src/init/random.js";
import { layerShapes, parameterCount, type Architecture } from "../../src/nn/architecture.js";
import { builtinTable } from "../../src/nn/datasets.js";
import { initializeNetwork } from "../../src/nn/init.js";

const opts = (o: Partial<SharpnessOptions>): SharpnessOptions => ({ kind: "keskar", radius: 1e-3, subspace: null, restarts: 4, iterations: 200, tol: 1e-12, seed: 1, ...o });

/** L(θ) = ½ θᵀ A θ + cᵀθ as an objective: everything known in closed form. */
function quadratic(a: Float64Array, c: Float64Array): Objective {
  const n = c.length;
  const op = denseOperator(a, n);
  const av = new Float64Array(n);
  const value = (t: Float64Array): number => {
    op.apply(t, av);
    let s = 0;
    for (let i = 0; i < n; i++) s += 0.5 * t[i] * av[i] + c[i] * t[i];
    return s;
  };
  return {
    size: n,
    loss: value,
    lossGrad(t, g) {
      const f = value(t);
      for (let i = 0; i < n; i++) g[i] = av[i] + c[i];
      return f;
    },
    evaluate: (t) => ({ loss: value(t), accuracy: 1 }),
    hessian: () => op,
  };
}

function spd(n: number, seed: number): Float64Array {
  const rng = seededRandom(seed);
  const b = Float64Array.from({ length: n * n }, () => rng() - 0.5);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = i === j ? 0.1 : 0;
    for (let k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
    a[i * n + j] = s;
  }
  return a;
}

/** Max of f over every corner of the box |δ_i| ≤ bound_i. */
function cornerMax(obj: Objective, theta: Float64Array, bound: Float64Array): number {
  const P = theta.length;
  let best = -Infinity;
  const p = new Float64Array(P);
  for (let mask = 0; mask < 1 << P; mask++) {
    for (let i = 0; i < P; i++) p[i] = theta[i] + ((mask >> i) & 1 ? bound[i] : -bound[i]);
    best = Math.max(best, obj.loss(p));
  }
  return best;
}

/** Max of f over a dense grid of m points per axis of the box (m^P points). */
function gridMax(obj: Objective, theta: Float64Array, bound: Float64Array, m: number): number {
  const P = theta.length;
  let best = -Infinity;
  const p = new Float64Array(P);
  const idx = new Array(P).fill(0);
  for (;;) {
    for (let i = 0; i < P; i++) p[i] = theta[i] + bound[i] * (-1 + (2 * idx[i]) / (m - 1));
    best = Math.max(best, obj.loss(p));
    let k = 0;
    while (k < P && ++idx[k] === m) idx[k++] = 0;
    if (k === P) return best;
  }
}

describe("Keskar ε-sharpness", () => {
  it("on a convex quadratic (maximum at a corner) equals the brute-force corner maximum", () => {
    const n = 6;
    const obj = quadratic(spd(n, 3), Float64Array.from({ length: n }, (_, i) => 0.1 * (i - 2)));
    const theta = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const eps = 0.05;
    const bound = Float64Array.from(theta, (t) => eps * (Math.abs(t) + 1));
    const r = worstCaseSharpness(obj, theta, opts({ radius: eps, restarts: 8 }));
    const brute = cornerMax(obj, theta, bound);
    expect(Math.abs(r.maxLoss - brute)).toBeLessThan(1e-12 * Math.abs(brute) + 1e-14);
    const L = obj.loss(theta);
    expect(r.value).toBeCloseTo((100 * (brute - L)) / (1 + L), 10);
    expect(r.projectedGradientNorm).toBe(0);
  });

  it("on a network with P ≤ 8 is at least the maximum over the box's corners and a dense grid", () => {
    const arch: Architecture = { inputs: 1, hidden: [2], activation: "tanh" };
    expect(parameterCount(arch)).toBe(7);
    const data = builtinTable("seed", { samples: 40, noise: null, dataSeed: 0 });
    const obj = networkObjective(arch, data, "bce");
    const theta = initializeNetwork(arch, { kind: "xavier-normalized" }, seededRandom(2), 1, data).theta;
    for (const eps of [0.05, 0.3]) {
      const bound = Float64Array.from(theta, (t) => eps * (Math.abs(t) + 1));
      const r = worstCaseSharpness(obj, theta, opts({ radius: eps, restarts: 6 }));
      const corners = cornerMax(obj, theta, bound);
      const grid = gridMax(obj, theta, bound, 4);
      expect(r.maxLoss).toBeGreaterThanOrEqual(Math.max(corners, grid) - 1e-12);
      expect(r.maxLoss).toBeGreaterThanOrEqual(r.loss);
      // The maximizer lies in the box and gives the reported loss.
      for (let i = 0; i < theta.length; i++) expect(Math.abs(r.delta![i])).toBeLessThanOrEqual(bound[i] * (1 + 1e-15));
      expect(obj.loss(theta.map((t, i) => t + r.delta![i]))).toBe(r.maxLoss);
    }
  });

  it("the random-subspace variant stays inside its box and finds the subspace corner maximum of a convex quadratic", () => {
    const n = 8;
    const obj = quadratic(spd(n, 5), new Float64Array(n));
    const theta = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    const r = worstCaseSharpness(obj, theta, opts({ radius: 0.1, subspace: 3, restarts: 8 }));
    expect(r.subspace).toEqual({ dim: 3, seed: 1 });
    expect(r.maxLoss).toBeGreaterThan(r.loss);
    expect(obj.loss(theta.map((t, i) => t + r.delta![i]))).toBeCloseTo(r.maxLoss, 12);
  });
});

describe("adaptive sharpness", () => {
  const arch: Architecture = { inputs: 2, hidden: [6, 5], activation: "relu" };
  const data = builtinTable("moons", { samples: 60, noise: null, dataSeed: 0 });
  const theta = initializeNetwork(arch, { kind: "he" }, seededRandom(4), 1, data).theta;

  /** Hidden layer l's weights and bias times c, layer l+1's weights times 1/c: the same function for ReLU. */
  function rescale(t: Float64Array, l: number, c: number): Float64Array {
    const out = Float64Array.from(t);
    const s = layerShapes(arch);
    for (let i = s[l].weightOffset; i < s[l].biasOffset + s[l].fanOut; i++) out[i] *= c;
    for (let i = s[l + 1].weightOffset; i < s[l + 1].biasOffset; i++) out[i] /= c;
    return out;
  }

  it("ReLU rescaling by c and 1/c changes Keskar sharpness but not adaptive sharpness (∞- and 2-norm)", () => {
    const obj = networkObjective(arch, data, "bce");
    const scaled = rescale(rescale(theta, 0, 7), 1, 0.25);
    expect(Math.abs(obj.loss(scaled) - obj.loss(theta))).toBeLessThan(1e-13);
    const k0 = worstCaseSharpness(obj, theta, opts({ radius: 1e-2 }));
    const k1 = worstCaseSharpness(obj, scaled, opts({ radius: 1e-2 }));
    expect(Math.abs(k1.value - k0.value) / k0.value).toBeGreaterThan(0.1);
    for (const kind of ["adaptive-inf", "adaptive-2"] as const) {
      const a0 = worstCaseSharpness(obj, theta, opts({ kind, radius: 0.05 }));
      const a1 = worstCaseSharpness(obj, scaled, opts({ kind, radius: 0.05 }));
      expect(a0.value).toBeGreaterThan(0);
      expect(Math.abs(a1.value - a0.value) / a0.value).toBeLessThan(1e-6);
    }
  });

  it("the 2-norm maximizer satisfies ‖δ/|θ|‖₂ ≤ ρ", () => {
    const obj = networkObjective(arch, data, "bce");
    const r = worstCaseSharpness(obj, theta, opts({ kind: "adaptive-2", radius: 0.1 }));
    let s = 0;
    for (let i = 0; i < theta.length; i++) if (theta[i] !== 0) s += (r.delta![i] / theta[i]) ** 2;
    expect(Math.sqrt(s)).toBeLessThanOrEqual(0.1 * (1 + 1e-12));
  });
});

describe("average-case sharpness", () => {
  it("on a quadratic estimates ½σ² tr A within its confidence interval", () => {
    const n = 8;
    const a = spd(n, 9);
    const obj = quadratic(a, new Float64Array(n));
    let tr = 0;
    for (let i = 0; i < n; i++) tr += a[i * n + i];
    const sigma = 0.3;
    const r = averageSharpness(obj, new Float64Array(n), sigma, 4000, 2);
    const truth = 0.5 * sigma * sigma * tr;
    expect(Math.abs(r.mean - truth)).toBeLessThan(4 * r.standardError);
    expect(r.ci95[0]).toBeLessThan(r.mean);
    expect(r.standardError).toBeGreaterThan(0);
  });
});
