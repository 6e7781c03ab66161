// Checks the analytic gradient and Hessian against central finite differences in
// float64, with torch.autograd.gradcheck's criterion |a − n| ≤ atol + rtol·|n|.
//
// Deep in the MSE plateau the gradient falls to 1e-13 and below, under what a central
// difference of a loss near 1 can resolve (about ε·|L|/h ≈ 1e-10 for h = 1e-6). There a
// pass would be an accident of atol, so an entry whose value is too small for the
// difference to judge at rtol is "unresolved": its absolute error is reported and
// counted apart, and it fails only if the discrepancy exceeds twice the noise.
//
//   gradient: ∂L/∂θ ≈ (L(θ + h e) − L(θ − h e)) / 2h
//   Hessian:  ∂g/∂θ ≈ (g(θ + h e) − g(θ − h e)) / 2h, with g the analytic gradient
// The noise floor of each difference is the larger of a rounding bound on the two
// values and the Richardson estimate |D(h) − D(2h)|, which also catches truncation.
// Steps are relative, h·max(1, |θ|), so they move θ at any magnitude; where such a step
// moves a logit by more than Z_RESOLUTION a disagreement is reported as unresolved.

import type { Dataset } from "../data/dataset.js";
import type { LossName } from "./losses.js";
import { accumulatePoint, POINT_SLOTS } from "./point.js";

export interface GradcheckOptions {
  h: number;
  atol: number;
  rtol: number;
}

/** torch.autograd.gradcheck's defaults, with h = eps = 1e-6. */
export const DEFAULT_GRADCHECK_OPTIONS: GradcheckOptions = { h: 1e-6, atol: 1e-5, rtol: 1e-3 };

export type CheckStatus = "pass" | "fail" | "unresolved";

export interface EntryCheck {
  analytic: number;
  numeric: number;
  absErr: number;
  /** |a − n| / |n|, or 0 when both are 0; |a − n| / max(|a|, |n|) where |a − n| / |n| overflows. */
  relErr: number;
  /** What the finite difference can resolve at this point. */
  noise: number;
  status: CheckStatus;
}

export interface PointCheck {
  w: number;
  b: number;
  loss: LossName;
  /** [∂L/∂w, ∂L/∂b] */
  grad: EntryCheck[];
  /** [H_ww, H_wb, H_bw, H_bb] */
  hessian: EntryCheck[];
  status: CheckStatus;
}

/** Rounding bound on a difference quotient of values of size `scale` (a few ulps, summed over the data). */
export function roundingNoise(scale: number, n: number, h: number): number {
  return (4 * Math.sqrt(n) * Number.EPSILON * scale) / (2 * h);
}

/**
 * Largest change of a logit z = w·x + b a step may make and still resolve the loss's
 * curvature: σ varies on the scale |Δz| ≈ 1, so a step moving z further averages over
 * the structure the difference should measure (as at w = 1e308, where h is relative).
 */
export const Z_RESOLUTION = 1;

export function checkEntry(analytic: number, dh: number, d2h: number, noiseFloor: number, o: GradcheckOptions, coarse = false): EntryCheck {
  const numeric = dh;
  const absErr = Math.abs(analytic - numeric);
  // |a − n| / |n|; where n is 0 (or so small the ratio overflows) relative to the larger
  // of |a| and |n| instead, so the ratio is always a finite number (1 when n = 0).
  const ratio = absErr / Math.abs(numeric);
  const relErr = absErr === 0 ? 0 : Number.isFinite(ratio) ? ratio : absErr / Math.max(Math.abs(analytic), Math.abs(numeric));
  const noise = Math.max(noiseFloor, Math.abs(dh - d2h));
  // Resolvable: the difference quotient is accurate to better than rtol of its value,
  // so torch's criterion is a real test. Otherwise only a discrepancy the difference
  // can see (beyond twice its noise) means anything, and it is a failure.
  const resolvable = Math.abs(numeric) * o.rtol > noise;
  let status: CheckStatus;
  if (resolvable) status = absErr <= o.atol + o.rtol * Math.abs(numeric) ? "pass" : "fail";
  else status = absErr <= 2 * noise ? "unresolved" : "fail";
  // A step too coarse for the logits cannot judge a disagreement either way.
  if (coarse && status === "fail") status = "unresolved";
  return { analytic, numeric, absErr, relErr, noise, status };
}

function worst(entries: EntryCheck[]): CheckStatus {
  if (entries.some((e) => e.status === "fail")) return "fail";
  if (entries.some((e) => e.status === "unresolved")) return "unresolved";
  return "pass";
}

