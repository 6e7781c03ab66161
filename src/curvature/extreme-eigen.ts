// The K largest and K smallest eigenvalues (and eigenvectors) of a symmetric operator by
// Lanczos with full reorthogonalization (lanczos.ts). Convergence is judged per Ritz pair
// by its residual ‖A y − θ y‖ = |β_m s_{m,i}| (Golub & Van Loan §10.1.4): some eigenvalue
// lies within that distance of θ, so a residual below tol·‖T‖ is an error bound, not a
// heuristic. The run stops when every wanted pair meets it or the basis fills the space.
// An eigenvalue of multiplicity k > 1 needs k independent start components; one Krylov
// sequence finds one copy until the space becomes invariant and the run restarts.

import { seededRandom } from "../init/random.js";
import { lanczos, MAX_BASIS_ENTRIES, type LanczosRun } from "./lanczos.js";
import type { SymmetricOperator } from "./operator.js";
import { tridiagonalEigen } from "./tridiagonal-eigen.js";

export interface EigenOptions {
  /** How many of the largest eigenvalues (≥ 0). */
  top: number;
  /** How many of the smallest eigenvalues (≥ 0). */
  bottom: number;
  /** Also return unit eigenvectors (sign: largest-magnitude entry positive). */
  vectors: boolean;
  /** Seed of the Gaussian start vector. */
  seed: number;
  /** Residual tolerance relative to the largest |Ritz value| (default 1e-10). */
  tol?: number;
  /** Step cap (default: the dimension, within MAX_BASIS_ENTRIES). */
  maxSteps?: number;
}

export interface EigenPairs {
  /** Eigenvalues, each with its residual bound ‖A y − λ y‖ and (on request) its vector. */
  values: number[];
  residuals: number[];
  vectors: Float64Array[] | null;
}

export interface ExtremeEigen {
  /** Largest first. */
  top: EigenPairs;
  /** Smallest first. */
  bottom: EigenPairs;
  /** Lanczos steps taken (= operator products). */
  steps: number;
  restarts: number;
  /** Whether every wanted pair met the tolerance. */
  converged: boolean;
  seed: number;
  tol: number;
}

export const DEFAULT_EIGEN_TOL = 1e-10;

/** Flips v so its largest-magnitude entry (first on ties) is positive. */
export function fixSign(v: Float64Array): Float64Array {
  let k = 0;
  // Stryker disable next-line EqualityOperator: an index past the end reads undefined, whose |·| is NaN and never the largest
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[k])) k = i;
  if (v[k] < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i];
  return v;
}

function wantedIndices(m: number, top: number, bottom: number): { hi: number[]; lo: number[] } {
  const hi: number[] = [], lo: number[] = [];
  for (let k = 0; k < Math.min(top, m); k++) hi.push(m - 1 - k);
  for (let k = 0; k < Math.min(bottom, m); k++) lo.push(k);
  return { hi, lo };
}

interface Pair {
  value: number;
  residual: number;
  vector: Float64Array;
}

interface Pass {
  hi: Pair[];
  lo: Pair[];
  steps: number;
  restarts: number;
  converged: boolean;
}

/** One Lanczos run on op restricted to the complement of `locked`, to convergence of the wanted pairs. */
function lanczosPass(op: SymmetricOperator, top: number, bottom: number, tol: number, maxSteps: number, seed: number, locked: readonly Float64Array[]): Pass {
  const n = op.size - locked.length;
  const need = Math.min(n, Math.max(top, bottom));
  let converged = false;
  const check = (run: LanczosRun): boolean => {
    const m = run.steps;
    if (m < need) return false;
    if (m === n) return (converged = true);
    // Cheap checks: values and the last row of the eigenvector matrix only.
    const { values, vectors } = tridiagonalEigen(run.alpha, run.beta, m, [m - 1]);
    const bound = tol * Math.max(Math.abs(values[0]), Math.abs(values[m - 1]), Number.MIN_VALUE);
    const last = run.beta[m - 1];
    const { hi, lo } = wantedIndices(m, top, bottom);
    for (const i of hi.concat(lo)) if (Math.abs(last * vectors[i]) > bound) return false;
    return (converged = true);
  };
  const run = lanczos(op, { maxSteps, rng: seededRandom(seed), onBreakdown: "restart", done: check, deflate: locked });
  const m = run.steps;
  const eig = tridiagonalEigen(run.alpha, run.beta, m);
  const last = run.beta[m - 1];
  // One object per Ritz index, so a pair wanted as both top and bottom is one vector.
  const made = new Map<number, Pair>();
  const pair = (i: number): Pair => {
    let p = made.get(i);
    if (!p) made.set(i, (p = { value: eig.values[i], residual: Math.abs(last * eig.vectors[(m - 1) * m + i]), vector: ritzVector(run, eig.vectors, m, i, op.size) }));
    return p;
  };
  const { hi, lo } = wantedIndices(m, top, bottom);
  return { hi: hi.map(pair), lo: lo.map(pair), steps: m, restarts: run.restarts, converged };
}

