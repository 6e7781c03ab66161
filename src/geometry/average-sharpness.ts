// Average-case sharpness: the mean loss increase under random Gaussian perturbations,
// E_δ[L(θ + δ)] − L(θ) with δ ~ N(0, σ²I) (≈ ½σ² tr H for small σ), by seeded sampling,
// with the standard error of the mean and a 95% interval.

import { randomNormal } from "d3-random";
import { seededRandom } from "../init/random.js";
import type { Objective } from "./objective.js";

export interface AverageSharpness {
  sigma: number;
  samples: number;
  seed: number;
  /** Mean of L(θ + δ) − L(θ) over δ ~ N(0, σ² I). */
  mean: number;
  standardError: number;
  /** mean ± 1.96·standardError (normal approximation). */
  ci95: [number, number];
}

/** Average-case sharpness E_δ[L(θ + δ)] − L(θ), δ ~ N(0, σ² I), by M seeded samples. */
export function averageSharpness(obj: Objective, theta: Float64Array, sigma: number, samples: number, seed: number): AverageSharpness {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`sigma must be a finite number > 0 (got ${sigma})`);
  if (!Number.isInteger(samples) || samples < 2) throw new RangeError(`samples must be a whole number ≥ 2 (got ${samples})`);
  const P = obj.size;
  const base = obj.loss(theta);
  const gauss = randomNormal.source(seededRandom(seed))(0, sigma);
  const point = new Float64Array(P);
  let mean = 0, m2 = 0;
  for (let k = 1; k <= samples; k++) {
    for (let i = 0; i < P; i++) point[i] = theta[i] + gauss();
    const d = obj.loss(point) - base;
    const dm = d - mean;
    mean += dm / k;
    m2 += dm * (d - mean);
  }
  const standardError = Math.sqrt(m2 / (samples - 1) / samples);
  return { sigma, samples, seed, mean, standardError, ci95: [mean - 1.96 * standardError, mean + 1.96 * standardError] };
}
