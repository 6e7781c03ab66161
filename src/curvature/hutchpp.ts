// Hutch++ (Meyer, Musco, Musco & Woodruff 2021, Algorithm 1): with m products, spend m/3
// on a sketch A S (S Rademacher), take its orthonormal basis Q, count tr(Qᵀ A Q) exactly
// (m/3 products) and estimate the trace of the rest (I − QQᵀ) A (I − QQᵀ) by Hutchinson
// with the remaining m/3 probes. For matrices whose trace is carried by a few large
// eigenvalues (Hessians of trained networks) the error falls like 1/m, not Hutchinson's
// 1/√m. Repeating either estimator over seeds gives the spread used as its error bar.

import { seededRandom } from "../init/random.js";
import { hutchinsonTrace, rademacherInto } from "./hutchinson.js";
import type { SymmetricOperator } from "./operator.js";

export interface HutchppEstimate {
  trace: number;
  /** Products with A used (= the m asked for, unless the sketch filled the space). */
  products: number;
  /** Columns of Q kept (sketch rank). */
  rank: number;
  seed: number;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Orthonormalizes y against basis (two Gram–Schmidt passes); returns false when y lies in its span. */
function orthonormalizeInto(basis: Float64Array[], y: Float64Array, scale: number): boolean {
  for (let pass = 0; pass < 2; pass++) {
    for (const q of basis) {
      const c = dot(q, y);
      for (let i = 0; i < y.length; i++) y[i] -= c * q[i];
    }
  }
  const nrm = Math.sqrt(dot(y, y));
  if (!(nrm > 1e-12 * scale)) return false;
  for (let i = 0; i < y.length; i++) y[i] /= nrm;
  return true;
}

export function hutchppTrace(op: SymmetricOperator, products: number, seed: number): HutchppEstimate {
  if (!Number.isInteger(products) || products < 3) throw new RangeError(`Hutch++ needs at least 3 products (got ${products})`);
  const n = op.size;
  const k = Math.min(Math.floor(products / 3), n);
  const rng = seededRandom(seed);
  const s = new Float64Array(n);
  const basis: Float64Array[] = [];
  let used = 0;
  for (let j = 0; j < k; j++) {
    rademacherInto(s, rng);
    const y = new Float64Array(n);
    op.apply(s, y);
    used++;
    if (orthonormalizeInto(basis, y, Math.sqrt(n) * Math.max(1, Math.sqrt(dot(y, y))))) basis.push(y);
  }
  const aq = new Float64Array(n);
  let exact = 0;
  for (const q of basis) {
    op.apply(q, aq);
    used++;
    exact += dot(q, aq);
  }
  // The deflated rest by Hutchinson on (I − QQᵀ) g.
  const rest = products - used;
  let tail = 0;
  if (rest > 0 && basis.length < n) {
    const g = new Float64Array(n), ag = new Float64Array(n);
    for (let j = 0; j < rest; j++) {
      rademacherInto(g, rng);
      for (const q of basis) {
        const c = dot(q, g);
        for (let i = 0; i < n; i++) g[i] -= c * q[i];
      }
      op.apply(g, ag);
      used++;
      tail += dot(g, ag);
    }
    tail /= rest;
  }
  return { trace: exact + tail, products: used, rank: basis.length, seed };
}

export interface RepeatedTrace {
  /** Mean over the repeats. */
  mean: number;
  /** Sample standard deviation over the repeats (0 for one). */
  sd: number;
  repeats: number;
  /** Products per repeat. */
  products: number;
  /** Seeds seed, seed + 1, …. */
  seed: number;
  estimates: number[];
}

/** Mean and sample standard deviation of repeated estimates. */
export function repeatedTrace(estimates: number[], products: number, seed: number): RepeatedTrace {
  const r = estimates.length;
  const mean = estimates.reduce((a, b) => a + b, 0) / r;
  const sd = r > 1 ? Math.sqrt(estimates.reduce((a, b) => a + (b - mean) ** 2, 0) / (r - 1)) : 0;
  return { mean, sd, repeats: r, products, seed, estimates };
}

/** Hutchinson and Hutch++ with the same product budget, each repeated over seeds seed … seed + repeats − 1. */
export function compareTraceEstimators(op: SymmetricOperator, products: number, repeats: number, seed: number): { hutchinson: RepeatedTrace; hutchpp: RepeatedTrace } {
  const h: number[] = [], p: number[] = [];
  for (let r = 0; r < repeats; r++) {
    h.push(hutchinsonTrace(op, products, seed + r).trace);
    p.push(hutchppTrace(op, products, seed + r).trace);
  }
  return { hutchinson: repeatedTrace(h, products, seed), hutchpp: repeatedTrace(p, products, seed) };
}
