// All eigenvalues of a symmetric tridiagonal matrix by the root-free QL/QR iteration of
// Pal, Walker and Kahan, as LAPACK's dsterf (the eigenvalue stage of dsyevd without
// vectors). Each implicit step works on the squares of the off-diagonal and takes one
// division per rotation instead of a square root (tqli's Math.hypot), and each unreduced
// block is iterated from the end whose diagonal is larger in magnitude (QL or QR), which
// needs fewer steps on graded matrices. Blocks are scaled into [√safmin/ε², √safmax/3] as
// dsterf does, so the squares neither overflow nor underflow.
//
// Besides dsterf's relative splitting test (|e_i| ≤ ε·√|d_i d_i+1|) an off-diagonal at or
// below ε·‖T‖ is dropped too (EISPACK tql2's test): that perturbs T by at most ε‖T‖, the
// reduction's own backward error, and keeps the many exact or tiny zero eigenvalues of a
// Hessian from costing iterations.

import { symmetricEigenvalues2 } from "./eigen.js";

const EPS = 2 ** -53;
const EPS2 = EPS * EPS;
const SAFMIN = 2 ** -1022;
const SSFMAX = Math.sqrt(1 / SAFMIN) / 3;
const SSFMIN = Math.sqrt(SAFMIN) / EPS2;
/** dsterf's limit: 30 iterations per eigenvalue on average. */
const MAX_ITER_PER_VALUE = 30;

/**
 * Overwrites `d` (the diagonal, length n) with the eigenvalues in ascending order; `e`
 * (length ≥ n − 1, e[i] couples i and i + 1) is destroyed. Throws when the iteration does
 * not converge within 30·n steps (dsterf's INFO > 0).
 */
export function tridiagonalEigenvalues(d: Float64Array, e: Float64Array): void {
  const n = d.length;
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]) + (i < n - 1 ? Math.abs(e[i]) : 0));
  const floor = Number.EPSILON * norm;
  const maxIter = MAX_ITER_PER_VALUE * n;
  let iter = 0;
  let start = 0;
  while (start < n) {
    if (start > 0) e[start - 1] = 0;
    // The next unreduced block [lo, hi].
    let hi = start;
    for (; hi < n - 1; hi++) {
      const a = Math.abs(e[hi]);
      if (a <= Math.sqrt(Math.abs(d[hi])) * Math.sqrt(Math.abs(d[hi + 1])) * EPS || a <= floor) {
        e[hi] = 0;
        break;
      }
    }
    const lo = start;
    start = hi + 1;
    if (hi === lo) continue;
    let big = 0;
    for (let i = lo; i <= hi; i++) big = Math.max(big, Math.abs(d[i]), i < hi ? Math.abs(e[i]) : 0);
    if (big === 0) continue;
    const s = big > SSFMAX ? SSFMAX / big : big < SSFMIN ? SSFMIN / big : 1;
    if (s !== 1) {
      for (let i = lo; i <= hi; i++) d[i] *= s;
      for (let i = lo; i < hi; i++) e[i] *= s;
    }
    for (let i = lo; i < hi; i++) e[i] *= e[i];
    const floor2 = (floor * s) ** 2;
    iter = Math.abs(d[hi]) < Math.abs(d[lo]) ? qr(d, e, hi, lo, floor2, iter, maxIter) : ql(d, e, lo, hi, floor2, iter, maxIter);
    if (s !== 1) for (let i = lo; i <= hi; i++) d[i] /= s;
    if (iter >= maxIter) throw new Error("tridiagonalEigenvalues: the QL/QR iteration did not converge");
  }
  d.sort();
}

/** QL on the block [l, lend] with squared off-diagonals; returns the iteration count. */
function ql(d: Float64Array, e: Float64Array, l: number, lend: number, floor2: number, iter: number, maxIter: number): number {
  while (l <= lend) {
    let m = l;
    for (; m < lend; m++) if (Math.abs(e[m]) <= EPS2 * Math.abs(d[m] * d[m + 1]) || e[m] <= floor2) break;
    if (m < lend) e[m] = 0;
    if (m === l) {
      l++;
      continue;
    }
    if (m === l + 1) {
      [d[l], d[l + 1]] = symmetricEigenvalues2(d[l], Math.sqrt(e[l]), d[l + 1]);
      e[l] = 0;
      l += 2;
      continue;
    }
    if (iter === maxIter) return iter;
    iter++;
    // Wilkinson's shift from the leading 2 × 2 block.
    const p0 = d[l];
    const rte = Math.sqrt(e[l]);
    let sigma = (d[l + 1] - p0) / (2 * rte);
    const r0 = Math.hypot(sigma, 1);
    sigma = p0 - rte / (sigma + (sigma >= 0 ? r0 : -r0));
    let c = 1, s = 0;
    let gamma = d[m] - sigma;
    let p = gamma * gamma;
    for (let i = m - 1; i >= l; i--) {
      const bb = e[i];
      const r = p + bb;
      if (i !== m - 1) e[i + 1] = s * r;
      const oldc = c;
      c = p / r;
      s = bb / r;
      const oldgam = gamma;
      const alpha = d[i];
      gamma = c * (alpha - sigma) - s * oldgam;
      d[i + 1] = oldgam + (alpha - gamma);
      p = c !== 0 ? (gamma * gamma) / c : oldc * bb;
    }
    e[l] = s * p;
    d[l] = sigma + gamma;
  }
  return iter;
}

/** QR on the block [lend, l] (l the larger index), the mirror image of ql. */
function qr(d: Float64Array, e: Float64Array, l: number, lend: number, floor2: number, iter: number, maxIter: number): number {
  while (l >= lend) {
    let m = l;
    for (; m > lend; m--) if (Math.abs(e[m - 1]) <= EPS2 * Math.abs(d[m] * d[m - 1]) || e[m - 1] <= floor2) break;
    if (m > lend) e[m - 1] = 0;
    if (m === l) {
      l--;
      continue;
    }
    if (m === l - 1) {
      [d[l - 1], d[l]] = symmetricEigenvalues2(d[l - 1], Math.sqrt(e[l - 1]), d[l]);
      e[l - 1] = 0;
      l -= 2;
      continue;
    }
    if (iter === maxIter) return iter;
    iter++;
    const p0 = d[l];
    const rte = Math.sqrt(e[l - 1]);
    let sigma = (d[l - 1] - p0) / (2 * rte);
    const r0 = Math.hypot(sigma, 1);
    sigma = p0 - rte / (sigma + (sigma >= 0 ? r0 : -r0));
    let c = 1, s = 0;
    let gamma = d[m] - sigma;
    let p = gamma * gamma;
    for (let i = m; i < l; i++) {
      const bb = e[i];
      const r = p + bb;
      if (i !== m) e[i - 1] = s * r;
      const oldc = c;
      c = p / r;
      s = bb / r;
      const oldgam = gamma;
      const alpha = d[i + 1];
      gamma = c * (alpha - sigma) - s * oldgam;
      d[i] = oldgam + (alpha - gamma);
      p = c !== 0 ? (gamma * gamma) / c : oldc * bb;
    }
    e[l - 1] = s * p;
    d[l] = sigma + gamma;
  }
  return iter;
}
