// Stochastic Lanczos quadrature for the spectral density of a symmetric operator
// (Lin, Saad & Yang 2016; Ghorbani, Krishnan & Xiao 2019; PyHessian's density).
// For a unit probe v, m Lanczos steps give T_m = S diag(θ) Sᵀ, and the Gauss quadrature
// with nodes θ_i and weights w_i = S_{1i}² satisfies Σ_i w_i θ_i^k = vᵀ A^k v exactly for
// k < 2m. With normalized Rademacher probes E[vᵀ A^k v] = tr(A^k)/n, so the average of
// the probes' node measures estimates the eigenvalue density φ(t) = (1/n) Σ_j δ(t − λ_j).
// It is drawn smoothed by a Gaussian of variance s² = σ²·max(1, λ_hi − λ_lo) on a grid
// padded by `pad` on each side and renormalized to integrate to 1, as PyHessian does.
// PyHessian's pad and σ² are absolute below a range of 1, so a spectrum much narrower
// than the kernel (a flat point: |λ| ~ 1e−9) is drawn as the kernel alone. The "relative"
// smoothing applies the same rule to the spectrum rescaled to [−1, 1] (t ↦ (t − mid)/h,
// h the half-range of the nodes, as Lin, Saad & Yang 2016 normalize before smoothing),
// i.e. pad·h on each side and variance σ²·max(1, range/h)·h², so the kernel keeps the
// same width relative to the spectrum whatever its scale.

import { seededRandom } from "../init/random.js";
import { rademacherInto } from "./hutchinson.js";
import { lanczos } from "./lanczos.js";
import type { SymmetricOperator } from "./operator.js";
import { tridiagonalEigen } from "./tridiagonal-eigen.js";

export interface DensityOptions {
  /** Number of probe vectors (default 1, PyHessian's default). */
  probes: number;
  /** Lanczos steps per probe (capped at the dimension). */
  steps: number;
  seed: number;
  /** Grid size of the smoothed density. */
  bins: number;
  /** Relative Gaussian variance σ² (PyHessian: 1e-5). */
  sigma2: number;
  /** Padding of the grid beyond the extreme nodes (PyHessian: 0.01). */
  pad: number;
  /** pad and σ² in units of λ (PyHessian, the default) or of the nodes' half-range. */
  smoothing?: DensitySmoothing;
}

export type DensitySmoothing = "absolute" | "relative";

export const DEFAULT_DENSITY_OPTIONS: Omit<DensityOptions, "seed"> = { probes: 1, steps: 90, bins: 1000, sigma2: 1e-5, pad: 0.01 };

export interface SpectralDensity {
  /** Per probe: quadrature nodes (ascending) and weights (summing to 1). */
  nodes: Float64Array[];
  weights: Float64Array[];
  /** Density grid t and φ(t) (Σ φ·Δt = 1). */
  grid: Float64Array;
  density: Float64Array;
  /** Variance of the smoothing Gaussian actually used. */
  variance: number;
  seed: number;
}

export function slqDensity(op: SymmetricOperator, opts: DensityOptions): SpectralDensity {
  const { probes, bins, sigma2, pad } = opts;
  if (!Number.isInteger(probes) || probes < 1) throw new RangeError(`probes must be a positive integer (got ${probes})`);
  if (!Number.isInteger(opts.steps) || opts.steps < 1) throw new RangeError(`steps must be a positive integer (got ${opts.steps})`);
  if (!Number.isInteger(bins) || bins < 2) throw new RangeError(`bins must be an integer ≥ 2 (got ${bins})`);
  if (!(sigma2 > 0) || !(pad >= 0)) throw new RangeError("sigma2 must be positive and pad non-negative");
  const rng = seededRandom(opts.seed);
  const v = new Float64Array(op.size);
  const nodes: Float64Array[] = [], weights: Float64Array[] = [];
  let lo = 0, hi = 0;
  for (let k = 0; k < probes; k++) {
    rademacherInto(v, rng);
    const run = lanczos(op, { maxSteps: opts.steps, rng, start: v, onBreakdown: "stop" });
    const eig = tridiagonalEigen(run.alpha, run.beta, run.steps, [0]);
    nodes.push(eig.values);
    weights.push(Float64Array.from(eig.vectors, (s) => s * s));
    lo += eig.values[0] / probes;
    hi += eig.values[run.steps - 1] / probes;
  }
  // Half-range of the nodes; a single-point spectrum has nothing to scale by (unit h).
  const h = opts.smoothing === "relative" && hi > lo ? (hi - lo) / 2 : 1;
  lo -= pad * h;
  hi += pad * h;
  const variance = sigma2 * Math.max(1, (hi - lo) / h) * h * h;
  const grid = densityGrid(lo, hi, bins);
  const density = smoothMeasures(grid, nodes, weights, variance);
  return { nodes, weights, grid, density, variance, seed: opts.seed };
}

/** bins points from lo to hi, both included (hi exactly). */
export function densityGrid(lo: number, hi: number, bins: number): Float64Array {
  const grid = new Float64Array(bins);
  const step = (hi - lo) / (bins - 1);
  for (let b = 0; b < bins; b++) grid[b] = b === bins - 1 ? hi : lo + b * step;
  return grid;
}

/**
 * The average of the discrete measures Σ_i w_i δ(t − x_i) (one per probe) convolved with a
 * Gaussian of the given variance, on an evenly spaced grid, renormalized so Σ φ·Δt = 1.
 * The exact spectrum is one such measure: nodes = all eigenvalues, weights = 1/n.
 */
export function smoothMeasures(grid: Float64Array, nodes: readonly Float64Array[], weights: readonly Float64Array[], variance: number): Float64Array {
  const bins = grid.length;
  const count = nodes.length;
  const density = new Float64Array(bins);
  const c = 1 / Math.sqrt(2 * Math.PI * variance);
  for (let b = 0; b < bins; b++) {
    const t = grid[b];
    let s = 0;
    for (let k = 0; k < count; k++) {
      const x = nodes[k], w = weights[k];
      for (let i = 0; i < x.length; i++) s += w[i] * c * Math.exp(-((t - x[i]) ** 2) / (2 * variance));
    }
    density[b] = s / count;
  }
  const step = bins > 1 ? (grid[bins - 1] - grid[0]) / (bins - 1) : 0;
  let total = 0;
  for (let b = 0; b < bins; b++) total += density[b];
  total *= step;
  if (total > 0) for (let b = 0; b < bins; b++) density[b] /= total;
  return density;
}

export interface DensityMoments {
  /** Per probe: Σ_i w_i θ_i = vᵀ A v, an unbiased estimate of tr(A)/n. */
  probeMeans: number[];
  /** Their average: the density's first moment. */
  mean: number;
  /** Sample standard deviation of probeMeans / √probes (null for one probe). */
  meanStandardError: number | null;
}

/** The first moment of each probe's quadrature and their spread. */
export function densityMoments(d: Pick<SpectralDensity, "nodes" | "weights">): DensityMoments {
  const probeMeans = d.nodes.map((x, k) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += d.weights[k][i] * x[i];
    return s;
  });
  const m = probeMeans.length;
  const mean = probeMeans.reduce((s, v) => s + v, 0) / m;
  const ss = probeMeans.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { probeMeans, mean, meanStandardError: m > 1 ? Math.sqrt(ss / (m - 1) / m) : null };
}
