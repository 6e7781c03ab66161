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
// so it is backward stable alike. Each step is one kernel call (eigb_step); this file
// lays out the memory and runs the panels.

import { eigenMemory } from "./eigen-fast.js";
import { callKernel, instantiateKernel } from "./kernel.js";
import { COUNTER } from "./layout.js";

const F64 = 8;
const align16 = (n: number): number => Math.ceil(n / 16) * 16;
/** Steps per panel: LAPACK dsytrd's default; 24–64 were within the noise of one another at n = 2000. */
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
  const dAt = yAt + xs;
  const eAt = dAt + xs;
  const packAt = eAt + xs;
  const bytes = packAt + 2 * 2 * nb * 32 * Math.ceil(n / 4);
  const memory = eigenMemory(bytes, n);
  if (memory === null) return false;
  const buf = memory.buffer;
  new Float64Array(buf, mAt, n * n).set(a);
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
      callKernel(k, "eigb_step", { m: mAt, ns, i: top - s, s, x: xAt, xs, c: cAt, y: yAt, d: dAt, e: eAt, back });
      back ^= 1;
    }
    top -= steps;
    if (top >= 0) {
      callKernel(k, "eigb_syr2k", { a: mAt, ns, rows: top + 1, x: xAt, xs, kk: 2 * nb, pack: packAt });
      back = 1;
    }
  }
  d.set(new Float64Array(buf, dAt, n));
  e.set(new Float64Array(buf, eAt, n));
  return true;
}
