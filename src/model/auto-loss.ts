// --loss auto: the loss a model's output and its targets imply. ce for K ≥ 2 outputs with
// non-negative integer labels, else bce for one output with 0/1 targets, else mse.

import type { Tensor } from "../graph/tensor.js";
import type { ModelLossName } from "./losses.js";
import type { Model, ModelData } from "./model.js";

/** From one sample's output (its size is K). */
export function lossFromOutput(one: Tensor, data: ModelData): ModelLossName {
  const N = data.x.shape[0];
  const K = one.data.length;
  if (K >= 2 && data.y.length === N && data.y.every((v) => Number.isInteger(v) && v >= 0)) return "ce";
  if (K === 1 && data.y.every((v) => v === 0 || v === 1)) return "bce";
  return "mse";
}

/** The loss named, or for "auto" the one the model's output on the first sample implies. */
export function resolveModelLoss(model: Model, theta: Float64Array, data: ModelData, loss: ModelLossName | "auto"): ModelLossName {
  if (loss !== "auto") return loss;
  const sample = data.x.shape.slice(1);
  const size = sample.reduce((a, b) => a * b, 1);
  const one = model.outputs(theta, { shape: [1, ...sample], data: data.x.data.subarray(0, size) });
  return lossFromOutput(one, data);
}
