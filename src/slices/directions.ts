// The directions a slice θ(α, β) = θ* + α·d1 + β·d2 is taken along. Each builder returns
// raw directions; normalize.ts rescales them when the kind calls for it (random ones:
// a Gaussian direction only means something relative to θ*'s scale).
//   random  i.i.d. N(0, 1) entries from the seeded generator, d1 drawn fully before d2;
//   points  θ_to − θ*: along it α = 1 lands on θ_to, so θ(α) = (1 − α)θ* + αθ_to
//           (Goodfellow et al. 2015's interpolation); two such give the plane through
//           three points with θ_to1 at (1, 0) and θ_to2 at (0, 1);
//   axes    unit vectors of two named parameters (param-names.ts);
//   eigen   the Hessian's top eigenvectors at θ* (Lanczos, ../curvature).
// PCA directions of a trajectory are in pca.ts.

import { seededNormal } from "../init/normal.js";
import { seededRandom } from "../init/random.js";
import type { LossName } from "../numerics/losses.js";
import { parameterCount, type Architecture } from "../nn/architecture.js";
import type { Table } from "../nn/table.js";
import { extremeEigen } from "../curvature/extreme-eigen.js";
import { hessianOperator } from "../curvature/operator.js";
import { parameterIndex } from "./param-names.js";

/** Throws RangeError unless d has P finite entries, not all zero. */
export function checkDirection(d: Float64Array, P: number, label: string): void {
  if (d.length !== P) throw new RangeError(`${label} has ${d.length} entries, the model ${P}`);
  let any = false;
  for (let i = 0; i < P; i++) {
    if (!Number.isFinite(d[i])) throw new RangeError(`${label} entry ${i} is not a finite number`);
    if (d[i] !== 0) any = true;
  }
  if (!any) throw new RangeError(`${label} is the zero vector`);
}

/** `count` Gaussian directions of length P from one seeded stream. */
export function randomDirections(P: number, count: number, seed: number): Float64Array[] {
  const gauss = seededNormal(seededRandom(seed), 0, 1);
  return Array.from({ length: count }, () => {
    const d = new Float64Array(P);
    for (let i = 0; i < P; i++) d[i] = gauss();
    return d;
  });
}

/** to − from (the interpolation direction from θ* = from to θ_to = to). */
export function pointDirection(from: Float64Array, to: Float64Array): Float64Array {
  if (from.length !== to.length) throw new RangeError(`points have ${from.length} and ${to.length} entries`);
  const d = new Float64Array(from.length);
  // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
  for (let i = 0; i < d.length; i++) d[i] = to[i] - from[i];
  return d;
}

/** The unit vector of a named parameter; throws RangeError with the naming rule on a bad name. */
export function axisDirection(arch: Architecture, name: string): Float64Array {
  const idx = parameterIndex(arch, name);
  if (typeof idx === "string") throw new RangeError(idx);
  const d = new Float64Array(parameterCount(arch));
  d[idx] = 1;
  return d;
}

export interface EigenDirections {
  directions: [Float64Array, Float64Array];
  /** λ1 ≥ λ2, the eigenvalues along d1 and d2. */
  eigenvalues: [number, number];
  steps: number;
  converged: boolean;
}

/** The top two Hessian eigenvectors at θ (unit length, largest-magnitude entry positive). */
export function eigenDirections(arch: Architecture, theta: Float64Array, data: Table, loss: LossName, seed: number): EigenDirections {
  const r = extremeEigen(hessianOperator(arch, theta, data, loss), { top: 2, bottom: 0, vectors: true, seed });
  const v = r.top.vectors as Float64Array[];
  return { directions: [v[0], v[1]], eigenvalues: [r.top.values[0], r.top.values[1]], steps: r.steps, converged: r.converged };
}
