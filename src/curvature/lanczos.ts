// The Lanczos iteration with full reorthogonalization (Golub & Van Loan §10.1; Paige's
// analysis of why plain Lanczos loses orthogonality, §10.3): an orthonormal Krylov basis
// Q and the tridiagonal T = Qᵀ A Q, from products v ↦ A v only. Every new vector is
// Gram–Schmidt'ed twice against the whole basis ("twice is enough", Giraud et al. 2005),
// so Ritz values carry no spurious copies and the residual bound |β_m s_{m,i}| holds.
// If the Krylov space becomes invariant (β ≈ 0) the run either stops (quadrature wants
// exactly that space) or restarts from a fresh random vector orthogonal to the basis,
// which keeps T block-diagonal and lets later blocks find further eigenvalues.

import { seededNormal } from "../init/normal.js";
import type { Random } from "../init/random.js";
import type { SymmetricOperator } from "./operator.js";

/** Largest basis kept, in float64 entries (m × n ≤ 2²⁵, 256 MiB). */
export const MAX_BASIS_ENTRIES = 2 ** 25;

export interface LanczosRun {
  /** Orthonormal basis, row-major steps × n (row j is q_j). */
  basis: Float64Array;
  /** Diagonal of T (length steps). */
  alpha: Float64Array;
  /** beta[j] couples q_j and q_{j+1}; beta[steps − 1] is the final residual norm (0 after a breakdown stop). */
  beta: Float64Array;
  steps: number;
  /** Fresh random vectors taken after invariant subspaces. */
  restarts: number;
}

export interface LanczosOptions {
  maxSteps: number;
  /** Gaussian draws for the start vector (unless `start` is given) and for restarts. */
  rng: Random;
  /** Start vector (need not be normalized; must be nonzero). */
  start?: Float64Array;
  /** On an invariant subspace: stop (quadrature) or continue with a fresh vector (eigenvalues). */
  onBreakdown: "stop" | "restart";
  /** Called after each step with the run so far; returning true ends the iteration. */
  done?: (run: LanczosRun) => boolean;
  /** Orthonormal vectors the basis is kept orthogonal to (deflation of found eigenvectors). */
  deflate?: readonly Float64Array[];
}

function dot(a: Float64Array, aOff: number, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[aOff + i] * b[i];
  return s;
}

/** w ← w − Σ_j (q_j·w) q_j over the deflated vectors and the first `count` basis rows, twice. */
function reorthogonalize(basis: Float64Array, count: number, n: number, w: Float64Array, deflate: readonly Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (const y of deflate) {
      const c = dot(y, 0, w, n);
      if (c !== 0) for (let i = 0; i < n; i++) w[i] -= c * y[i];
    }
    for (let j = 0; j < count; j++) {
      const off = j * n;
      const c = dot(basis, off, w, n);
      if (c !== 0) for (let i = 0; i < n; i++) w[i] -= c * basis[off + i];
    }
  }
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** A random unit vector orthogonal to the basis so far, or null when the basis spans the space. */
function freshVector(basis: Float64Array, count: number, n: number, rng: Random, deflate: readonly Float64Array[]): Float64Array | null {
  const gauss = seededNormal(rng, 0, 1);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = gauss();
  const before = norm(w);
  reorthogonalize(basis, count, n, w, deflate);
  const after = norm(w);
  if (!(after > 1e-8 * before)) return null;
  for (let i = 0; i < n; i++) w[i] /= after;
  return w;
}

/** Runs up to maxSteps Lanczos steps on op; see the file comment. */
export function lanczos(op: SymmetricOperator, opts: LanczosOptions): LanczosRun {
  const n = op.size;
  const deflate = opts.deflate ?? [];
  const maxSteps = Math.min(opts.maxSteps, n - deflate.length);
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new RangeError(`Lanczos needs at least one step (got ${opts.maxSteps})`);
  if (maxSteps * n > MAX_BASIS_ENTRIES) {
    throw new RangeError(`a Lanczos basis of ${maxSteps} × ${n} exceeds ${MAX_BASIS_ENTRIES} entries; ask for fewer steps`);
  }
  const basis = new Float64Array(maxSteps * n);
  const alpha = new Float64Array(maxSteps);
  const beta = new Float64Array(maxSteps);
  let q: Float64Array;
  if (opts.start) {
    if (opts.start.length !== n) throw new RangeError(`start vector has ${opts.start.length} entries, the operator ${n}`);
    const s = norm(opts.start);
    if (!(s > 0) || !Number.isFinite(s)) throw new RangeError("Lanczos start vector must be finite and nonzero");
    q = Float64Array.from(opts.start, (x) => x / s);
  } else {
    const fresh = freshVector(basis, 0, n, opts.rng, deflate);
    if (!fresh) throw new RangeError("the deflated vectors span the whole space");
    q = fresh;
  }
  const w = new Float64Array(n);
  let steps = 0, restarts = 0, scale = 0;
  const run = (): LanczosRun => ({ basis: basis.subarray(0, steps * n), alpha: alpha.subarray(0, steps), beta: beta.subarray(0, steps), steps, restarts });
  for (let j = 0; j < maxSteps; j++) {
    basis.set(q, j * n);
    op.apply(q, w);
    let a = 0;
    for (let i = 0; i < n; i++) a += q[i] * w[i];
    alpha[j] = a;
    // Full reorthogonalization subsumes the three-term recurrence's α q_j + β q_{j−1}.
    reorthogonalize(basis, j + 1, n, w, deflate);
    const b = norm(w);
    steps = j + 1;
    scale = Math.max(scale, Math.abs(a) + b + (j > 0 ? beta[j - 1] : 0));
    const invariant = !(b > 1e-12 * scale);
    beta[j] = invariant ? 0 : b;
    if (opts.done && opts.done(run())) break;
    if (steps === maxSteps) break;
    if (invariant) {
      if (opts.onBreakdown === "stop") break;
      const fresh = freshVector(basis, steps, n, opts.rng, deflate);
      if (!fresh) break;
      restarts++;
      q = fresh;
    } else {
      q = new Float64Array(n);
      for (let i = 0; i < n; i++) q[i] = w[i] / b;
    }
  }
  return run();
}
