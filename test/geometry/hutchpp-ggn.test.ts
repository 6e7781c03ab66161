// Hutch++ against the exact trace, the GGN product against Jᵀ H_out J built densely from
// finite-difference Jacobians, and the per-layer block traces against the dense blocks.

import { describe, expect, it } from "vitest";
import { hutchinsonTrace } from "../../src/curvature/hutchinson.js";
import { compareTraceEstimators, hutchppTrace } from "../../src/curvature/hutchpp.js";
import { denseOf, denseOperator, hessianOperator, layerBlocks } from "../../src/curvature/operator.js";
import { hessianReportOf } from "../../src/curvature/report.js";
import { seededRandom } from "../../src/init/random.js";
import { parameterCount, type Architecture } from "../../src/nn/architecture.js";
import { builtinTable } from "../../src/nn/datasets.js";
import { forward } from "../../src/nn/forward.js";
import { ggnOperator } from "../../src/nn/ggn.js";
import { denseHessian } from "../../src/nn/hessian.js";
import { initializeNetwork } from "../../src/nn/init.js";
import { symmetricEigenvalues } from "../../src/nn/symmetric-eigen.js";

/** Q diag(λ) Qᵀ with a random orthogonal Q (Gram–Schmidt of a seeded matrix). */
function withSpectrum(lambda: number[], seed: number): Float64Array {
  const n = lambda.length;
  const rng = seededRandom(seed);
  const q: Float64Array[] = [];
  while (q.length < n) {
    const v = Float64Array.from({ length: n }, () => rng() - 0.5);
    for (const u of q) {
      const c = u.reduce((s, x, i) => s + x * v[i], 0);
      for (let i = 0; i < n; i++) v[i] -= c * u[i];
    }
    const nv = Math.hypot(...v);
    q.push(v.map((x) => x / nv));
  }
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = lambda.reduce((s, l, k) => s + l * q[k][i] * q[k][j], 0);
  return a;
}

describe("Hutch++", () => {
  it("is exact (to rounding) for a matrix of rank ≤ m/3, where Hutchinson is not", () => {
    const n = 40;
    const lambda = Array.from({ length: n }, (_, i) => (i < 5 ? 10 * (i + 1) : 0));
    const op = denseOperator(withSpectrum(lambda, 1), n);
    const exact = lambda.reduce((a, b) => a + b, 0);
    const h = hutchppTrace(op, 18, 3);
    expect(h.products).toBe(18);
    expect(h.rank).toBe(5);
    expect(Math.abs(h.trace - exact)).toBeLessThan(1e-10 * exact);
    expect(Math.abs(hutchinsonTrace(op, 18, 3).trace - exact)).toBeGreaterThan(1e-3 * exact);
  });

  it("beats Hutchinson's RMS error at the same budget on a decaying spectrum, and is unbiased within its spread", () => {
    const n = 60;
    const lambda = Array.from({ length: n }, (_, i) => 100 / (1 + i) ** 2);
    const op = denseOperator(withSpectrum(lambda, 2), n);
    const exact = lambda.reduce((a, b) => a + b, 0);
    const c = compareTraceEstimators(op, 30, 40, 0);
    const rms = (e: number[]) => Math.sqrt(e.reduce((s, x) => s + (x - exact) ** 2, 0) / e.length);
    expect(rms(c.hutchpp.estimates)).toBeLessThan(0.3 * rms(c.hutchinson.estimates));
    expect(Math.abs(c.hutchpp.mean - exact)).toBeLessThan((4 * c.hutchpp.sd) / Math.sqrt(40) + 1e-12);
  });

  it("on a network Hessian is exact once its sketch spans the space (3P products)", () => {
    const arch: Architecture = { inputs: 2, hidden: [6, 5], activation: "tanh" };
    const data = builtinTable("moons", { samples: 60, noise: null, dataSeed: 0 });
    const theta = initializeNetwork(arch, { kind: "xavier-normal" }, seededRandom(1), 1, data).theta;
    const H = denseHessian(arch, theta, data, "bce");
    const P = theta.length;
    let tr = 0;
    for (let i = 0; i < P; i++) tr += H[i * P + i];
    const op = hessianOperator(arch, theta, data, "bce");
    const est = hutchppTrace(op, 3 * P, 0);
    expect(Math.abs(est.trace - tr)).toBeLessThan(1e-9 * Math.abs(tr) + 1e-12);
  });
});

