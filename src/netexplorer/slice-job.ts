// The expensive view, computed in the page's worker: a 2-D slice of the training loss
// around the focus run's current θ (filter-normalized random directions as `slice`
// draws them by default, or the trajectory's PCA plane), the trajectory so far projected
// onto it, and the top Hessian eigenvalue (sharpness) at each kept point of the run.

import { extremeEigen } from "../curvature/extreme-eigen.js";
import { hessianOperator } from "../curvature/operator.js";
import type { Architecture } from "../nn/architecture.js";
import type { Table } from "../nn/table.js";
import type { LossName } from "../numerics/losses.js";
import { randomDirections } from "../slices/directions.js";
import { normalizeDirection } from "../slices/normalize.js";
import { trajectoryPca } from "../slices/pca.js";
import { projectTrajectory } from "../slices/projection.js";
import { axisValues } from "../numerics/grid.js";
import { slicePoint } from "../slices/slice.js";
import { evaluatePass, slicePass } from "../slices/slice-pass.js";

export type SliceDirections = "filter" | "pca";
export const SLICE_POINTS = 31;

export interface SliceJob {
  arch: Architecture;
  theta: Float64Array;
  points: Float64Array[];
  epochs: number[];
  data: Table;
  loss: LossName;
  directions: SliceDirections;
}

export interface SliceAnswer {
  directions: SliceDirections;
  alpha: { min: number; max: number; count: number };
  beta: { min: number; max: number; count: number };
  /** Loss at [row β][column α], β ascending. */
  loss: Float64Array;
  path: Array<{ alpha: number; beta: number }>;
  /** Top Hessian eigenvalue at each kept epoch. */
  sharpness: Array<{ epoch: number; value: number }>;
}

function window(values: number[]): { min: number; max: number } {
  let lo = 0, hi = 0;
  for (const v of values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const pad = 0.1 * Math.max(hi - lo, 1e-6);
  return { min: lo - pad, max: hi + pad };
}

export function computeSlice(job: SliceJob, progress: (message: string) => void): SliceAnswer {
  const { arch, theta, data, loss } = job;
  const P = theta.length;
  let d1: Float64Array, d2: Float64Array;
  if (job.directions === "pca") {
    if (job.points.length < 3) throw new RangeError("the PCA plane needs at least 3 saved points: train a few epochs first");
    [d1, d2] = trajectoryPca(arch, job.points, "zero").directions;
  } else {
    [d1, d2] = randomDirections(P, 2, 0).map((d) => normalizeDirection(arch, theta, d, "filter", "zero"));
  }
  progress("projecting the trajectory");
  const path = projectTrajectory(arch, theta, d1, d2, job.points, data, loss).map((p) => ({ alpha: p.alpha, beta: p.beta }));
  const unit = { min: -1, max: 1 };
  const alpha = { ...(job.directions === "pca" ? window(path.map((p) => p.alpha)) : unit), count: SLICE_POINTS };
  const beta = { ...(job.directions === "pca" ? window(path.map((p) => p.beta)) : unit), count: SLICE_POINTS };
  // evaluateSlice's loop, point by point with the same functions, into a plain array (its
  // ndarray fields compile code with new Function, which the page's CSP refuses).
  const as = axisValues(alpha), bs = axisValues(beta);
  const field = new Float64Array(as.length * bs.length);
  const buf = slicePass(arch, data, P, loss, { engine: "reference" });
  const point = new Float64Array(P), out = new Float64Array(3);
  for (let i = 0; i < bs.length; i++) {
    for (let j = 0; j < as.length; j++) {
      slicePoint(theta, d1, d2, as[j], bs[i], point);
      evaluatePass(arch, buf, point, data, loss, out);
      field[i * as.length + j] = out[0];
    }
    progress(`slice row ${i + 1} of ${bs.length}`);
  }
  const sharpness: SliceAnswer["sharpness"] = [];
  job.points.forEach((p, k) => {
    progress(`sharpness at epoch ${job.epochs[k]} (${k + 1} of ${job.points.length})`);
    const e = extremeEigen(hessianOperator(arch, p, data, loss, "reference"), { top: 1, bottom: 0, vectors: false, seed: 0, tol: 1e-8 });
    sharpness.push({ epoch: job.epochs[k], value: e.top.values[0] });
  });
  return { directions: job.directions, alpha, beta, loss: field, path, sharpness };
}
