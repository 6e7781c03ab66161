// PCA directions of an optimization path, as Li et al. 2018 §7 and their code
// (projection.py, setup_PCA_directions): the rows θ_t − θ_final of every saved point
// (the final one included, a zero row; with biases ignored their entries set to 0) go
// to sklearn's PCA(n_components=2), which subtracts the column mean and takes the top
// right singular vectors of the centred matrix X_c. Centring on θ_final therefore does
// not change the components (the column mean removes any common offset); it only sets
// the origin of the projected coordinates at θ_final.
// Here the singular vectors come from the smaller of X_c X_cᵀ (T × T) and X_cᵀ X_c (P × P)
// as an implicit operator under Lanczos (../curvature), never forming X_c: memory stays
// O(T + P) beside the trajectory. Explained-variance ratios are σ_k² / ‖X_c‖_F², sklearn's
// explained_variance_ratio_. Signs follow sklearn ≥ 1.5 (svd_flip on Vᵀ): each
// component's largest-magnitude entry is positive.

import type { Architecture } from "../nn/architecture.js";
import { layerShapes, parameterCount } from "../nn/architecture.js";
import { extremeEigen, fixSign } from "../curvature/extreme-eigen.js";
import type { SymmetricOperator } from "../curvature/operator.js";
import type { BiasRule } from "./normalize.js";

export interface PcaDirections {
  /** Unit principal directions (length P). */
  directions: [Float64Array, Float64Array];
  /** σ_k² / (T − 1), sklearn's explained_variance_. */
  explainedVariance: [number, number];
  /** σ_k² / ‖X_c‖_F², sklearn's explained_variance_ratio_. */
  explainedVarianceRatio: [number, number];
  singularValues: [number, number];
  points: number;
}

/**
 * Top two principal directions of θ_t − θ_final over `points` (θ_final = the last).
 * bias "zero" ignores biases (their --ignore biasbn); "keep" leaves them in.
 */
export function trajectoryPca(arch: Architecture, points: readonly Float64Array[], bias: BiasRule): PcaDirections {
  const P = parameterCount(arch);
  const mask = new Float64Array(P).fill(1);
  if (bias === "zero") for (const s of layerShapes(arch)) mask.fill(0, s.biasOffset, s.biasOffset + s.fanOut);
  return maskedPca(P, points, mask);
}

/**
 * The same for any model of P parameters: entries where `mask` is 0 are left out (a model's
 * biases and BatchNorm scales and shifts, its tensors of one dimension, under "zero").
 */
export function maskedPca(P: number, points: readonly Float64Array[], mask: Float64Array): PcaDirections {
  const T = points.length;
  if (T < 3) throw new RangeError(`PCA needs a trajectory of at least 3 points (got ${T})`);
  for (let t = 0; t < T; t++) {
    if (points[t].length !== P) throw new RangeError(`trajectory point ${t} has ${points[t].length} entries, the model ${P}`);
    for (let i = 0; i < P; i++) if (!Number.isFinite(points[t][i])) throw new RangeError(`trajectory point ${t} entry ${i} is not a finite number`);
  }
  // Column mean of θ_t − θ_final, then X_c[t] = (θ_t − θ_final − mean) ⊙ mask, read on the fly.
  const last = points[T - 1];
  const mean = new Float64Array(P);
  // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
  for (const p of points) for (let i = 0; i < P; i++) mean[i] += (p[i] - last[i]) / T;
  const row = (t: number, i: number): number => (points[t][i] - last[i] - mean[i]) * mask[i];
  let frob = 0;
  for (let t = 0; t < T; t++) for (let i = 0; i < P; i++) frob += row(t, i) ** 2;
  const gram = T <= P;
  const op: SymmetricOperator = gram
    ? {
        size: T,
        apply(u, out) {
          // X_c (X_cᵀ u)
          const y = new Float64Array(P);
          // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
          for (let t = 0; t < T; t++) for (let i = 0; i < P; i++) y[i] += row(t, i) * u[t];
          for (let t = 0; t < T; t++) {
            let s = 0;
            for (let i = 0; i < P; i++) s += row(t, i) * y[i];
            out[t] = s;
          }
        },
      }
    : {
        size: P,
        apply(v, out) {
          // X_cᵀ (X_c v)
          out.fill(0);
          for (let t = 0; t < T; t++) {
            let s = 0;
            for (let i = 0; i < P; i++) s += row(t, i) * v[i];
            // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
            for (let i = 0; i < P; i++) out[i] += row(t, i) * s;
          }
        },
      };
  const eig = extremeEigen(op, { top: 2, bottom: 0, vectors: true, seed: 0, tol: 1e-13 });
  const lambda = eig.top.values.map((l) => Math.max(l, 0));
  // σ₂² below ~1e-13 σ₁² is indistinguishable from the rounding of X_c X_cᵀ itself.
  if (!(lambda[1] > 1e-12 * lambda[0])) throw new RangeError("the trajectory's points lie on one line (or one point): PCA has no second direction");
  const vecs = (eig.top.vectors as Float64Array[]).map((u) => {
    if (!gram) return u;
    const v = new Float64Array(P);
    // Stryker disable next-line EqualityOperator,AssignmentOperator: <= for < only writes past the typed array (dropped); −= for += gives −v, which fixSign below turns back into the same unit vector
    for (let t = 0; t < T; t++) for (let i = 0; i < P; i++) v[i] += row(t, i) * u[t];
    let n = 0;
    for (let i = 0; i < P; i++) n += v[i] * v[i];
    n = Math.sqrt(n);
    // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
    for (let i = 0; i < P; i++) v[i] /= n;
    return fixSign(v);
  });
  return {
    directions: [vecs[0], vecs[1]],
    explainedVariance: [lambda[0] / (T - 1), lambda[1] / (T - 1)],
    explainedVarianceRatio: [lambda[0] / frob, lambda[1] / frob],
    singularValues: [Math.sqrt(lambda[0]), Math.sqrt(lambda[1])],
    points: T,
  };
}
