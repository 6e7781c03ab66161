// All eigenvalues of a dense real symmetric matrix, float64.
//
// Householder reduction to tridiagonal form (Golub & Van Loan §8.3.1, the LAPACK dsytd2
// scheme, reducing from the last row so the active block is always the leading rows),
// then a QL iteration on the tridiagonal matrix (eigenvalues only). Both stages are
// backward stable: each computed eigenvalue is exact for a matrix within a few n·ε·‖A‖ of
// the input. Only the lower triangle is read.
//
// The reduction, where all but O(n²) of the work is, runs on the WebAssembly kernel: up
// to BLOCKED_MIN the unblocked one (wat/9b-eigen.wat: f64x2, each step's two sweeps over
// the matrix fused into one), from there the blocked one (../fast/eigen-blocked.ts, LAPACK
// dsytrd's panels), which only reads the matrix between panels and so wins once it no
// longer fits in cache. From ROOT_FREE_MIN the tridiagonal stage is LAPACK dsterf's
// root-free QL/QR (../numerics/tridiagonal-values.ts), about 4× faster than the tqli
// below at n = 2000; smaller problems (the figure set's Hessians among them) keep tqli,
// whose cost there is negligible and whose bits the committed figures carry. This file's
// TypeScript reduction is the reference both kernels are tested against (engine
// "reference"). Timings against LAPACK: docs/performance.md.

import { tridiagonalizeBlocked } from "../fast/eigen-blocked.js";
import { tridiagonalizeFast } from "../fast/eigen-fast.js";
import { symmetricEigenvalues2 } from "../numerics/eigen.js";
import { tridiagonalEigenvalues } from "../numerics/tridiagonal-values.js";
import type { NetworkEngine } from "./forward.js";

/** Smallest n reduced on the kernel. */
const FAST_MIN = 64;
/** Smallest n reduced by the blocked kernel (the two kernels take about the same time at 1000–1400). */
export const BLOCKED_MIN = 1024;
/** Smallest n whose tridiagonal stage is the root-free QL/QR. */
export const ROOT_FREE_MIN = 256;

/**
 * Eigenvalues, ascending, of the symmetric n × n matrix stored row-major in `a`
 * (only the lower triangle is read). `a` is left untouched.
 */
export function symmetricEigenvalues(a: Float64Array, n: number, engine: NetworkEngine = "fast"): Float64Array {
  if (a.length !== n * n) throw new RangeError(`matrix has ${a.length} entries, expected ${n}×${n}`);
  // 2 × 2: the closed form with Vieta's second root keeps the small eigenvalue's relative
  // accuracy on the plateau (and is the one-neuron model's own formula).
  if (n === 2) return Float64Array.from(symmetricEigenvalues2(a[0], a[2], a[3]));
  // Entries near the float64 limit overflow the Householder norms and the QL shifts
  // (squares of 1e200), so the iteration never converges. eig(A) = s·eig(A / s): with s
  // a power of two the scaling is exact, and it is applied only far from 1.
  let big = 0;
  for (let k = 0; k < a.length; k++) big = Math.max(big, Math.abs(a[k]));
  if (!Number.isFinite(big)) throw new RangeError("symmetricEigenvalues: the matrix has a non-finite entry");
  const s = big > 2 ** 500 || (big > 0 && big < 2 ** -500) ? 2 ** Math.floor(Math.log2(big)) : 1;
  // The kernels copy the matrix into their own memory, so only the scaling and the
  // TypeScript reduction (in place) need a copy of it here.
  const m = s === 1 ? a : a.map((t) => t / s);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  // Below FAST_MIN the kernel memory costs more than the reduction saves.
  const onKernel = n >= BLOCKED_MIN ? tridiagonalizeBlocked : tridiagonalizeFast;
  if (engine === "reference" || n < FAST_MIN || !onKernel(m, n, d, e)) tridiagonalize(m === a ? Float64Array.from(a) : m, n, d, e);
  if (n >= ROOT_FREE_MIN) tridiagonalEigenvalues(d, e.subarray(1));
  else tridiagonalQL(d, e);
  if (s !== 1) for (let k = 0; k < n; k++) d[k] *= s;
  return d.sort();
}

/** Reduces the lower triangle of m to tridiagonal: diagonal into d, subdiagonal e[i] = T[i][i−1]. */
function tridiagonalize(m: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  const u = new Float64Array(n);
  const p = new Float64Array(n);
  for (let i = n - 1; i >= 1; i--) {
    const l = i - 1;
    const row = i * n;
    // Scale the row to avoid overflow/underflow in the norm.
    let scale = 0;
    for (let k = 0; k <= l; k++) scale += Math.abs(m[row + k]);
    if (l === 0 || scale === 0) {
      e[i] = m[row + l];
      continue;
    }
    let h = 0;
    for (let k = 0; k <= l; k++) {
      u[k] = m[row + k] / scale;
      h += u[k] * u[k];
    }
    const f = u[l];
    const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
    e[i] = scale * g;
    h -= f * g;
    u[l] = f - g;
    // p = A u / h over the leading (l+1)-block, reading only its lower triangle row by row.
    p.fill(0, 0, l + 1);
    for (let j = 0; j <= l; j++) {
      const rj = j * n;
      const uj = u[j];
      let s = 0;
      for (let k = 0; k < j; k++) {
        const ajk = m[rj + k];
        s += ajk * u[k];
        p[k] += ajk * uj;
      }
      p[j] += s + m[rj + j] * uj;
    }
    let kk = 0;
    for (let j = 0; j <= l; j++) {
      p[j] /= h;
      kk += u[j] * p[j];
    }
    kk /= 2 * h;
    // q = p − K u;  A ← A − u qᵀ − q uᵀ on the lower triangle.
    for (let j = 0; j <= l; j++) p[j] -= kk * u[j];
    for (let j = 0; j <= l; j++) {
      const rj = j * n;
      const uj = u[j], qj = p[j];
      for (let k = 0; k <= j; k++) m[rj + k] -= uj * p[k] + qj * u[k];
    }
  }
  for (let i = 0; i < n; i++) d[i] = m[i * n + i];
}

/**
 * Implicit QL with Wilkinson shifts on the tridiagonal (d, e), e[i] coupling i−1 and i.
 * Overwrites d with the eigenvalues (unsorted).
 */
function tridiagonalQL(d: Float64Array, e: Float64Array): void {
  const n = d.length;
  // Shift e so that e[i] couples i and i+1, as tqli expects.
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  // Deflate when an off-diagonal entry is negligible next to its diagonal neighbours or
  // to ‖T‖ (JAMA's tql2 test): the latter keeps exact or tiny zero eigenvalues, common in
  // Hessians, from stalling the iteration, at the ε‖A‖ accuracy the reduction has anyway.
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]) + Math.abs(e[i]));
  const floor = Number.EPSILON * norm;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let mm = l;
      for (; mm < n - 1; mm++) {
        const dd = Math.abs(d[mm]) + Math.abs(d[mm + 1]);
        if (Math.abs(e[mm]) <= Number.EPSILON * dd || Math.abs(e[mm]) <= floor) break;
      }
      if (mm === l) break;
      if (++iter > 60) throw new Error("symmetricEigenvalues: QL iteration did not converge");
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[mm] - d[l] + e[l] / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
      let s = 1, c = 1, p = 0;
      let i = mm - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] -= p;
          e[mm] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (underflow) continue;
      d[l] -= p;
      e[l] = g;
      e[mm] = 0;
    }
  }
}
