// Worst-case sharpness: the largest loss increase max_{δ ∈ C} L(θ + δ) − L(θ) over a
// neighbourhood C of θ, by projected gradient ascent from several starts (ascent.ts).
//   keskar        C = {|δ_i| ≤ ε(|θ_i| + 1)} (Keskar et al. 2017, eq. 4), reported as
//                 100·(max − L)/(1 + L) as in the paper; optionally in a random subspace.
//   adaptive-inf  C = {|δ_i| ≤ ρ|θ_i|}        (Kwon et al. 2021, ASAM, ∞-norm)
//   adaptive-2    C = {‖δ ⊘ |θ|‖₂ ≤ ρ}        (the same with the 2-norm), reported as max − L.
// The adaptive sets scale with θ, so they are invariant to rescalings that leave the
// function unchanged (a ReLU layer by c, the next by 1/c); the Keskar box is not.
// The ascent is local: the reported maximum is attained (a lower bound on the true one),
// and the projected-gradient norm says how close to stationary the best point is.

import { randomNormal } from "d3-random";
import { seededRandom, type Random } from "../init/random.js";
import { ballProjection, boxProjection, projectedAscent, type AscentProblem, type AscentResult } from "./ascent.js";
import type { Objective } from "./objective.js";
import { pseudoInverseApply, randomSubspace, subspaceApply, subspaceTranspose, type RandomSubspace } from "./subspace.js";

export type SharpnessKind = "keskar" | "adaptive-inf" | "adaptive-2";

export interface SharpnessOptions {
  kind: SharpnessKind;
  /** ε for keskar, ρ for the adaptive kinds (> 0). */
  radius: number;
  /** Random subspace dimension K (keskar only); null = the full space. */
  subspace: number | null;
  /** Starts of the ascent: the first from the linearized maximizer, the rest random in C (each its own seeded generator: startSeed). */
  restarts: number;
  /** Iteration cap per start. */
  iterations: number;
  /** Stop a start once its projected-gradient norm is at most this. */
  tol: number;
  seed: number;
}

export const DEFAULT_SHARPNESS_ITERATIONS = 100;
export const DEFAULT_RESTARTS = 4;
export const DEFAULT_ASCENT_TOL = 1e-12;

export interface StartResult {
  maxLoss: number;
  iterations: number;
  evaluations: number;
  projectedGradientNorm: number;
  stop: AscentResult["stop"];
}

export interface SharpnessResult {
  kind: SharpnessKind;
  radius: number;
  subspace: { dim: number; seed: number } | null;
  /** L(θ). */
  loss: number;
  /** Largest loss found in C (at least L(θ): δ = 0 is in C). */
  maxLoss: number;
  /** maxLoss − L(θ). */
  increase: number;
  /** keskar: 100·increase/(1 + L); adaptive: increase. */
  value: number;
  /** Index of the start that found maxLoss (−1: none rose above L(θ)). */
  best: number;
  /** The best start's certificate (0 when best is −1: δ = 0 is then reported). */
  projectedGradientNorm: number;
  /** Accepted ascent steps over all starts. */
  iterations: number;
  evaluations: number;
  starts: StartResult[];
  /** The maximizer δ in parameter space (0 when no start rose; null when assembled from tiles, which do not keep it). */
  delta: Float64Array | null;
  solver: string;
}

export const SOLVER = "projected gradient ascent (spectral step, Armijo arc search) with restarts";

interface Problem extends AscentProblem {
  /** The linearized maximizer of the first start. */
  linearStart(g: Float64Array): Float64Array;
  randomStart(rng: Random): Float64Array;
  /** δ in parameter space from the problem's variable. */
  toDelta(x: Float64Array): Float64Array;
}

