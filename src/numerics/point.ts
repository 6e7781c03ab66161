// Loss, gradient, Hessian and accuracy of the 1-input logistic model
// p = σ(w·x + b) at one point (w, b), averaged over a data set.
//
// With ℓ_i = ℓ(z_i, y_i), z_i = w x_i + b (see losses.ts):
//   L   = mean ℓ_i
//   ∇L  = mean ℓ'_i · (x_i, 1)
//   ∇²L = mean ℓ''_i · [[x_i², x_i], [x_i, 1]]
// This accumulator is the single definition shared by probe, grid and gradcheck,
// so their numbers agree exactly.

import type { Dataset } from "../data/dataset.js";
import { symmetricEigenvalues2 } from "./eigen.js";
import { sampleTerms, TERM_SLOTS, type LossName } from "./losses.js";

/** Number of slots written by accumulatePoint. */
export const POINT_SLOTS = 7;
/** Slot layout of accumulatePoint's output. */
export const SLOT = { loss: 0, gradW: 1, gradB: 2, hWW: 3, hWB: 4, hBB: 5, accuracy: 6 } as const;

/**
 * Writes [L, ∂L/∂w, ∂L/∂b, H_ww, H_wb, H_bb, accuracy] for (w, b) into out.
 * `terms` is a caller-owned scratch of length TERM_SLOTS, so a grid sweep allocates nothing.
 */
export function accumulatePoint(
  loss: LossName,
  data: Dataset,
  w: number,
  b: number,
  out: Float64Array,
  terms: Float64Array = new Float64Array(TERM_SLOTS),
): void {
  const { x, y } = data;
  const n = x.length;
  let l = 0, gw = 0, gb = 0, hww = 0, hwb = 0, hbb = 0, correct = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const z = w * xi + b;
    sampleTerms(loss, z, y[i], terms);
    const d1 = terms[1];
    const d2 = terms[2];
    l += terms[0];
    gw += d1 * xi;
    gb += d1;
    hww += d2 * xi * xi;
    hwb += d2 * xi;
    hbb += d2;
    // The tutorial's accuracy: label = p > 0.5, compared with y.
    if ((terms[3] > 0.5 ? 1 : 0) === y[i]) correct++;
  }
  out[0] = l / n;
  out[1] = gw / n;
  out[2] = gb / n;
  out[3] = hww / n;
  out[4] = hwb / n;
  out[5] = hbb / n;
  out[6] = correct / n;
  if (!(Number.isFinite(l) && Number.isFinite(gw) && Number.isFinite(gb) && Number.isFinite(hww) && Number.isFinite(hwb) && Number.isFinite(hbb))) {
    accumulateScaled(loss, data, w, b, out, terms);
  }
}

/**
 * The same means when a plain sum overflowed (huge logits or inputs): every term is
 * divided by n before it is added, and a cross-entropy term too large for float64 is
 * taken from the scaled logit z/n (for |z| that large softplus(z) − y·z = max(z, 0) − y·z
 * exactly). Every mean that float64 can hold comes out finite; one it cannot is ±Infinity,
 * never NaN. Only overflowing points pay for this second pass.
 */
function accumulateScaled(loss: LossName, data: Dataset, w: number, b: number, out: Float64Array, terms: Float64Array): void {
  const { x, y } = data;
  const n = x.length;
  const wn = w / n;
  const bn = b / n;
  let l = 0, gw = 0, gb = 0, hww = 0, hwb = 0, hbb = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const xn = xi / n;
    sampleTerms(loss, w * xi + b, y[i], terms);
    let li = terms[0] / n;
    if (!Number.isFinite(li)) {
      const zn = wn * xi + bn;
      li = Math.max(zn, 0) - y[i] * zn;
    }
    const d1 = terms[1];
    const d2 = terms[2];
    l += li;
    gw += d1 * xn;
    gb += d1 / n;
    // (ℓ''·x)·(x/n): finite whenever the product is; ℓ'' = 0 gives 0, never 0·∞.
    hww += d2 * xi * xn;
    hwb += d2 * xn;
    hbb += d2 / n;
  }
  out[0] = l;
  out[1] = gw;
  out[2] = gb;
  out[3] = hww;
  out[4] = hwb;
  out[5] = hbb;
}

export interface PointResult {
  w: number;
  b: number;
  loss: number;
  grad: [number, number];
  gradNorm: number;
  hessian: [[number, number], [number, number]];
  eigenvalues: [min: number, max: number];
  accuracy: number;
}

/** Everything `probe` reports about one point. */
export function evaluatePoint(loss: LossName, data: Dataset, w: number, b: number): PointResult {
  const out = new Float64Array(POINT_SLOTS);
  accumulatePoint(loss, data, w, b, out);
  const [l, gw, gb, hww, hwb, hbb, acc] = out;
  return {
    w,
    b,
    loss: l,
    grad: [gw, gb],
    gradNorm: Math.hypot(gw, gb),
    hessian: [
      [hww, hwb],
      [hwb, hbb],
    ],
    eigenvalues: symmetricEigenvalues2(hww, hwb, hbb),
    accuracy: acc,
  };
}
