// Eigenvalues and (selected rows of) eigenvectors of a symmetric tridiagonal matrix.
//
// The implicit QL iteration with Wilkinson-type shifts and accumulated Givens rotations
// (EISPACK tql2; Golub & Van Loan §8.3). Each rotation mixes two columns of the
// eigenvector matrix V, and every row of V transforms independently, so callers that only
// need some rows (Lanczos needs the last row for residuals, quadrature needs the first
// for weights) pay O(m) per rotation instead of O(m²). The ../nn/symmetric-eigen.ts
// QL keeps no vectors at all; Lanczos needs them, hence this variant.

export interface TridiagonalEigen {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** rows.length × m, row-major: entry (r, i) is component rows[r] of eigenvector i (same order as values). */
  vectors: Float64Array;
  /** Which rows of the eigenvector matrix `vectors` holds. */
  rows: readonly number[];
}

/**
 * Eigen-decomposition of the m × m tridiagonal matrix with diagonal `diag` (length m)
 * and off-diagonal `off` (length ≥ m − 1; off[i] couples i and i + 1). `rows` selects
 * which rows of the orthogonal eigenvector matrix to return (default: all).
 */
export function tridiagonalEigen(diag: ArrayLike<number>, off: ArrayLike<number>, m: number, rows?: readonly number[]): TridiagonalEigen {
  const want = rows ?? Array.from({ length: m }, (_, i) => i);
  const r = want.length;
  const d = new Float64Array(m);
  const e = new Float64Array(m);
  for (let i = 0; i < m; i++) d[i] = diag[i];
  for (let i = 0; i + 1 < m; i++) e[i] = off[i];
  // V starts as the identity restricted to the wanted rows.
  const V = new Float64Array(r * m);
  for (let k = 0; k < r; k++) V[k * m + want[k]] = 1;
  let shift = 0;
  let tst = 0;
  for (let l = 0; l < m; l++) {
    tst = Math.max(tst, Math.abs(d[l]) + Math.abs(e[l]));
    let mm = l;
    while (mm < m - 1 && Math.abs(e[mm]) > Number.EPSILON * tst) mm++;
    if (mm > l) {
      let iter = 0;
      do {
        if (++iter > 100) throw new Error("tridiagonalEigen: QL iteration did not converge");
        // Shift from the leading 2 × 2 block's eigenvalue nearer d[l].
        const g0 = d[l];
        let p = (d[l + 1] - g0) / (2 * e[l]);
        let rr = Math.hypot(p, 1);
        if (p < 0) rr = -rr;
        d[l] = e[l] / (p + rr);
        d[l + 1] = e[l] * (p + rr);
        const dl1 = d[l + 1];
        let h = g0 - d[l];
        for (let i = l + 2; i < m; i++) d[i] -= h;
        shift += h;
        // Implicit QL sweep from mm up to l.
        p = d[mm];
        let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
        const el1 = e[l + 1];
        for (let i = mm - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          const g = c * e[i];
          h = c * p;
          rr = Math.hypot(p, e[i]);
          e[i + 1] = s * rr;
          s = e[i] / rr;
          c = p / rr;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (let k = 0; k < r; k++) {
            const row = k * m;
            const a = V[row + i + 1];
            V[row + i + 1] = s * V[row + i] + c * a;
            V[row + i] = c * V[row + i] - s * a;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > Number.EPSILON * tst);
    }
    d[l] += shift;
    e[l] = 0;
  }
  // Sort ascending, carrying the vector columns.
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => d[a] - d[b] || a - b);
  const values = new Float64Array(m);
  const vectors = new Float64Array(r * m);
  for (let j = 0; j < m; j++) {
    values[j] = d[order[j]];
    for (let k = 0; k < r; k++) vectors[k * m + j] = V[k * m + order[j]];
  }
  return { values, vectors, rows: want };
}