/** f(δ) = L(θ + δ) with δ = map(x), ∇_x = mapᵀ ∇L. */
function lossProblem(obj: Objective, theta: Float64Array, dim: number, map: (x: Float64Array, out: Float64Array) => void, mapT: (g: Float64Array, out: Float64Array) => void) {
  const P = obj.size;
  const point = new Float64Array(P), delta = new Float64Array(P), grad = new Float64Array(P);
  return (x: Float64Array, gx: Float64Array): number => {
    map(x, delta);
    for (let i = 0; i < P; i++) point[i] = theta[i] + delta[i];
    const f = obj.lossGrad(point, grad);
    mapT(grad, gx);
    return f;
  };
}

function boxProblem(obj: Objective, theta: Float64Array, bound: Float64Array, sub: RandomSubspace | null): Problem {
  const dim = bound.length;
  const map = sub ? (x: Float64Array, out: Float64Array) => subspaceApply(sub, x, out) : (x: Float64Array, out: Float64Array) => out.set(x);
  const mapT = sub ? (g: Float64Array, out: Float64Array) => subspaceTranspose(sub, g, out) : (g: Float64Array, out: Float64Array) => out.set(g);
  return {
    dim,
    valueGrad: lossProblem(obj, theta, dim, map, mapT),
    project: boxProjection(bound),
    linearStart: (g) => Float64Array.from(bound, (b, i) => (g[i] < 0 ? -b : b)),
    randomStart: (rng) => Float64Array.from(bound, (b) => (2 * rng() - 1) * b),
    toDelta(x) {
      const d = new Float64Array(obj.size);
      map(x, d);
      return d;
    },
  };
}

/** δ = |θ| ⊙ u with ‖u‖₂ ≤ ρ. */
function ballProblem(obj: Objective, theta: Float64Array, rho: number): Problem {
  const P = obj.size;
  const scale = Float64Array.from(theta, Math.abs);
  const map = (u: Float64Array, out: Float64Array) => {
    for (let i = 0; i < P; i++) out[i] = scale[i] * u[i];
  };
  const radial = (v: Float64Array): Float64Array => {
    let n = 0;
    for (let i = 0; i < P; i++) n += v[i] * v[i];
    n = Math.sqrt(n);
    return n > 0 ? v.map((t) => (t * rho) / n) : v;
  };
  return {
    dim: P,
    valueGrad: lossProblem(obj, theta, P, map, map),
    project: ballProjection(rho),
    linearStart: (g) => radial(Float64Array.from(g)),
    randomStart(rng) {
      const gauss = randomNormal.source(rng)(0, 1);
      const v = radial(Float64Array.from({ length: P }, () => gauss()));
      const r = rng() ** (1 / P);
      return v.map((t) => t * r);
    },
    toDelta(u) {
      const d = new Float64Array(P);
      map(u, d);
      return d;
    },
  };
}

/** Everything the ascent starts share: the problem, L(θ) and the gradient there. */
export interface SharpnessSetup {
  kind: SharpnessKind;
  radius: number;
  subspace: { dim: number; seed: number } | null;
  problem: Problem;
  loss: number;
  g0: Float64Array;
}

export function sharpnessSetup(obj: Objective, theta: Float64Array, opts: Pick<SharpnessOptions, "kind" | "radius" | "subspace" | "seed">): SharpnessSetup {
  const P = obj.size;
  if (theta.length !== P) throw new RangeError(`theta has ${theta.length} entries, the objective ${P}`);
  if (!(opts.radius > 0) || !Number.isFinite(opts.radius)) throw new RangeError(`the radius (ε or ρ) must be a finite number > 0 (got ${opts.radius})`);
  if (opts.subspace !== null && opts.kind !== "keskar") throw new RangeError("a random subspace applies to keskar sharpness only");
  let problem: Problem;
  let sub: RandomSubspace | null = null;
  if (opts.kind === "adaptive-2") {
    problem = ballProblem(obj, theta, opts.radius);
  } else if (opts.kind === "adaptive-inf") {
    problem = boxProblem(obj, theta, Float64Array.from(theta, (t) => opts.radius * Math.abs(t)), null);
  } else if (opts.subspace !== null) {
    sub = randomSubspace(P, opts.subspace, opts.seed);
    const z = pseudoInverseApply(sub, theta);
    problem = boxProblem(obj, theta, Float64Array.from(z, (t) => opts.radius * (Math.abs(t) + 1)), sub);
  } else {
    problem = boxProblem(obj, theta, Float64Array.from(theta, (t) => opts.radius * (Math.abs(t) + 1)), null);
  }
  const g0 = new Float64Array(problem.dim);
  const loss = problem.valueGrad(new Float64Array(problem.dim), g0);
  return { kind: opts.kind, radius: opts.radius, subspace: sub ? { dim: sub.K, seed: sub.seed } : null, problem, loss, g0 };
}

