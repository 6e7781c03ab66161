import { describe, expect, it } from "vitest";
import { activationMatching, unitCorrelations, weightMatching } from "../../src/geometry/align.js";
import { maximizeAssignment } from "../../src/geometry/assignment.js";
import { connectReport } from "../../src/geometry/connect.js";
import { midpoint, trainBend } from "../../src/geometry/curve-train.js";
import { networkObjective } from "../../src/geometry/objective.js";
import { barrier, curvePath, linearPath, profile, tGrid } from "../../src/geometry/paths.js";
import { invertPermutation, permuteHidden } from "../../src/geometry/permute.js";
import { seededRandom } from "../../src/init/random.js";
import type { Architecture } from "../../src/nn/architecture.js";
import { builtinTable } from "../../src/nn/datasets.js";
import { evaluateNetwork, forward } from "../../src/nn/forward.js";
import { initializeNetwork } from "../../src/nn/init.js";
import { DEFAULT_OPTIMIZER_OPTIONS } from "../../src/train/optimizers.js";

const data = builtinTable("moons", { samples: 80, noise: null, dataSeed: 0 });
const draw = (arch: Architecture, seed: number): Float64Array => initializeNetwork(arch, { kind: "xavier-normal" }, seededRandom(seed), 1, data).theta;

function randomPerm(n: number, rng: () => number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** Every permutation of 0…n−1. */
function allPerms(n: number): Int32Array[] {
  if (n === 0) return [new Int32Array(0)];
  return allPerms(n - 1).flatMap((p) => Array.from({ length: n }, (_, k) => Int32Array.from([...p.slice(0, k), n - 1, ...p.slice(k)])));
}

const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, i) => s + v * b[i], 0);

describe("linear assignment", () => {
  it("equals the best of all permutations for n ≤ 6", () => {
    const rng = seededRandom(5);
    for (const n of [1, 2, 3, 5, 6]) {
      const S = Float64Array.from({ length: n * n }, () => rng() - 0.5);
      const pi = maximizeAssignment(S, n);
      const best = Math.max(...allPerms(n).map((p) => p.reduce((s, j, i) => s + S[i * n + j], 0)));
      expect(pi.reduce((s, j, i) => s + S[i * n + j], 0)).toBeCloseTo(best, 13);
    }
  });
});

describe("permutation alignment", () => {
  it("a permuted copy of A is recovered exactly by weight and activation matching: same θ, inverse permutation, zero barrier", () => {
    const arch: Architecture = { inputs: 2, hidden: [6, 5, 4], activation: "tanh" };
    const a = draw(arch, 1);
    const rng = seededRandom(9);
    const sigma = arch.hidden.map((w) => randomPerm(w, rng));
    const b = permuteHidden(arch, a, sigma);
    const obj = networkObjective(arch, data, "bce");
    expect(obj.loss(b)).toBeCloseTo(obj.loss(a), 14);
    for (const al of [weightMatching(arch, a, b, 0), activationMatching(arch, a, b, data, "bce")]) {
      expect(Array.from(al.aligned)).toEqual(Array.from(a));
      al.perms.forEach((p, l) => expect(Array.from(p)).toEqual(Array.from(invertPermutation(sigma[l]))));
      const r = connectReport({ train: obj, test: null, mlp: { arch, data, loss: "bce" } }, a, b, { points: 21, align: al.method, curve: null, bendStart: null, planeGrid: 0, seed: 0 });
      expect(r.aligned!.barrier.height).toBe(0);
      expect(r.linear.barrier.height).toBeGreaterThan(0);
      expect(r.barrierDrop!.drop).toBe(r.linear.barrier.height);
    }
  });

  it("weight matching with one hidden layer of width 5 finds the best of all 120 permutations", () => {
    const arch: Architecture = { inputs: 2, hidden: [5], activation: "relu" };
    for (const seed of [1, 2, 3]) {
      const a = draw(arch, seed), b = draw(arch, seed + 10);
      const al = weightMatching(arch, a, b, 0);
      const best = Math.max(...allPerms(5).map((p) => dot(a, permuteHidden(arch, b, [p]))));
      expect(al.after).toBeCloseTo(best, 12);
      expect(al.after).toBeGreaterThanOrEqual(al.before - 1e-12);
    }
  });

  it("weight matching with two hidden layers (widths 4, 3) stops where no single layer's permutation improves, checked exhaustively", () => {
    const arch: Architecture = { inputs: 2, hidden: [4, 3], activation: "tanh" };
    const a = draw(arch, 4), b = draw(arch, 5);
    const al = weightMatching(arch, a, b, 3);
    for (const p of allPerms(4)) expect(dot(a, permuteHidden(arch, b, [p, al.perms[1]]))).toBeLessThanOrEqual(al.after + 1e-12);
    for (const p of allPerms(3)) expect(dot(a, permuteHidden(arch, b, [al.perms[0], p]))).toBeLessThanOrEqual(al.after + 1e-12);
    // Coordinate descent is local: it never exceeds the exhaustive optimum over both layers.
    let best = -Infinity;
    for (const p of allPerms(4)) for (const q of allPerms(3)) best = Math.max(best, dot(a, permuteHidden(arch, b, [p, q])));
    expect(al.after).toBeLessThanOrEqual(best + 1e-12);
  });

  it("activation matching maximizes each layer's summed correlation over all permutations (widths 5, 4)", () => {
    const arch: Architecture = { inputs: 2, hidden: [5, 4], activation: "tanh" };
    const a = draw(arch, 6), b = draw(arch, 7);
    const al = activationMatching(arch, a, b, data, "mse");
    const pa = forward(arch, a, data, "mse"), pb = forward(arch, b, data, "mse");
    let total = 0;
    arch.hidden.forEach((w, l) => {
      const C = unitCorrelations(pa.a[l], pb.a[l], pa.n, w);
      total += Math.max(...allPerms(w).map((p) => p.reduce((s, j, i) => s + C[i * w + j], 0)));
      // Correlations against a direct two-pass computation for one pair.
      const xa = Array.from({ length: pa.n }, (_, s) => pa.a[l][s * w]), xb = Array.from({ length: pa.n }, (_, s) => pb.a[l][s * w + 1]);
      const m = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
      const ma = m(xa), mb = m(xb);
      const cov = m(xa.map((v, s) => (v - ma) * (xb[s] - mb)));
      const r = cov / Math.sqrt(m(xa.map((v) => (v - ma) ** 2)) * m(xb.map((v) => (v - mb) ** 2)));
      expect(C[1]).toBeCloseTo(r, 12);
    });
    expect(al.after).toBeCloseTo(total, 12);
  });
});

