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