/**
 * The seed of random start r ≥ 1: the r-th 32-bit draw of `seed`'s generator. Each start
 * draws from its own generator, so any start can be computed alone (a tile of the
 * restarts) and gives the same numbers as in a whole run.
 */
export function startSeed(seed: number, r: number): number {
  const rng = seededRandom(seed);
  let s = 0;
  for (let k = 0; k < r; k++) s = Math.floor(rng() * 2 ** 32);
  return s;
}

/** Ascent start r (0: from the linearized maximizer; r ≥ 1: uniform in the set, seeded by startSeed). */
export function ascentStart(setup: SharpnessSetup, r: number, opts: Pick<SharpnessOptions, "iterations" | "tol" | "seed">): { result: StartResult; x: Float64Array } {
  const { problem } = setup;
  const start = r === 0 ? problem.linearStart(setup.g0) : problem.randomStart(seededRandom(startSeed(opts.seed, r)));
  const res = projectedAscent(problem, start, { iterations: opts.iterations, tol: opts.tol });
  return { result: { maxLoss: res.value, iterations: res.iterations, evaluations: res.evaluations, projectedGradientNorm: res.projectedGradientNorm, stop: res.stop }, x: res.x };
}

/** The measure from its starts (in order): the best start's maximum and certificate; `delta` from its x when known. */
export function combineStarts(setup: Pick<SharpnessSetup, "kind" | "radius" | "subspace" | "loss">, starts: StartResult[], delta: ((best: number) => Float64Array) | null = null): SharpnessResult {
  const { loss } = setup;
  let best = -1, bestValue = loss, bestPg = 0, iterations = 0, evaluations = 1;
  starts.forEach((s, r) => {
    iterations += s.iterations;
    evaluations += s.evaluations;
    if (s.maxLoss > bestValue) {
      best = r;
      bestValue = s.maxLoss;
      bestPg = s.projectedGradientNorm;
    }
  });
  const increase = bestValue - loss;
  return {
    kind: setup.kind,
    radius: setup.radius,
    subspace: setup.subspace,
    loss,
    maxLoss: bestValue,
    increase,
    value: setup.kind === "keskar" ? (100 * increase) / (1 + loss) : increase,
    best,
    projectedGradientNorm: bestPg,
    iterations,
    evaluations,
    starts,
    delta: delta === null ? null : best < 0 ? null : delta(best),
    solver: SOLVER,
  };
}

export function worstCaseSharpness(obj: Objective, theta: Float64Array, opts: SharpnessOptions): SharpnessResult {
  if (!Number.isInteger(opts.restarts) || opts.restarts < 1) throw new RangeError(`restarts must be a positive integer (got ${opts.restarts})`);
  const setup = sharpnessSetup(obj, theta, opts);
  const runs = Array.from({ length: opts.restarts }, (_, r) => ascentStart(setup, r, opts));
  const result = combineStarts(setup, runs.map((r) => r.result), (best) => setup.problem.toDelta(runs[best].x));
  return { ...result, delta: result.delta ?? new Float64Array(obj.size) };
}

export { averageSharpness, type AverageSharpness } from "./average-sharpness.js";
