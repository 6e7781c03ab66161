// Where a saved trajectory sits relative to a slice plane θ* + span(d1, d2). Each point's
// coordinates (α, β) minimize ‖θ_t − θ* − α d1 − β d2‖ (least squares, solved through an
// orthonormal basis of the plane by Gram–Schmidt applied twice, so nearly parallel
// directions lose no accuracy to the normal equations' squared condition number). The
// residual's norm is the off-plane distance: the contour drawn under the point is the
// loss at θ* + α d1 + β d2, not at θ_t, and the two agree only when that distance is
// small. Both losses are returned so a figure can show the gap.

import type { LossName } from "../numerics/losses.js";
import { parameterCount, type Architecture } from "../nn/architecture.js";
import { forward } from "../nn/forward.js";
import type { Table } from "../nn/table.js";
import { checkDirection } from "./directions.js";
import { slicePoint } from "./slice.js";
import { dot } from "./vector.js";

export interface ProjectedPoint {
  alpha: number;
  /** 0 for a line. */
  beta: number;
  /** ‖θ_t − (θ* + α d1 + β d2)‖. */
  offPlane: number;
  /** offPlane / ‖θ_t − θ*‖ (0 at θ* itself): the fraction of the displacement the plane misses. */
  offPlaneFraction: number;
  /** L(θ_t), the loss the run actually had. */
  loss: number;
  /** L(θ* + α d1 + β d2), the loss the slice shows under the point. */
  planeLoss: number;
}

/** Orthonormal basis (q1, q2) of span(d1, d2) and R with d1 = r11 q1, d2 = r12 q1 + r22 q2. */
function planeBasis(d1: Float64Array, d2: Float64Array | null): { q: Float64Array[]; r11: number; r12: number; r22: number } {
  const r11 = Math.sqrt(dot(d1, d1));
  const q1 = Float64Array.from(d1, (x) => x / r11);
  if (!d2) return { q: [q1], r11, r12: 0, r22: 1 };
  const w = Float64Array.from(d2);
  let r12 = 0;
  for (let pass = 0; pass < 2; pass++) {
    const c = dot(q1, w);
    r12 += c;
    // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
    for (let i = 0; i < w.length; i++) w[i] -= c * q1[i];
  }
  const r22 = Math.sqrt(dot(w, w));
  if (!(r22 > 1e-12 * Math.sqrt(dot(d2, d2)))) throw new RangeError("directions d1 and d2 are parallel: they span no plane");
  return { q: [q1, Float64Array.from(w, (x) => x / r22)], r11, r12, r22 };
}

/** Coordinates (α, β) of a point in the plane's orthonormal basis, and the off-plane residual's norm; `r` is scratch. */
function coordinates(basis: ReturnType<typeof planeBasis>, theta: Float64Array, p: Float64Array, r: Float64Array, hasD2: boolean): { alpha: number; beta: number; offPlane: number; full: number } {
  const { q, r11, r12, r22 } = basis;
  const P = theta.length;
  // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
  for (let i = 0; i < P; i++) r[i] = p[i] - theta[i];
  const full = Math.sqrt(dot(r, r));
  // Coordinates in the orthonormal basis, residual re-projected once more for accuracy.
  const c = q.map(() => 0);
  for (let pass = 0; pass < 2; pass++) {
    q.forEach((qk, k) => {
      const ck = dot(qk, r);
      c[k] += ck;
      // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
      for (let i = 0; i < P; i++) r[i] -= ck * qk[i];
    });
  }
  const beta = hasD2 ? c[1] / r22 : 0;
  return { alpha: (c[0] - beta * r12) / r11, beta, offPlane: Math.sqrt(dot(r, r)), full };
}

/** Only the (α, β) of each point on the slice of (θ*, d1, d2): no loss evaluated (e.g. to fit a window). */
export function planeCoordinates(theta: Float64Array, d1: Float64Array, d2: Float64Array | null, points: readonly Float64Array[]): Array<{ alpha: number; beta: number }> {
  const P = theta.length;
  checkDirection(d1, P, "direction d1");
  if (d2) checkDirection(d2, P, "direction d2");
  const basis = planeBasis(d1, d2);
  const r = new Float64Array(P);
  return points.map((p, t) => {
    if (p.length !== P) throw new RangeError(`trajectory point ${t} has ${p.length} entries, the model ${P}`);
    const { alpha, beta } = coordinates(basis, theta, p, r, d2 !== null);
    return { alpha, beta };
  });
}

/** Projects each trajectory point onto the slice of (θ*, d1, d2); d2 null projects onto the line. */
export function projectTrajectory(
  arch: Architecture,
  theta: Float64Array,
  d1: Float64Array,
  d2: Float64Array | null,
  points: readonly Float64Array[],
  data: Table,
  loss: LossName,
  /** Called after each point (its index), e.g. for progress. */
  onPoint: (t: number) => void = () => {},
): ProjectedPoint[] {
  const P = parameterCount(arch);
  if (theta.length !== P) throw new RangeError(`θ has ${theta.length} entries, the model ${P}`);
  return projectTrajectoryWith(theta, d1, d2, points, (t) => forward(arch, t, data, loss).loss, onPoint);
}

/** The same for any model: `lossAt(θ)` is its mean loss at θ. */
export function projectTrajectoryWith(
  theta: Float64Array,
  d1: Float64Array,
  d2: Float64Array | null,
  points: readonly Float64Array[],
  lossAt: (theta: Float64Array) => number,
  /** Called after each point (its index), e.g. for progress. */
  onPoint: (t: number) => void = () => {},
): ProjectedPoint[] {
  const P = theta.length;
  checkDirection(d1, P, "direction d1");
  if (d2) checkDirection(d2, P, "direction d2");
  const basis = planeBasis(d1, d2);
  const r = new Float64Array(P);
  const onPlane = new Float64Array(P);
  return points.map((p, t) => {
    if (p.length !== P) throw new RangeError(`trajectory point ${t} has ${p.length} entries, the model ${P}`);
    const { alpha, beta, offPlane, full } = coordinates(basis, theta, p, r, d2 !== null);
    slicePoint(theta, d1, d2, alpha, beta, onPlane);
    const point = {
      alpha,
      beta,
      offPlane,
      offPlaneFraction: full > 0 ? offPlane / full : 0,
      loss: lossAt(p),
      planeLoss: lossAt(onPlane),
    };
    onPoint(t);
    return point;
  });
}
