// What spectrum.svg shows for one point θ: the top eigenvalues by Lanczos and the SLQ
// density, plus (when the exact spectrum is known) the same Gaussian smoothing of the
// exact eigenvalues on the same grid, so estimate and truth can be laid over each other.
// One study stage computes all of it; the renderer only draws.

import { extremeEigen, type ExtremeEigen } from "./extreme-eigen.js";
import type { SymmetricOperator } from "./operator.js";
import { slqDensity, smoothMeasures, type DensityOptions, type SpectralDensity } from "./slq.js";

export interface SpectrumSummary {
  /** Lanczos top eigenpairs (null when top = 0). */
  eigen: ExtremeEigen | null;
  density: SpectralDensity;
  /** The exact eigenvalues smoothed like the density, on its grid (null without them). */
  exactDensity: Float64Array | null;
}

/** The exact spectrum as one quadrature measure (every eigenvalue, weight 1/n), smoothed on `d`'s grid. */
export function exactDensityOn(d: Pick<SpectralDensity, "grid" | "variance">, eigenvalues: Float64Array): Float64Array {
  const w = new Float64Array(eigenvalues.length).fill(1 / eigenvalues.length);
  return smoothMeasures(d.grid, [eigenvalues], [w], d.variance);
}

/** Top `top` eigenvalues (Lanczos, seed = density.seed) and the SLQ density of op. */
export function spectrumSummary(op: SymmetricOperator, top: number, density: DensityOptions, exactEigenvalues: Float64Array | null = null): SpectrumSummary {
  const eigen = top > 0 ? extremeEigen(op, { top: Math.min(top, op.size), bottom: 0, vectors: false, seed: density.seed }) : null;
  const d = slqDensity(op, { ...density, steps: Math.min(density.steps, op.size) });
  return { eigen, density: d, exactDensity: exactEigenvalues ? exactDensityOn(d, exactEigenvalues) : null };
}
