// A model's loss, accuracy and full gradient norm on a slice θ(α, β) = θ* + α·d1 + β·d2 (a line
// when d2 is null), fields indexed [beta][alpha] as the network slice's (../slices/slice.ts).

import { axisValues, makeField } from "../numerics/grid.js";
import { checkSliceSpec, slicePoint, type SliceResult, type SliceSpec } from "../slices/slice.js";
import { accuracyOf, rSquared, type ModelLossName } from "./losses.js";
import type { Model, ModelData } from "./model.js";

/** Loss, accuracy (R² for mse) and ‖∇L‖ at one point θ into out[0..2]. */
function modelPointValues(model: Model, point: Float64Array, data: ModelData, loss: ModelLossName, out: Float64Array): void {
  const r = model.lossGradient(point, data, loss);
  out[0] = r.loss;
  // regression has no accuracy: its field holds R² instead
  out[1] = (loss === "mse" ? rSquared(r.output, data.y) : accuracyOf(loss, r.output, data.y)) ?? 0;
  let s = 0;
  for (let q = 0; q < r.gradient.length; q++) s += r.gradient[q] * r.gradient[q];
  out[2] = Math.sqrt(s);
}

function checkModelSlice(model: Model, d1: Float64Array, d2: Float64Array | null, spec: SliceSpec): void {
  if (d1.length !== model.P || (d2 && d2.length !== model.P)) throw new RangeError(`directions must have P = ${model.P} entries`);
  if ((spec.beta === null) !== (d2 === null)) throw new RangeError("a 2-D slice needs d2 and a beta axis; a 1-D slice neither");
  checkSliceSpec(spec);
}

export function evaluateModelSlice(
  model: Model, theta: Float64Array, d1: Float64Array, d2: Float64Array | null, data: ModelData, loss: ModelLossName, spec: SliceSpec,
  onRow?: (done: number, total: number) => void,
): SliceResult {
  checkModelSlice(model, d1, d2, spec);
  const alpha = axisValues(spec.alpha);
  const beta = spec.beta ? axisValues(spec.beta) : Float64Array.of(0);
  const rows = beta.length;
  const cols = alpha.length;
  const fields = { loss: makeField(rows, cols), accuracy: makeField(rows, cols), gradNorm: makeField(rows, cols) };
  evaluateModelSliceRange(model, theta, d1, d2, data, loss, spec, { start: 0, end: rows * cols }, (at, v) => {
    fields.loss.data.set(v[0], at);
    fields.accuracy.data.set(v[1], at);
    fields.gradNorm.data.set(v[2], at);
    onRow?.(Math.ceil((at + v[0].length) / cols), rows);
  });
  return { alpha, beta, fields };
}

/**
 * Points [start, end) of the slice in β-major order, a row's worth at a time handed to
 * onBlock(first point, [loss, accuracy, ‖∇L‖]) (a tile's points): each point is computed
 * alone, so they are evaluateModelSlice's numbers to the bit. Stops between rows when
 * shouldStop() is true.
 */
export function evaluateModelSliceRange(
  model: Model, theta: Float64Array, d1: Float64Array, d2: Float64Array | null, data: ModelData, loss: ModelLossName, spec: SliceSpec,
  range: { start: number; end: number }, onBlock: (at: number, values: Float64Array[]) => void, shouldStop: () => boolean = () => false,
): void {
  checkModelSlice(model, d1, d2, spec);
  const alpha = axisValues(spec.alpha);
  const beta = spec.beta ? axisValues(spec.beta) : Float64Array.of(0);
  const cols = alpha.length;
  if (!(0 <= range.start && range.start <= range.end && range.end <= cols * beta.length)) throw new RangeError(`points [${range.start}, ${range.end}) are not within the slice's ${cols * beta.length}`);
  const point = new Float64Array(model.P);
  const out = new Float64Array(3);
  for (let p = range.start; p < range.end; ) {
    if (shouldStop()) return;
    const stop = Math.min(range.end, (Math.floor(p / cols) + 1) * cols);
    const v = [new Float64Array(stop - p), new Float64Array(stop - p), new Float64Array(stop - p)];
    for (let q = p; q < stop; q++) {
      slicePoint(theta, d1, d2, alpha[q % cols], beta[Math.floor(q / cols)], point);
      modelPointValues(model, point, data, loss, out);
      for (let f = 0; f < 3; f++) v[f][q - p] = out[f];
    }
    onBlock(p, v);
    p = stop;
  }
}
