// A model's loss, accuracy and full gradient norm on a slice θ(α, β) = θ* + α·d1 + β·d2 (a line
// when d2 is null), fields indexed [beta][alpha] as the network slice's (../slices/slice.ts).

import { axisValues, makeField } from "../numerics/grid.js";
import { checkSliceSpec, slicePoint, type SliceResult, type SliceSpec } from "../slices/slice.js";
import { accuracyOf, rSquared, type ModelLossName } from "./losses.js";
import type { Model, ModelData } from "./model.js";

export function evaluateModelSlice(
  model: Model, theta: Float64Array, d1: Float64Array, d2: Float64Array | null, data: ModelData, loss: ModelLossName, spec: SliceSpec,
  onRow?: (done: number, total: number) => void,
): SliceResult {
  if (d1.length !== model.P || (d2 && d2.length !== model.P)) throw new RangeError(`directions must have P = ${model.P} entries`);
  if ((spec.beta === null) !== (d2 === null)) throw new RangeError("a 2-D slice needs d2 and a beta axis; a 1-D slice neither");
  checkSliceSpec(spec);
  const alpha = axisValues(spec.alpha);
  const beta = spec.beta ? axisValues(spec.beta) : Float64Array.of(0);
  const rows = beta.length;
  const cols = alpha.length;
  const fields = { loss: makeField(rows, cols), accuracy: makeField(rows, cols), gradNorm: makeField(rows, cols) };
  const point = new Float64Array(model.P);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      slicePoint(theta, d1, d2, alpha[j], beta[i], point);
      const r = model.lossGradient(point, data, loss);
      const k = i * cols + j;
      fields.loss.data[k] = r.loss;
      // regression has no accuracy: its field holds R² instead
      fields.accuracy.data[k] = (loss === "mse" ? rSquared(r.output, data.y) : accuracyOf(loss, r.output, data.y)) ?? 0;
      let s = 0;
      for (let q = 0; q < r.gradient.length; q++) s += r.gradient[q] * r.gradient[q];
      fields.gradNorm.data[k] = Math.sqrt(s);
    }
    onRow?.(i + 1, rows);
  }
  return { alpha, beta, fields };
}
