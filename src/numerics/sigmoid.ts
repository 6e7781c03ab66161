// Stable logistic functions. Each forward formula sits beside its derivative.
//
// Everything is written in terms of e = exp(-|z|) ∈ (0, 1], which never overflows,
// so σ, 1 − σ, softplus and log σ stay finite and accurate for any finite z
// (including |z| in the thousands, where the naive 1 / (1 + exp(-z)) overflows
// and 1 − σ(z) cancels to zero).

import { exp, log1p } from "./fdlibm.js";

/** σ(z) = 1 / (1 + e^(−z)). */
export function sigmoid(z: number): number {
  const e = exp(-Math.abs(z));
  // Stryker disable next-line EqualityOperator: equivalent: at z = 0 both branches give the same values (e = 1), so z > 0 for z >= 0 changes nothing
  return z >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/** σ'(z) = σ(z)·σ(−z), computed without forming 1 − σ(z). */
export function sigmoidPrime(z: number): number {
  const e = exp(-Math.abs(z));
  const d = 1 + e;
  return e / (d * d);
}

/** softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^(−|z|)). */
export function softplus(z: number): number {
  return Math.max(z, 0) + log1p(exp(-Math.abs(z)));
}

/** softplus'(z) = σ(z). */
export const softplusPrime = sigmoid;

/** log σ(z) = −softplus(−z). */
export function logSigmoid(z: number): number {
  return -softplus(-z);
}

/** (log σ)'(z) = σ(−z) = 1 − σ(z). */
export function logSigmoidPrime(z: number): number {
  return sigmoid(-z);
}

/**
 * σ(z) and its complement σ(−z) = 1 − σ(z) from a single exp.
 * Both are accurate to full relative precision, which the loss derivatives rely on
 * deep in the saturated plateau.
 */
export interface SigmoidPair {
  /** σ(z) */
  p: number;
  /** σ(−z) = 1 − σ(z), without cancellation */
  q: number;
  /** e^(−|z|), reused by softplus */
  e: number;
}

export function sigmoidPair(z: number): SigmoidPair {
  const e = exp(-Math.abs(z));
  const a = 1 / (1 + e);
  const b = e * a;
  // Stryker disable next-line EqualityOperator: equivalent: at z = 0 both branches give the same values (e = 1), so z > 0 for z >= 0 changes nothing
  return z >= 0 ? { p: a, q: b, e } : { p: b, q: a, e };
}
