// `slice` of any Model (an ONNX graph): the loss, accuracy (R² for mse) and gradient norm over
// a line or plane θ* + α·d1 + β·d2, with random (filter-normalized per Conv output channel and
// Gemm row), file, interp, pca (of a trajectory, 1-D tensors masked under bias rule zero as Li's
// --ignore biasbn) or eigen (top Hessian eigenvectors) directions; a trajectory is projected
// onto the plane. The model runs in eval mode; each point is computed alone.

import { extremeEigen } from "../curvature/extreme-eigen.js";
import { modelHessianOperator } from "../model/curvature.js";
import { normalizeModelDirection } from "../model/directions.js";
import type { Model, ModelData } from "../model/model.js";
import { isGraphModel } from "../model/onnx-model.js";
import { evaluateModelSliceRange } from "../model/slice.js";
import { evaluateModelSliceRangeParallel } from "../model/slice-parallel.js";
import { axisValues } from "../numerics/grid.js";
import { randomDirections } from "../slices/directions.js";
import { maskedPca } from "../slices/pca.js";
import { projectTrajectoryWith } from "../slices/projection.js";
import { SliceError, sliceErrorOn } from "../slices/slice-error.js";
import { contentDigest } from "../tiles/settings-hash.js";
import { modelLoss } from "./probe.js";
import type { ProgressCallback } from "./run-control.js";
import { checkedWindow } from "./slice-mlp.js";
import type { SliceOptions, SlicePlan, SliceTrajectoryPoint } from "./slice-types.js";

/** Lets the event loop run (a signal's handler, a timer) between rows. */
const yieldToLoop = (): Promise<void> => new Promise((r) => (typeof setImmediate === "function" ? setImmediate(r) : setTimeout(r, 0)));