describe("paths and barriers", () => {
  const arch: Architecture = { inputs: 2, hidden: [8], activation: "tanh" };
  // B: A with its hidden units permuted, the same function; the line between them rises.
  const a = draw(arch, 1), b = permuteHidden(arch, a, [Int32Array.from([7, 6, 5, 4, 3, 2, 1, 0])]);
  const obj = networkObjective(arch, data, "bce");

  it("the barrier on N points equals the brute-force maximum over the same t, and approaches the dense-t barrier", () => {
    const dense = tGrid(4001).map((t) => {
      const p = a.map((v, i) => (1 - t) * v + t * b[i]);
      return evaluateNetwork(arch, p, data, "bce", { engine: "reference" }).loss - ((1 - t) * obj.loss(a) + t * obj.loss(b));
    });
    const denseMax = Math.max(...dense);
    expect(denseMax).toBeGreaterThan(1e-3);
    const fine = profile(obj, linearPath(a, b), tGrid(4001));
    expect(fine.barrier.height).toBeCloseTo(denseMax, 12);
    const coarse = profile(obj, linearPath(a, b), tGrid(51));
    expect(coarse.barrier.height).toBeLessThanOrEqual(denseMax + 1e-12);
    expect(coarse.barrier.height).toBeGreaterThan(0.95 * denseMax);
    expect(barrier([0, 0.5, 1], [1, 3, 2])).toEqual({ height: 1.5, t: 0.5 });
  });

  it("curves pass through A and B, the chain through its bend; a trained Bezier bend lowers E_t L", () => {
    const bend = midpoint(a, b).map((v, i) => v + 0.3 * Math.sin(i));
    const out = new Float64Array(a.length);
    for (const kind of ["bezier", "polychain"] as const) {
      curvePath(kind, a, bend, b)(0, out);
      expect(Array.from(out)).toEqual(Array.from(a));
      curvePath(kind, a, bend, b)(1, out);
      expect(Array.from(out)).toEqual(Array.from(b));
    }
    curvePath("polychain", a, bend, b)(0.5, out);
    expect(Array.from(out)).toEqual(Array.from(bend));
    const t = tGrid(41);
    const mean = (bd: Float64Array, kind: "bezier" | "polychain") => profile(obj, curvePath(kind, a, bd, b), t).loss.reduce((s, v) => s + v, 0) / t.length;
    for (const kind of ["bezier", "polychain"] as const) {
      const start = midpoint(a, b);
      const trained = trainBend(obj, a, b, start, { kind, steps: 300, optimizer: "adam", options: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: 0.02 }, seed: 3 });
      expect(trained.history).toHaveLength(300);
      expect(mean(trained.bend, kind)).toBeLessThan(0.8 * mean(start, kind));
    }
  });

  it("the bend's gradient c(t)·∇L matches finite differences of L(φ(t)) in the bend", () => {
    const bend = midpoint(a, b);
    const g = new Float64Array(a.length), p = new Float64Array(a.length);
    for (const kind of ["bezier", "polychain"] as const) {
      for (const t of [0.2, 0.5, 0.7]) {
        curvePath(kind, a, bend, b)(t, p);
        obj.lossGrad(p, g);
        const c = kind === "bezier" ? 2 * t * (1 - t) : t <= 0.5 ? 2 * t : 2 * (1 - t);
        for (const i of [0, 5, 20]) {
          const h = 1e-5;
          const f = (d: number) => {
            const bd = Float64Array.from(bend);
            bd[i] += d;
            curvePath(kind, a, bd, b)(t, p);
            return obj.loss(p);
          };
          expect((f(h) - f(-h)) / (2 * h)).toBeCloseTo(c * g[i], 7);
        }
      }
    }
  });

  it("the plane through A, B and the bend holds the curve (off-plane distance ~ rounding)", () => {
    const bend = midpoint(a, b).map((v, i) => v + 0.2 * Math.cos(i));
    const r = connectReport({ train: obj, test: obj, mlp: null }, a, b, {
      points: 11, align: null, curve: { kind: "bezier", steps: 20, optimizer: "sgd", options: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: 0.01 }, seed: 1 }, bendStart: bend, planeGrid: 9, seed: 0,
    });
    const plane = r.plane!;
    expect(plane.offPlane).toBeLessThan(1e-12);
    expect(plane.curve[0][0]).toBeCloseTo(0, 12);
    expect(plane.curve[10][0]).toBeCloseTo(plane.b[0], 12);
    expect(plane.loss).toHaveLength(81);
    expect(r.curve!.test!.loss).toEqual(r.curve!.loss);
  });
});
