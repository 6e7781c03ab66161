// Per-layer statistics, the tutorial's criteria for a good init measured on data
// (Glorot & Bengio 2010, §§3–4): for every layer including the σ output,
//   preactivation {mean, std} of z over all units × samples (population std),
//   activation {mean, std, saturated} of f(z) (σ(z) for the output), where saturated is
//     the fraction of units × samples with σ < 0.01 or > 0.99, |tanh| or |softsign| > 0.99,
//     relu pre-activation ≤ 0, and never for linear,
//   backprop {mean, std} of ∂ℓ_i/∂z with ℓ_i one sample's loss (not divided by n),
//   weightGradNorm, biasGradNorm: Frobenius norms of the mean loss's gradient blocks,
// and the 2/25/50/75/98 percentiles of the activations (for the layer-stats figure).

import type { LossName } from "../numerics/losses.js";
import { layerPassFast } from "../fast/layers-fast.js";
import { isSaturated, type ActivationName } from "./activations.js";
import { layerShapes, type Architecture } from "./architecture.js";
import { backward, forward } from "./forward.js";
import { orderStatistics } from "./order-statistics.js";
import type { Table } from "./table.js";

export interface MeanStd {
  mean: number;
  std: number;
}

export const PERCENTILE_LEVELS = [2, 25, 50, 75, 98] as const;

export interface LayerStats {
  index: number;
  fanIn: number;
  fanOut: number;
  preactivation: MeanStd;
  activation: MeanStd & { saturated: number };
  backprop: MeanStd;
  weightGradNorm: number;
  biasGradNorm: number;
  /** Activation percentiles at PERCENTILE_LEVELS (linear interpolation, NumPy's default). */
  activationPercentiles: number[];
}

/**
 * Mean and population std of all entries, two passes. Where the sums overflow (entries
 * of 1e200 from a constant init square past float64), again over v / max|v|: the scaled
 * sums stay within [−n, n] and [0, 4n], so the std stays finite.
 */
export function meanStd(v: Float64Array): MeanStd {
  if (v.length === 0) return { mean: 0, std: 0 };
  const plain = plainMeanStd(v);
  if (Number.isFinite(plain.mean) && Number.isFinite(plain.std)) return plain;
  let scale = 0;
  for (let i = 0; i < v.length; i++) scale = Math.max(scale, Math.abs(v[i]));
  if (!Number.isFinite(scale)) return plain;
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i] / scale;
  mean /= v.length;
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const d = v[i] / scale - mean;
    s += d * d;
  }
  return { mean: mean * scale, std: Math.sqrt(s / v.length) * scale };
}

function plainMeanStd(v: Float64Array): MeanStd {
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i];
  mean /= v.length;
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const d = v[i] - mean;
    s += d * d;
  }
  return { mean, std: Math.sqrt(s / v.length) };
}

/** Percentiles q ∈ [0, 100] of v by linear interpolation between order statistics (numpy.percentile). */
export function percentiles(v: Float64Array, levels: readonly number[]): number[] {
  const n = v.length;
  if (n === 0) return levels.map(() => Number.NaN);
  const pos = levels.map((q) => ((n - 1) * q) / 100);
  const s = orderStatistics(v, pos.flatMap((p) => [Math.floor(p), Math.min(n - 1, Math.floor(p) + 1)]));
  return pos.map((p, i) => {
    const lo = s[2 * i], hi = s[2 * i + 1];
    return lo + (hi - lo) * (p - Math.floor(p));
  });
}

function blockNorm(g: Float64Array, start: number, end: number): number {
  let scale = 0;
  for (let j = start; j < end; j++) scale = Math.max(scale, Math.abs(g[j]));
  if (scale === 0) return 0;
  let s = 0;
  for (let j = start; j < end; j++) {
    const t = g[j] / scale;
    s += t * t;
  }
  return scale * Math.sqrt(s);
}

/** Which code runs the pass: the kernel (../fast/layers-fast.ts, the reference's numbers bit for bit) where it applies, or always ./forward.ts. */
export interface LayerStatisticsOptions {
  engine?: "fast" | "reference";
}

type ForwardStats = Pick<LayerStats, "preactivation" | "activation" | "activationPercentiles">;

function forwardStats(rule: ActivationName | "sigmoid-output", z: Float64Array, a: Float64Array): ForwardStats {
  const sat = saturatedCount(rule, z, a);
  return {
    preactivation: meanStd(z),
    activation: { ...meanStd(a), saturated: z.length === 0 ? 0 : sat / z.length },
    activationPercentiles: percentiles(a, PERCENTILE_LEVELS),
  };
}

/** How many units × samples count as saturated (activations.ts's isSaturated), the rule's test hoisted out of the loop. */
function saturatedCount(rule: ActivationName | "sigmoid-output", z: Float64Array, a: Float64Array): number {
  let sat = 0;
  if (rule === "relu") {
    for (let j = 0; j < z.length; j++) if (z[j] <= 0) sat++;
  } else if (rule === "linear") {
    return 0;
  } else {
    for (let j = 0; j < z.length; j++) if (isSaturated(rule, z[j], a[j])) sat++;
  }
  return sat;
}

/** Statistics of every layer at θ on `data`. */
export function layerStatistics(arch: Architecture, theta: Float64Array, data: Table, loss: LossName, options: LayerStatisticsOptions = {}): LayerStats[] {
  const shapes = layerShapes(arch);
  const L = shapes.length;
  const rule = (l: number): ActivationName | "sigmoid-output" => (l === L - 1 ? "sigmoid-output" : arch.activation);
  const fwd: ForwardStats[] = new Array(L);
  const back: MeanStd[] = new Array(L);
  let grad = (options.engine ?? "fast") === "fast"
    ? layerPassFast(arch, theta, data, loss, {
        forward: (l, z, a) => (fwd[l] = forwardStats(rule(l), z, a)),
        backward: (l, delta) => (back[l] = meanStd(delta)),
      })
    : null;
  if (!grad) {
    const pass = forward(arch, theta, data, loss);
    const bp = backward(pass, theta);
    for (let l = 0; l < L; l++) {
      fwd[l] = forwardStats(rule(l), pass.z[l], pass.a[l]);
      back[l] = meanStd(bp.delta[l]);
    }
    grad = bp.grad;
  }
  const g = grad;
  return shapes.map((s, l) => ({
    index: s.index,
    fanIn: s.fanIn,
    fanOut: s.fanOut,
    preactivation: fwd[l].preactivation,
    activation: fwd[l].activation,
    backprop: back[l],
    weightGradNorm: blockNorm(g, s.weightOffset, s.biasOffset),
    biasGradNorm: blockNorm(g, s.biasOffset, s.biasOffset + s.fanOut),
    activationPercentiles: fwd[l].activationPercentiles,
  }));
}
