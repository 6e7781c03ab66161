// Hutchinson's trace estimator (Hutchinson 1990; Avron & Toledo 2011): for Rademacher
// probes z (entries ±1 with probability ½), E[zᵀ A z] = tr A and
// Var[zᵀ A z] = 2 Σ_{i≠j} A_ij², so the mean of M probes carries a standard error
// s/√M from the probes' sample standard deviation s. Seeded, so a rerun repeats it.

import { seededRandom, type Random } from "../init/random.js";
import type { SymmetricOperator } from "./operator.js";

export interface TraceEstimate {
  /** Mean of the probes' zᵀ A z. */
  trace: number;
  /** Sample standard deviation of the probes / √M (NaN for one probe). */
  standardError: number;
  probes: number;
  seed: number;
}

/** Fills z with independent ±1 entries. */
export function rademacherInto(z: Float64Array, rng: Random): void {
  for (let i = 0; i < z.length; i++) z[i] = rng() < 0.5 ? -1 : 1;
}

export function hutchinsonTrace(op: SymmetricOperator, probes: number, seed: number): TraceEstimate {
  if (!Number.isInteger(probes) || probes < 1) throw new RangeError(`probes must be a positive integer (got ${probes})`);
  const rng = seededRandom(seed);
  const z = new Float64Array(op.size);
  const az = new Float64Array(op.size);
  // Welford's running mean and sum of squared deviations: stable for any number of probes.
  let mean = 0, m2 = 0;
  for (let k = 1; k <= probes; k++) {
    rademacherInto(z, rng);
    op.apply(z, az);
    let q = 0;
    for (let i = 0; i < z.length; i++) q += z[i] * az[i];
    const delta = q - mean;
    mean += delta / k;
    m2 += delta * (q - mean);
  }
  const standardError = probes > 1 ? Math.sqrt(m2 / (probes - 1) / probes) : Number.NaN;
  return { trace: mean, standardError, probes, seed };
}
