// `slice` as a function: the loss, accuracy and gradient norm of a model over a line or plane
// θ* + α·d1 + β·d2 through its parameter space, with a trajectory projected onto it. An MLP
// (mlpModel) runs on the nn engine (the WebAssembly kernels on all cores); any other Model
// (an ONNX graph) point by point. planSlice gives everything but the values and an
// evaluation of any range of points (what the CLI's tiles and checkpoints run); slice runs
// all the points and returns what `slice --json` prints.

import { isMlpModel } from "../model/mlp-model.js";
import type { Model, ModelData } from "../model/model.js";
import { progressOf, throwIfAborted, type RunControl } from "./run-control.js";
import { planMlpSlice } from "./slice-mlp.js";
import { planModelSlice } from "./slice-model.js";
import { DEFAULT_SLICE_OPTIONS, type SliceOptions, type SlicePlan, type SliceResult } from "./slice-types.js";

export { DEFAULT_SLICE_OPTIONS, type SliceOptions, type SlicePlan, type SliceResult, type SliceDirections, type SliceTrajectoryPoint } from "./slice-types.js";
export { defaultMlpDirections, isWbPlane } from "./slice-mlp.js";
export { STANDARD_ERROR_FIELD } from "../formats/slice.js";
export { SliceError, type SliceOptionName } from "../slices/slice-error.js";

/**
 * The slice's plan: header, window (fitted with fit "path" on the axes not given in
 * `options`), directions, projected trajectory, and `evaluate` for its points. Throws
 * SliceError (a RangeError naming the option) for inputs that do not fit together, and the
 * signal's reason when aborted.
 */
export async function planSlice(model: Model, data: ModelData, options: Partial<SliceOptions> = {}, control?: RunControl): Promise<SlicePlan> {
  const o: SliceOptions = { ...DEFAULT_SLICE_OPTIONS, ...options };
  const progress = progressOf(control);
  if (isMlpModel(model)) return planMlpSlice(model, data, o, { alpha: options.alpha !== undefined, beta: options.beta !== undefined }, progress);
  return planModelSlice(model, data, o, progress);
}

/** The result of a plan and its values (one array per field, β-major): what `slice --json` prints. */
export function sliceResultOf(plan: SlicePlan, values: readonly Float64Array[]): SliceResult {
  const cols = plan.alpha.length;
  const rows = (v: Float64Array): number[][] => Array.from({ length: plan.beta.length }, (_, i) => Array.from(v.subarray(i * cols, (i + 1) * cols)));
  return {
    ...plan.header,
    alpha: Array.from(plan.alpha),
    beta: Array.from(plan.beta),
    directions: { ...plan.directionMeta, d1: Array.from(plan.d1), d2: plan.d2 ? Array.from(plan.d2) : null },
    fields: Object.fromEntries(plan.fields.map((f, i) => [f, rows(values[i])])),
    ...(plan.trajectory ? { trajectory: plan.trajectory } : {}),
  };
}

/**
 * Evaluates the slice: planSlice, then every point. onProgress hears the stages (directions,
 * projecting the trajectory, evaluating the points, by rows); an aborted signal stops it
 * between blocks of points and rejects with the signal's reason.
 */
export async function slice(model: Model, data: ModelData, options: Partial<SliceOptions> = {}, control?: RunControl): Promise<SliceResult> {
  const plan = await planSlice(model, data, options, control);
  const stage = `evaluating ${plan.alpha.length}×${plan.beta.length} points`;
  const values = plan.fields.map(() => new Float64Array(plan.total));
  await plan.evaluate({ start: 0, end: plan.total }, (at, v) => v.forEach((f, i) => values[i].set(f, at)), () => control?.signal?.aborted === true, (done, total) => control?.onProgress?.(stage, done / total));
  throwIfAborted(control?.signal);
  return sliceResultOf(plan, values);
}
