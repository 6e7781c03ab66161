// Keskar et al.'s random-subspace variant of ε-sharpness (2017, §2.2.1): the maximum of
// L(θ + A y) over y in a box of R^K, A a random P × K matrix, with the box
// |y_i| ≤ ε(|(A⁺θ)_i| + 1), A⁺ the pseudo-inverse. A has i.i.d. N(0, 1) entries from a
// seeded generator; A⁺θ = (AᵀA)⁻¹Aᵀθ by a Cholesky solve (AᵀA is positive definite for a
// Gaussian A with K ≤ P, almost surely).

import { randomNormal } from "d3-random";
import { seededRandom } from "../init/random.js";

/** Largest P·K entries of A held (128 MiB of float64). */
export const MAX_SUBSPACE_ENTRIES = 2 ** 24;

export interface RandomSubspace {
  /** Row-major P × K. */
  a: Float64Array;
  P: number;
  K: number;
  seed: number;
}

export function randomSubspace(P: number, K: number, seed: number): RandomSubspace {
  if (!Number.isInteger(K) || K < 1 || K > P) throw new RangeError(`subspace dimension must be a whole number from 1 to P = ${P} (got ${K})`);
  if (P * K > MAX_SUBSPACE_ENTRIES) throw new RangeError(`a random subspace of dimension ${K} in P = ${P} needs ${P * K} numbers, over the limit of ${MAX_SUBSPACE_ENTRIES}`);
  const gauss = randomNormal.source(seededRandom(seed))(0, 1);
  const a = new Float64Array(P * K);
  for (let i = 0; i < a.length; i++) a[i] = gauss();
  return { a, P, K, seed };
}

/** out (P) = A y. */
export function subspaceApply(s: RandomSubspace, y: Float64Array, out: Float64Array): void {
  const { a, P, K } = s;
  for (let i = 0; i < P; i++) {
    let acc = 0;
    const row = i * K;
    for (let k = 0; k < K; k++) acc += a[row + k] * y[k];
    out[i] = acc;
  }
}

/** out (K) = Aᵀ g. */
export function subspaceTranspose(s: RandomSubspace, g: Float64Array, out: Float64Array): void {
  const { a, P, K } = s;
  out.fill(0);
  for (let i = 0; i < P; i++) {
    const gi = g[i];
    if (gi === 0) continue;
    const row = i * K;
    for (let k = 0; k < K; k++) out[k] += a[row + k] * gi;
  }
}

/** A⁺θ = (AᵀA)⁻¹ Aᵀθ. */
export function pseudoInverseApply(s: RandomSubspace, theta: Float64Array): Float64Array {
  const { a, P, K } = s;
  const gram = new Float64Array(K * K);
  for (let i = 0; i < P; i++) {
    const row = i * K;
    for (let j = 0; j < K; j++) {
      const aij = a[row + j];
      if (aij === 0) continue;
      for (let k = j; k < K; k++) gram[j * K + k] += aij * a[row + k];
    }
  }
  for (let j = 0; j < K; j++) for (let k = 0; k < j; k++) gram[j * K + k] = gram[k * K + j];
  const rhs = new Float64Array(K);
  subspaceTranspose(s, theta, rhs);
  return choleskySolve(gram, K, rhs);
}

/** Solves M x = b for a symmetric positive definite row-major K × K matrix (M is overwritten). */
export function choleskySolve(m: Float64Array, K: number, b: Float64Array): Float64Array {
  for (let j = 0; j < K; j++) {
    let d = m[j * K + j];
    for (let k = 0; k < j; k++) d -= m[j * K + k] ** 2;
    if (!(d > 0)) throw new RangeError("the subspace's Gram matrix is not positive definite");
    const l = Math.sqrt(d);
    m[j * K + j] = l;
    for (let i = j + 1; i < K; i++) {
      let s = m[i * K + j];
      for (let k = 0; k < j; k++) s -= m[i * K + k] * m[j * K + k];
      m[i * K + j] = s / l;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < K; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= m[i * K + k] * x[k];
    x[i] = s / m[i * K + i];
  }
  for (let i = K - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < K; k++) s -= m[k * K + i] * x[k];
    x[i] = s / m[i * K + i];
  }
  return x;
}