export async function planModelSlice(model: Model, data: ModelData, o: SliceOptions, progress: ProgressCallback): Promise<SlicePlan> {
  const spec = o.directions ?? { kind: "random" as const };
  const dims = o.dims ?? (spec.kind === "interp" && spec.points.length === 1 ? 1 : 2);
  const grid = checkedWindow({ alpha: o.alpha, beta: dims === 2 ? o.beta : null });
  const trajectory = o.trajectory;
  if (trajectory && trajectory.points.length < 2) throw new SliceError("trajectory", `a trajectory needs at least 2 points (got ${trajectory.points.length})`);
  if (spec.kind === "pca" && !trajectory) throw new SliceError("directions", "pca directions need a trajectory");
  // θ*: params, else for pca the trajectory's last point (Li et al. plot around the final model), else the model's.
  const fromTrajectory = spec.kind === "pca" && o.params === null;
  const theta = fromTrajectory ? Float64Array.from(trajectory!.points[trajectory!.points.length - 1]) : (o.params ?? model.theta);
  if (theta.length !== model.P) throw new RangeError(`params has ${theta.length} entries; the model has P = ${model.P} parameters`);
  const loss = modelLoss(model, theta, data, o.loss);
  const { seed, normalize: normalization, biasDirections: bias } = o;
  progress(`directions (${spec.kind})`);
  let dirs: Float64Array[];
  let meta: Record<string, unknown>;
  let rescale = true;
  const enough = (have: number, what: string): void => {
    if (have < dims) throw new SliceError("directions", `${spec.kind} directions: a plane needs two ${what} (got ${have})`);
  };
  switch (spec.kind) {
    case "random":
      dirs = randomDirections(model.P, dims, seed);
      meta = { seed };
      break;
    case "files":
      enough(spec.vectors.length, "vectors");
      dirs = spec.vectors.slice(0, dims);
      meta = { files: spec.files.slice(0, dims) };
      break;
    case "interp":
      enough(spec.points.length, "end points");
      dirs = spec.points.slice(0, dims).map((p) => p.map((v, i) => v - theta[i]));
      meta = { to: spec.to.slice(0, dims) };
      rescale = false;
      break;
    case "pca": {
      // tensors of one dimension (biases, BatchNorm scale and shift) are left out under bias rule zero, as Li's --ignore biasbn
      const mask = new Float64Array(model.P).fill(1);
      if (bias === "zero") for (const p of model.parameters) if (p.shape.length < 2) mask.fill(0, p.offset, p.offset + p.size);
      const points = trajectory!.points;
      const r = sliceErrorOn("trajectory", () => maskedPca(model.P, points, mask));
      dirs = r.directions.slice(0, dims);
      meta = { points: r.points, explainedVarianceRatio: r.explainedVarianceRatio.slice(0, dims), explainedVariance: r.explainedVariance.slice(0, dims), singularValues: r.singularValues.slice(0, dims) };
      rescale = false;
      break;
    }
    case "eigen": {
      const e = extremeEigen(modelHessianOperator(model, theta, data, loss), { top: dims, bottom: 0, vectors: true, seed });
      dirs = (e.top.vectors ?? []).map((v) => Float64Array.from(v));
      meta = { seed, eigenvalues: e.top.values, lanczosSteps: e.steps, converged: e.converged };
      rescale = false;
      break;
    }
    case "axes":
      throw new SliceError("directions", "axes directions are for an MLP's named parameters; a model takes random, files, interp, pca or eigen");
  }
  const [d1, d2 = null] = rescale ? sliceErrorOn("directions", () => dirs.map((d) => normalizeModelDirection(model.parameters, theta, d, normalization, bias))) : dirs;
  const cols = grid.alpha.count;
  const N = data.x.shape[0];
  let projected: SliceTrajectoryPoint[] | null = null;
  if (trajectory) {
    projected = sliceErrorOn("trajectory", () => projectTrajectoryWith(theta, d1, d2, trajectory.points, (t) => model.lossValue(t, data, loss))).map((p, t) => ({ step: trajectory.steps[t], ...p }));
  }
  const alpha = axisValues(grid.alpha);
  const beta = grid.beta ? axisValues(grid.beta) : Float64Array.of(0);
  return {
    header: { loss, model: { file: model.source ?? null, params: model.P }, center: o.params !== null ? o.paramsSource : fromTrajectory ? "the trajectory's last point" : "the model's parameters", samples: N, dims, ...(loss === "mse" ? { accuracyField: "r2" } : {}) },
    grid,
    alpha,
    beta,
    center: theta,
    d1,
    d2,
    directionMeta: { kind: spec.kind, normalization: rescale ? normalization : "none", biasDirections: bias, ...meta },
    trajectory: projected,
    fields: ["loss", "accuracy", "gradNorm"],
    total: alpha.length * beta.length,
    evaluation: "model graph",
    digests: {
      data: contentDigest([JSON.stringify(data.x.shape), data.x.data, JSON.stringify(data.yShape), data.y]),
      params: contentDigest([theta]),
      directions: contentDigest([d1, d2]),
      trajectory: trajectory ? contentDigest(trajectory.points.map((q) => Float64Array.from(q))) : "none",
    },
    // A row at a time, yielding between rows so a signal's handler can stop the run. A graph
    // loaded from bytes shares the rows with worker threads (the same numbers to the bit).
    async evaluate(range, onBlock, shouldStop, onRow) {
      if (isGraphModel(model) && model.onnx !== undefined) {
        const onnx = { bytes: model.onnx, source: model.source ?? "model" };
        const rows = onRow === undefined ? {} : { onRow };
        await evaluateModelSliceRangeParallel(onnx, model, theta, d1, d2, data, loss, grid, range, onBlock, shouldStop, rows);
        return;
      }
      for (let p = range.start; p < range.end; ) {
        if (shouldStop()) return;
        const e = Math.min(range.end, (Math.floor(p / cols) + 1) * cols);
        evaluateModelSliceRange(model, theta, d1, d2, data, loss, grid, { start: p, end: e }, onBlock);
        onRow?.(e - range.start, range.end - range.start);
        p = e;
        await yieldToLoop();
      }
    },
  };
}
