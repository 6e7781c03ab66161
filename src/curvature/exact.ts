// The dense reference beside every estimate (P ≤ 2000): all eigenvalues and the trace of
// the exact Hessian, and the largest eigenvalue of each diagonal block, so the CLI can
// print "estimate, spread, exact" without a second route to the same numbers.

import { symmetricEigenvalues } from "../nn/symmetric-eigen.js";

/** The `k` largest (largest first) and the `k` smallest (smallest first) of ascending values. */
export function extremes(ascending: Float64Array, top: number, bottom: number): { top: number[]; bottom: number[] } {
  const n = ascending.length;
  const t: number[] = [], b: number[] = [];
  for (let k = 0; k < Math.min(top, n); k++) t.push(ascending[n - 1 - k]);
  for (let k = 0; k < Math.min(bottom, n); k++) b.push(ascending[k]);
  return { top: t, bottom: b };
}

/** The diagonal block [start, start + size)² of a row-major n × n matrix. */
export function denseBlock(a: Float64Array, n: number, start: number, size: number): Float64Array {
  if (start < 0 || size < 1 || start + size > n) throw new RangeError(`block [${start}, ${start + size}) is outside 0…${n}`);
  const b = new Float64Array(size * size);
  for (let i = 0; i < size; i++) b.set(a.subarray((start + i) * n + start, (start + i) * n + start + size), i * size);
  return b;
}

/** The largest eigenvalue of each diagonal block of `a`. */
export function blockLambdaMax(a: Float64Array, n: number, blocks: ReadonlyArray<{ start: number; size: number }>): number[] {
  return blocks.map((blk) => {
    const ev = symmetricEigenvalues(denseBlock(a, n, blk.start, blk.size), blk.size);
    return ev[blk.size - 1];
  });
}

/**
 * Relative tolerance under which an eigenvalue counts as zero: |λ| ≤ ZERO_EIGEN_TOL·max|λ|.
 * A backward-stable dense eigensolver in float64 returns each eigenvalue within about
 * P·ε·‖H‖ (ε = 2.2e−16; 4e−14·‖H‖ for P = 177) of the matrix it was given, so an exact
 * zero comes out with either sign; 1e−10 leaves a wide margin above that and above the
 * rounding of the Hessian's own entries.
 */
export const ZERO_EIGEN_TOL = 1e-10;

/** How many eigenvalues are negative, zero (|λ| ≤ relTol·max|λ|) and positive. */
export function signCounts(values: ArrayLike<number>, relTol = ZERO_EIGEN_TOL): { negative: number; zero: number; positive: number; tolerance: number } {
  let maxAbs = 0;
  for (let i = 0; i < values.length; i++) maxAbs = Math.max(maxAbs, Math.abs(values[i]));
  const tolerance = relTol * maxAbs;
  let negative = 0, zero = 0;
  // Stryker disable next-line EqualityOperator: <= for < only touches one element past the array (reads give undefined, so neither count moves), so no result changes
  for (let i = 0; i < values.length; i++) {
    if (Math.abs(values[i]) <= tolerance) zero++;
    // Stryker disable next-line EqualityOperator: reached only for |v| > tolerance ≥ 0, so v ≠ 0 and < 0 equals <= 0
    else if (values[i] < 0) negative++;
  }
  return { negative, zero, positive: values.length - negative - zero, tolerance };
}