describe("generalized Gauss–Newton products", () => {
  const data = builtinTable("moons", { samples: 30, noise: null, dataSeed: 0 });

  /** J (n × P) of the output logits by central differences of the forward pass. */
  function jacobianFd(arch: Architecture, theta: Float64Array): Float64Array {
    const P = theta.length, n = data.y.length;
    const J = new Float64Array(n * P);
    for (let j = 0; j < P; j++) {
      const h = 1e-6 * Math.max(1, Math.abs(theta[j]));
      const tp = Float64Array.from(theta), tm = Float64Array.from(theta);
      tp[j] += h;
      tm[j] -= h;
      const zp = forward(arch, tp, data, "bce").z.at(-1)!, zm = forward(arch, tm, data, "bce").z.at(-1)!;
      for (let i = 0; i < n; i++) J[i * P + j] = (zp[i] - zm[i]) / (2 * h);
    }
    return J;
  }

  for (const [loss, act] of [["bce", "tanh"], ["mse", "sigmoid"]] as const) {
    it(`${loss}: G v equals Jᵀ H_out J v with J from finite differences, and G's eigenvalues are ≥ 0`, () => {
      const arch: Architecture = { inputs: 2, hidden: [4, 3], activation: act };
      const theta = initializeNetwork(arch, { kind: "xavier-normal" }, seededRandom(3), 1, data).theta;
      const P = parameterCount(arch), n = data.y.length;
      const J = jacobianFd(arch, theta);
      const p = forward(arch, theta, data, loss).a.at(-1)!;
      const h = Float64Array.from(p, (pi) => (loss === "bce" ? pi * (1 - pi) : 2 * (pi * (1 - pi)) ** 2));
      const G = new Float64Array(P * P);
      for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += J[i * P + a] * h[i] * J[i * P + b];
        G[a * P + b] = s / n;
      }
      const Gop = denseOf(ggnOperator(arch, theta, data, loss));
      let maxG = 0;
      for (const v of G) maxG = Math.max(maxG, Math.abs(v));
      for (let k = 0; k < P * P; k++) expect(Math.abs(Gop[k] - G[k])).toBeLessThan(1e-6 * maxG);
      const ev = symmetricEigenvalues(Gop, P);
      expect(ev[0]).toBeGreaterThan(-1e-12 * ev[P - 1]);
    });
  }

  it("equals the Hessian for the one-neuron model under cross-entropy (the loss is convex in z and z is linear in θ)", () => {
    const arch: Architecture = { inputs: 2, hidden: [], activation: "tanh" };
    const theta = Float64Array.from([0.7, -1.3, 0.2]);
    const G = denseOf(ggnOperator(arch, theta, data, "bce"));
    const H = denseHessian(arch, theta, data, "bce");
    for (let k = 0; k < 9; k++) expect(G[k]).toBeCloseTo(H[k], 14);
  });
});

describe("per-layer blocks", () => {
  it("give each block's trace (Hutchinson beside the dense block's) and density", () => {
    const arch: Architecture = { inputs: 2, hidden: [5, 4], activation: "tanh" };
    const data = builtinTable("moons", { samples: 40, noise: null, dataSeed: 0 });
    const theta = initializeNetwork(arch, { kind: "he" }, seededRandom(2), 1, data).theta;
    const op = hessianOperator(arch, theta, data, "mse");
    const r = hessianReportOf(op, () => denseHessian(arch, theta, data, "mse"), layerBlocks(arch), {
      top: 0, bottom: 0, vectors: false, traceProbes: 2000, density: { probes: 2, steps: 20, bins: 50, sigma2: 1e-5, pad: 0.01 }, perLayer: true, exact: true, seed: 0, hutchpp: true, traceRepeats: 3,
    });
    const H = denseHessian(arch, theta, data, "mse");
    const P = theta.length;
    for (const [i, b] of layerBlocks(arch).entries()) {
      const l = r.perLayer![i];
      let tr = 0;
      for (let k = b.start; k < b.start + b.size; k++) tr += H[k * P + k];
      expect(l.trace!.exact).toBeCloseTo(tr, 12);
      expect(Math.abs(l.trace!.estimate - tr)).toBeLessThan(5 * l.trace!.standardError + 1e-12);
      expect(l.density!.steps).toBe(Math.min(20, b.size));
      expect(l.density!.mean).toBeCloseTo(tr / b.size, 1);
    }
    // 2000 products exceed 3P: the sketch spans the space and Hutch++ stops early, exact.
    expect(r.trace!.hutchpp!.products).toBeLessThanOrEqual(2 * P);
    expect(r.trace!.hutchpp!.trace).toBeCloseTo(r.trace!.exact!, 9);
    expect(r.trace!.repeats!.hutchinson.repeats).toBe(3);
    expect(r.trace!.repeats!.hutchinson.estimates[0]).toBe(r.trace!.trace);
  });
});
