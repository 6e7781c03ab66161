// Cheaper points: every point of a slice evaluated on the same fixed random subset of M
// of the N samples, drawn without replacement (a partial Fisher–Yates shuffle by the
// seeded generator, indices then sorted so the subset keeps the data's order). The mean
// loss over the subset estimates the full mean; its standard error is
//   SE = sqrt(s² / M · (1 − M/N)),
// s² the subset's sample variance of the per-sample losses (divisor M − 1, unbiased for
// the population's S² of divisor N − 1) and 1 − M/N the finite-population correction of
// sampling without replacement (Cochran, Sampling Techniques, 3rd ed., Thm 2.2 and 2.4):
// SE² is unbiased for the variance of the subset mean over all subsets, and 0 at M = N.

import { seededRandom } from "../init/random.js";
import type { Architecture } from "../nn/architecture.js";
import { forward } from "../nn/forward.js";
import { sampleCount, type Table } from "../nn/table.js";
import type { LossName } from "../numerics/losses.js";

export interface Subsample {
  /** Sample indices into the full data, ascending. */
  indices: number[];
  /** N, the full data's size. */
  of: number;
  seed: number;
}

/** M distinct indices of 0..N−1 drawn by `seed`; throws RangeError unless 1 ≤ M ≤ N. */
export function drawSubsample(n: number, m: number, seed: number): Subsample {
  if (!Number.isSafeInteger(m) || m < 1 || m > n) throw new RangeError(`M must be a whole number from 1 to the data's ${n} samples (got ${m})`);
  const rng = seededRandom(seed);
  const idx = new Int32Array(n);
  // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
  for (let i = 0; i < n; i++) idx[i] = i;
  // Stryker disable next-line EqualityOperator: a swap at i = m only moves entries past the m kept (or past the array at m = n), and nothing draws from rng after it
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return { indices: Array.from(idx.subarray(0, m)).sort((a, b) => a - b), of: n, seed };
}

/** The rows of `data` at the subset's indices, in their order. */
export function subsetTable(data: Table, s: Subsample): Table {
  const d = data.inputs;
  const x = new Float64Array(s.indices.length * d);
  const y = new Float64Array(s.indices.length);
  s.indices.forEach((i, r) => {
    x.set(data.x.subarray(i * d, (i + 1) * d), r * d);
    y[r] = data.y[i];
  });
  return { ...data, x, y };
}

/** The standard error of the subset's mean loss at θ, with the finite-population correction. */
export function meanLossStandardError(arch: Architecture, theta: Float64Array, subset: Table, loss: LossName, populationSize: number, batch?: number): number {
  const m = sampleCount(subset);
  if (m < 2 || m >= populationSize) return 0;
  // Per-sample losses, `batch` samples through the network at a time (each sample's loss is its own forward pass).
  // The batching bounds memory only: each sample's loss is its own forward pass, the same bits in
  // any batch, so these lines' mutants that change the batching change no result.
  // Stryker disable ConditionalExpression,LogicalOperator,EqualityOperator,MethodExpression
  const step = batch !== undefined && batch > 0 ? Math.min(batch, m) : m;
  const l = step === m ? forward(arch, theta, subset, loss).lossValue : new Float64Array(m);
  if (step < m) {
    const d = subset.inputs;
    for (let s = 0; s < m; s += step) {
      const e = Math.min(m, s + step);
      l.set(forward(arch, theta, { ...subset, x: subset.x.subarray(s * d, e * d), y: subset.y.subarray(s, e) }, loss).lossValue, s);
    }
  }
  // Stryker restore ConditionalExpression,LogicalOperator,EqualityOperator,MethodExpression
  let mean = 0;
  for (let i = 0; i < m; i++) mean += l[i];
  mean /= m;
  let ss = 0;
  for (let i = 0; i < m; i++) ss += (l[i] - mean) * (l[i] - mean);
  const s2 = ss / (m - 1);
  return Math.sqrt((s2 / m) * (1 - m / populationSize));
}