/** Checks gradient and Hessian at one point. */
export function gradcheckPoint(
  loss: LossName,
  data: Dataset,
  w: number,
  b: number,
  o: GradcheckOptions = DEFAULT_GRADCHECK_OPTIONS,
): PointCheck {
  const n = data.x.length;
  const at = (dw: number, db: number): Float64Array => {
    const out = new Float64Array(POINT_SLOTS);
    accumulatePoint(loss, data, w + dw, b + db, out);
    return out;
  };
  const c = at(0, 0);
  const grad: EntryCheck[] = [];
  const hessian: EntryCheck[] = [];
  // Axis 0 perturbs w, axis 1 perturbs b.
  // The step is relative to the coordinate, h·max(1, |θ|): an absolute 1e-6 added to
  // w = 1e308 does not move it at all. For |θ| ≤ 1 it is h itself.
  const steps = [w, b].map((t) => o.h * Math.max(1, Math.abs(t)));
  const diffs = [0, 1].map((axis) => {
    const step = (s: number): [Float64Array, Float64Array] =>
      axis === 0 ? [at(s, 0), at(-s, 0)] : [at(0, s), at(0, -s)];
    return { h: step(steps[axis]), h2: step(2 * steps[axis]) };
  });
  let maxAbsX = 0;
  for (const xi of data.x) maxAbsX = Math.max(maxAbsX, Math.abs(xi));
  for (let axis = 0; axis < 2; axis++) {
    const hAxis = steps[axis];
    // Only a step the relative scaling enlarged beyond h counts as coarse: a large h the
    // user chose is the user's test, and its disagreements stay failures.
    const coarse = hAxis > o.h && 2 * hAxis * (axis === 0 ? maxAbsX : 1) > Z_RESOLUTION;
    const { h: [p, m], h2: [p2, m2] } = diffs[axis];
    const dq = (slot: number, a: Float64Array, bb: Float64Array, hh: number): number => (a[slot] - bb[slot]) / (2 * hh);
    // Gradient entry: difference of the loss (slot 0) along this axis.
    const lossScale = Math.max(Math.abs(p[0]), Math.abs(m[0]));
    grad.push(checkEntry(c[1 + axis], dq(0, p, m, hAxis), dq(0, p2, m2, 2 * hAxis), roundingNoise(lossScale, n, hAxis), o, coarse));
    // Hessian column: difference of the analytic gradient (slots 1, 2) along this axis.
    for (const g of [1, 2]) {
      const gradScale = Math.max(Math.abs(p[g]), Math.abs(m[g]));
      // Row g−1, column axis: H[g−1][axis]; its analytic value from slots 3..5.
      const analytic = g === 1 ? (axis === 0 ? c[3] : c[4]) : axis === 0 ? c[4] : c[5];
      hessian.push(checkEntry(analytic, dq(g, p, m, hAxis), dq(g, p2, m2, 2 * hAxis), roundingNoise(gradScale, n, hAxis), o, coarse));
    }
  }
  // hessian was filled column by column: [Hww, Hbw, Hwb, Hbb] → reorder to row-major.
  const [hww, hbw, hwb, hbb] = hessian;
  const ordered = [hww, hwb, hbw, hbb];
  return { w, b, loss, grad, hessian: ordered, status: worst([...grad, ...ordered]) };
}

/** Running totals over checked points, so a large grid streams in bounded memory. */
export interface GradcheckTotals {
  maxAbsErr: number;
  /** Largest relative error over resolved entries (unresolved ones have no meaningful ratio). */
  maxRelErr: number;
  /** Largest absolute error over unresolved entries, reported apart. */
  maxUnresolvedAbsErr: number;
  passed: number;
  failed: number;
  unresolved: number;
}

export interface GradcheckSummary extends GradcheckTotals {
  points: PointCheck[];
}

export function emptyTotals(): GradcheckTotals {
  return { maxAbsErr: 0, maxRelErr: 0, maxUnresolvedAbsErr: 0, passed: 0, failed: 0, unresolved: 0 };
}

/** Adds one point's entries and status to the totals. */
export function addToTotals(t: GradcheckTotals, p: PointCheck): void {
  for (const e of [...p.grad, ...p.hessian]) {
    t.maxAbsErr = Math.max(t.maxAbsErr, e.absErr);
    if (e.status === "unresolved") t.maxUnresolvedAbsErr = Math.max(t.maxUnresolvedAbsErr, e.absErr);
    else t.maxRelErr = Math.max(t.maxRelErr, e.relErr);
  }
  if (p.status === "pass") t.passed++;
  else if (p.status === "fail") t.failed++;
  else t.unresolved++;
}

export function summarize(points: PointCheck[]): GradcheckSummary {
  const t = emptyTotals();
  for (const p of points) addToTotals(t, p);
  return { points, ...t };
}
