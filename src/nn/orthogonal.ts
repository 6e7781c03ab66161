// A random (semi-)orthogonal matrix as torch.nn.init.orthogonal_ draws it: fill a
// rows × cols matrix with N(0, 1), transpose it when rows < cols so it is tall, take
// its QR factorization, multiply Q's columns by sign(diag R), transpose back.
// The sign-corrected Q is the unique Q of the QR with positive diag R, which is what
// Gram–Schmidt produces, so this computes it by modified Gram–Schmidt run twice per
// column ("twice is enough", Giraud et al. 2005) to keep QᵀQ = I to rounding.

import { seededNormal } from "../init/normal.js";
import type { Random } from "../init/random.js";

/** Row-major rows × cols matrix with orthonormal rows (rows ≤ cols) or columns (rows ≥ cols), times gain. */
export function orthogonalMatrix(rows: number, cols: number, gain: number, rng: Random): Float64Array {
  const normal = seededNormal(rng, 0, 1);
  const g = new Float64Array(rows * cols);
  for (let i = 0; i < g.length; i++) g[i] = normal();
  const tall = rows >= cols;
  // Work on the columns of the tall matrix T (m × k), stored as k column vectors.
  const m = tall ? rows : cols;
  const k = tall ? cols : rows;
  const colsOf: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const c = new Float64Array(m);
    for (let i = 0; i < m; i++) c[i] = tall ? g[i * cols + j] : g[j * cols + i];
    colsOf.push(c);
  }
  for (let j = 0; j < k; j++) {
    const v = colsOf[j];
    for (let pass = 0; pass < 2; pass++) {
      for (let q = 0; q < j; q++) {
        const u = colsOf[q];
        let dot = 0;
        for (let i = 0; i < m; i++) dot += u[i] * v[i];
        for (let i = 0; i < m; i++) v[i] -= dot * u[i];
      }
    }
    let nn = 0;
    for (let i = 0; i < m; i++) nn += v[i] * v[i];
    const inv = 1 / Math.sqrt(nn);
    for (let i = 0; i < m; i++) v[i] *= inv;
  }
  const out = new Float64Array(rows * cols);
  for (let j = 0; j < k; j++) {
    const c = colsOf[j];
    for (let i = 0; i < m; i++) {
      if (tall) out[i * cols + j] = gain * c[i];
      else out[j * cols + i] = gain * c[i];
    }
  }
  return out;
}
