// The exact dense Hessian of the mean loss, its eigenvalues and trace, for networks
// small enough to hold P × P numbers: column j is H e_j from the R-operator (hvp.ts),
// all columns sharing one forward and backward pass. The matrix is symmetrized as
// (H + Hᵀ)/2, which only averages rounding: H is symmetric in exact arithmetic.

import { createFastCurvature } from "../fast/hvp-fast.js";
import type { LossName } from "../numerics/losses.js";
import { parameterCount, type Architecture } from "./architecture.js";
import { curvatureState, hessianVectorInto } from "./hvp.js";
import { symmetricEigenvalues } from "./symmetric-eigen.js";
import type { NetworkEngine } from "./forward.js";
import type { Table } from "./table.js";

/** Largest P whose dense Hessian and full spectrum are computed (32 MB of float64). */
export const MAX_DENSE_HESSIAN_PARAMS = 2000;

/** Row-major P × P Hessian of the mean loss at θ; `onColumn` hears the fraction of columns done (for progress). */
export function denseHessian(
  arch: Architecture,
  theta: Float64Array,
  data: Table,
  loss: LossName,
  onColumn?: (fraction: number) => void,
  engine: NetworkEngine = "fast",
): Float64Array {
  const P = parameterCount(arch);
  if (theta.length !== P) throw new RangeError(`theta has ${theta.length} entries, the architecture ${P}`);
  if (P > MAX_DENSE_HESSIAN_PARAMS) throw new RangeError(`dense Hessian needs P ≤ ${MAX_DENSE_HESSIAN_PARAMS} (got ${P})`);
  const fast = engine === "fast" ? createFastCurvature(arch, data, loss) : null;
  if (fast) {
    fast.setTheta(theta);
    return fast.denseHessian(onColumn);
  }
  const state = curvatureState(arch, theta, data, loss);
  return denseFromProducts(P, (v, out) => hessianVectorInto(state, v, out), onColumn);
}

/**
 * The one dense-matrix loop of the curvature code (networks here, models in ../model/curvature.ts,
 * any operator in ../curvature/operator.ts's denseOf): column j = A e_j from `apply(e_j, out)`,
 * then (A + Aᵀ)/2, which only averages rounding; `onColumn` hears the fraction of columns done.
 */
export function denseFromProducts(P: number, apply: (v: Float64Array, out: Float64Array) => void, onColumn?: (fraction: number) => void): Float64Array {
  const H = new Float64Array(P * P);
  const e = new Float64Array(P);
  const col = new Float64Array(P);
  for (let j = 0; j < P; j++) {
    e[j] = 1;
    apply(e, col);
    e[j] = 0;
    for (let k = 0; k < P; k++) H[k * P + j] = col[k];
    onColumn?.((j + 1) / P);
  }
  for (let j = 0; j < P; j++) {
    for (let k = 0; k < j; k++) {
      const s = (H[j * P + k] + H[k * P + j]) / 2;
      H[j * P + k] = s;
      H[k * P + j] = s;
    }
  }
  return H;
}

export interface HessianSpectrum {
  /** All P eigenvalues, ascending. */
  eigenvalues: Float64Array;
  trace: number;
  lambdaMin: number;
  lambdaMax: number;
}

/** Eigenvalues (ascending) and trace of a row-major symmetric P × P matrix. */
export function spectrumOf(H: Float64Array, P: number): HessianSpectrum {
  const eigenvalues = symmetricEigenvalues(H, P);
  let trace = 0;
  for (let j = 0; j < P; j++) trace += H[j * P + j];
  return { eigenvalues, trace, lambdaMin: eigenvalues[0], lambdaMax: eigenvalues[P - 1] };
}

/** The full Hessian spectrum and trace at θ (P ≤ MAX_DENSE_HESSIAN_PARAMS). */
export function hessianSpectrum(arch: Architecture, theta: Float64Array, data: Table, loss: LossName): HessianSpectrum {
  return spectrumOf(denseHessian(arch, theta, data, loss), theta.length);
}