/**
 * Largest `top` and smallest `bottom` eigenpairs of op. After the first run converges, a
 * check run on the orthogonal complement of the vectors found looks for an eigenvalue
 * that belongs in either list (a further copy of a multiple eigenvalue, invisible to one
 * Krylov sequence); any it finds are added and the check repeats until none enters.
 */
export function extremeEigen(op: SymmetricOperator, opts: EigenOptions): ExtremeEigen {
  const n = op.size;
  const { top, bottom } = opts;
  if (!Number.isInteger(top) || !Number.isInteger(bottom) || top < 0 || bottom < 0) throw new RangeError("top and bottom must be non-negative integers");
  if (top > n || bottom > n) throw new RangeError(`asked for ${Math.max(top, bottom)} eigenvalues of a ${n}-dimensional operator`);
  if (top + bottom === 0) throw new RangeError("ask for at least one eigenvalue (top or bottom)");
  const tol = opts.tol ?? DEFAULT_EIGEN_TOL;
  const maxSteps = Math.min(opts.maxSteps ?? n, n, Math.floor(MAX_BASIS_ENTRIES / n));
  const first = lanczosPass(op, top, bottom, tol, maxSteps, opts.seed, []);
  let hi = first.hi, lo = first.lo;
  let steps = first.steps, restarts = first.restarts, converged = first.converged;
  // Every vector found stays deflated, so each check explores a strictly smaller space.
  const locked = Array.from(new Set(hi.concat(lo).map((p) => p.vector)));
  for (let pass = 1; locked.length < n; pass++) {
    const check = lanczosPass(op, top > 0 ? 1 : 0, bottom > 0 ? 1 : 0, tol, maxSteps, opts.seed + pass, locked);
    steps += check.steps;
    restarts += check.restarts;
    converged &&= check.converged;
    const scale = tol * hi.concat(lo).reduce((m, p) => Math.max(m, Math.abs(p.value)), Number.MIN_VALUE);
    // Every pair the check found is a candidate for both lists: once locked it is never
    // found again, so a second copy found as the check's largest value must still be
    // offered to the bottom list (and vice versa). A value tied with the K-th changes no
    // reported value; only a strictly better one enters.
    const found = Array.from(new Set(check.hi.concat(check.lo)));
    const entersTop = top > 0 && found.some((p) => p.value > hi[hi.length - 1].value + scale);
    const entersBottom = bottom > 0 && found.some((p) => p.value < lo[lo.length - 1].value - scale);
    if (!entersTop && !entersBottom) break;
    for (const p of found) if (!locked.includes(p.vector)) locked.push(p.vector);
    if (entersTop) hi = hi.concat(found.filter((p) => !hi.includes(p))).sort((a, b) => b.value - a.value).slice(0, top);
    if (entersBottom) lo = lo.concat(found.filter((p) => !lo.includes(p))).sort((a, b) => a.value - b.value).slice(0, bottom);
  }
  const pairs = (ps: Pair[]): EigenPairs => ({
    values: ps.map((p) => p.value),
    residuals: ps.map((p) => p.residual),
    vectors: opts.vectors ? ps.map((p) => p.vector) : null,
  });
  return { top: pairs(hi), bottom: pairs(lo), steps, restarts, converged, seed: opts.seed, tol };
}
/** y = Σ_j S[j][i] q_j, normalized, sign fixed. */
function ritzVector(run: LanczosRun, S: Float64Array, m: number, i: number, n: number): Float64Array {
  const y = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    const c = S[j * m + i];
    const off = j * n;
    for (let k = 0; k < n; k++) y[k] += c * run.basis[off + k];
  }
  let s = 0;
  for (let k = 0; k < n; k++) s += y[k] * y[k];
  s = Math.sqrt(s);
  for (let k = 0; k < n; k++) y[k] /= s;
  return fixSign(y);
}
