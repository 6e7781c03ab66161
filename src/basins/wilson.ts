// Wilson score interval for a binomial proportion (E. B. Wilson, "Probable inference,
// the law of succession, and statistical inference", JASA 22 (1927) 209–212).
//
// With p̂ = k/n and z the normal quantile:
//   centre     = (p̂ + z²/2n) / (1 + z²/n)
//   half-width = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)
// Unlike the Wald interval p̂ ± z√(p̂(1−p̂)/n) it stays inside [0, 1] and does not
// collapse to a point at k = 0 or k = n, which matters here: many schemes succeed in
// all or none of their draws under one of the losses.

/** z for a two-sided 95% interval: Φ⁻¹(0.975). */
export const Z95 = 1.959963984540054;

export interface Proportion {
  /** Successes. */
  k: number;
  /** Trials. */
  n: number;
  /** k / n. */
  rate: number;
  /** Wilson interval [low, high] at the requested z. */
  ci: [low: number, high: number];
}

/** The Wilson score interval for k successes in n trials. Throws RangeError on bad counts. */
export function wilsonInterval(k: number, n: number, z: number = Z95): [low: number, high: number] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`wilsonInterval: n must be a whole number ≥ 1 (got ${n})`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`wilsonInterval: k must be a whole number from 0 to n = ${n} (got ${k})`);
  if (!(z > 0) || !Number.isFinite(z)) throw new RangeError(`wilsonInterval: z must be a finite number > 0 (got ${z})`);
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At k = 0 (k = n) the exact bound is 0 (1); clamp the rounding error of centre − half.
  const low = k === 0 ? 0 : Math.max(0, centre - half);
  const high = k === n ? 1 : Math.min(1, centre + half);
  return [low, high];
}

/** k of n with its rate and Wilson interval. */
export function proportion(k: number, n: number, z: number = Z95): Proportion {
  return { k, n, rate: k / n, ci: wilsonInterval(k, n, z) };
}
