// The one model interface every model command sees: ordered named parameter tensors laid out in
// a flat θ (PyTorch's named_parameters() order), buffers, and the operations the commands need —
// the mean loss and its gradient over a data set, exact Hessian-vector products, and outputs.
// An ONNX graph is one implementation (onnx-model.ts); today's MLPs are another (mlp-model.ts).

import type { BufferTensor, ParamTensor } from "../graph/graph.js";
import type { Tensor } from "../graph/tensor.js";
import type { ModelLossName } from "./losses.js";

export type { BufferTensor, ParamTensor };

/** Samples X (N×…) and targets y (N, or N×K for regression), both float64. */
export interface ModelData {
  x: Tensor;
  y: Float64Array;
  /** The targets' shape as read (N or N×K). */
  yShape: number[];
  source: string;
}

export interface LossGradient {
  loss: number;
  gradient: Float64Array;
  /** The model's output on the data (the logits the loss reads). */
  output: Tensor;
}

export interface Model {
  /** Where the model came from (a file's path as given), for reports; as ModelData's source. */
  readonly source?: string;
  readonly parameters: readonly ParamTensor[];
  readonly buffers: readonly BufferTensor[];
  /** Number of parameters (θ's length). */
  readonly P: number;
  /** θ as the model was given (initializers, or the network's init). */
  readonly theta: Float64Array;
  /** Mean loss and gradient at θ over the data. */
  lossGradient(theta: Float64Array, data: ModelData, loss: ModelLossName): LossGradient;
  /** Mean loss only (cheaper: no backward pass). */
  lossValue(theta: Float64Array, data: ModelData, loss: ModelLossName): number;
  /** Exact H·v of the mean loss at θ, with the loss and gradient it came with. */
  hessianVector(theta: Float64Array, v: Float64Array, data: ModelData, loss: ModelLossName): LossGradient & { hv: Float64Array };
  /** One point's loss, gradient and an H·v function that reuses its forward and backward passes. */
  curvature(theta: Float64Array, data: ModelData, loss: ModelLossName): LossGradient & { hvp(v: Float64Array): Float64Array };
  /** The outputs (logits) on X. */
  outputs(theta: Float64Array, x: Tensor): Tensor;
}

/** Rows [start, end) of a data set (a mini-batch). */
export function batchOf(data: ModelData, start: number, end: number): ModelData {
  const N = data.x.shape[0];
  const xs = data.x.data.length / N;
  const ys = data.y.length / N;
  return {
    x: { shape: [end - start, ...data.x.shape.slice(1)], data: data.x.data.subarray(start * xs, end * xs) },
    y: data.y.subarray(start * ys, end * ys),
    yShape: [end - start, ...data.yShape.slice(1)],
    source: data.source,
  };
}

export const sampleCount = (data: ModelData): number => data.x.shape[0];

/** The flat θ as tensors by name. */
export function tensorsByName(model: Pick<Model, "parameters">, flat: Float64Array): Map<string, { shape: number[]; data: Float64Array }> {
  return new Map(model.parameters.map((p) => [p.name, { shape: p.shape, data: flat.subarray(p.offset, p.offset + p.size) }]));
}
