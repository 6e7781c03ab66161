// Blocked Householder tridiagonalization (LAPACK dsytrd with dlatrd's panels, Golub & Van
// Loan §8.3.1 and §5.1.6) on the WebAssembly kernel (wat/9e-eigen-blocked.wat).
//
// The unblocked reduction (wat/9b-eigen.wat, ../nn/symmetric-eigen.ts) updates the whole
// trailing matrix after every reflector: per step it reads and writes it once. Here a
// panel of nb steps leaves the matrix stale: step s forms A u from the stale matrix (a
// read-only symmetric matrix–vector product over the lower triangle) and subtracts the
// panel's earlier updates, Σ_p u_p (q_p·u) + q_p (u_p·u), which costs O(n·nb); only after
// the panel is the trailing block updated, by one register-tiled rank-2nb product
// A ← A − U Qᵀ − Q Uᵀ. Per step the matrix is then only read, and written once per panel.
// The arithmetic of each step is the unblocked one (same reflectors in exact arithmetic),
// so it is backward stable alike. The scalar parts of each step (the reflector, its
// scaling) run here, the loops over the matrix on the kernel.

import { callKernel, instantiateKernel, MAX_MEMORY_BYTES, makeMemory } from "./kernel.js";
import { COUNTER } from "./layout.js";

const F64 = 8;
const align16 = (n: number): number => Math.ceil(n / 16) * 16;
/** Steps per panel: 32 measured best of 16–64 at n = 2000 (docs/performance.md). */
export const EIGEN_BLOCK = 32;

/**
 * Reduces the symmetric n × n row-major `a` (lower triangle read) to tridiagonal form:
 * diagonal into d, subdiagonal e[i] = T[i][i−1]. Returns false, writing nothing, when the
 * kernel memory cannot be had. `nb` (≥ 8) is the panel width.
 */
export function tridiagonalizeBlocked(a: Float64Array, n: number, d: Float64Array, e: Float64Array, nb: number = EIGEN_BLOCK): boolean {
  if (!Number.isInteger(nb) || nb < 8) throw new RangeError(`panel width ${nb}: a whole number ≥ 8 expected`);
  const xs = align16(F64 * n);
  const mAt = align16(COUNTER + 16);
  const xAt = align16(mAt + F64 * n * n);
  const cAt = xAt + 2 * nb * xs;
  const yAt = cAt + align16(F64 * 2 * nb);
  const packAt = yAt + xs;
  const bytes = packAt + 2 * 2 * nb * 32 * Math.ceil(n / 4);
  if (bytes > MAX_MEMORY_BYTES) return false;
  let memory;
  try {
    memory = makeMemory(bytes, `a ${n} × ${n} eigenvalue problem`);
  } catch (err) {
    if (err instanceof RangeError) return false;
    throw err;
  }
  const buf = memory.buffer;
  const m = new Float64Array(buf, mAt, n * n);
  m.set(a);
  const c = new Float64Array(buf, cAt, 2 * nb);
  const y = new Float64Array(buf, yAt, n);
  const rowOf = (r: number): Float64Array => new Float64Array(buf, xAt + r * xs, n);
  const X = Array.from({ length: 2 * nb }, (_, r) => rowOf(r));
  const k = instantiateKernel(memory);
  const ns = F64 * n;
  // Each sweep over the matrix starts where the previous one ended (eigb_symv's $back):
  // the rank-2nb update ends on the last rows, so a panel's first product walks up.
  let back = 1;
  let top = n - 1;
  while (top >= 0) {
    // A full panel when rows remain below it; otherwise the rest in one last panel.
    const steps = top + 1 > nb ? nb : top + 1;
    for (let s = 0; s < steps; s++) {
      const i = top - s;
      const row = i * n;
      // The panel's pending updates on row i: A[i][0..i] −= Σ_p u_p[i] q_p + q_p[i] u_p.
      if (s > 0) {
        for (let p = 0; p < s; p++) {
          c[2 * p] = X[2 * p + 1][i];
          c[2 * p + 1] = X[2 * p][i];
        }
        callKernel(k, "eigb_axpys", { x: xAt, xs, rows: 2 * s, len: i + 1, c: cAt, y: mAt + row * F64 });
      }
      d[i] = m[row + i];
      if (i === 0) break;
      householderStep(m, row, i, e, X[2 * s], X[2 * s + 1], (u, q, h) => {
        // q = A u / h − K u, with A u from the stale matrix less the panel's updates.
        callKernel(k, "eigb_symv", { a: mAt, ns, rows: i, u: xAt + 2 * s * xs, y: yAt, back });
        back ^= 1;
        if (s > 0) {
          callKernel(k, "eigb_dots", { x: xAt, xs, rows: 2 * s, len: i, u: xAt + 2 * s * xs, out: cAt });
          for (let p = 0; p < s; p++) {
            const t = c[2 * p];
            c[2 * p] = c[2 * p + 1];
            c[2 * p + 1] = t;
          }
          callKernel(k, "eigb_axpys", { x: xAt, xs, rows: 2 * s, len: i, c: cAt, y: yAt });
        }
        let kk = 0;
        for (let j = 0; j < i; j++) {
          y[j] /= h;
          kk += u[j] * y[j];
        }
        kk /= 2 * h;
        for (let j = 0; j < i; j++) q[j] = y[j] - kk * u[j];
      });
    }
    top -= steps;
    if (top >= 0) {
      callKernel(k, "eigb_syr2k", { a: mAt, ns, rows: top + 1, x: xAt, xs, kk: 2 * nb, pack: packAt });
      back = 1;
    }
  }
  return true;
}

/**
 * The reflector of row i (entries 0..i−1, scaled against overflow as the unblocked
 * reduction): sets e[i] and u, then lets `update` form q from u and h. A zero or
 * single-entry row is already reduced: u = q = 0.
 */
function householderStep(
  m: Float64Array,
  row: number,
  i: number,
  e: Float64Array,
  u: Float64Array,
  q: Float64Array,
  update: (u: Float64Array, q: Float64Array, h: number) => void,
): void {
  const l = i - 1;
  let scale = 0;
  for (let k = 0; k <= l; k++) scale += Math.abs(m[row + k]);
  if (l === 0 || scale === 0) {
    e[i] = m[row + l];
    u.fill(0, 0, i);
    q.fill(0, 0, i);
    return;
  }
  let h = 0;
  for (let k = 0; k <= l; k++) {
    const t = m[row + k] / scale;
    u[k] = t;
    h += t * t;
  }
  const f = u[l];
  const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
  e[i] = scale * g;
  h -= f * g;
  u[l] = f - g;
  update(u, q, h);
}
