// Which ONNX models weight matching can permute: a chain of fully connected layers (Gemm nodes,
// weights [out, in] as nn.Linear stores them, then biases [out]) with elementwise activations
// between them, as torch.onnx.export writes an nn.Sequential of Linear layers and activations.
// The graph's ops and the parameters' shapes are checked, then the function itself: a cyclic
// shift of every hidden layer's units must leave the model's outputs unchanged on the data.

import type { LayerShape } from "../nn/architecture.js";
import type { ModelData } from "../model/model.js";
import type { GraphModel } from "../model/onnx-model.js";
import { permuteHidden } from "./permute.js";

export class AlignmentError extends Error {
  override name = "AlignmentError";
}

const ELEMENTWISE = new Set(["Relu", "LeakyRelu", "Sigmoid", "Tanh", "Softplus", "Elu", "Selu", "Gelu", "Erf", "Identity", "Flatten"]);

/** The layers of a graph model that is a chain of fully connected layers; throws AlignmentError naming why not. */
export function linearChainLayers(model: GraphModel, data: ModelData): LayerShape[] {
  const conv = model.graph.nodes.find((n) => n.opType === "Conv" || n.opType === "ConvTranspose");
  if (conv) throw new AlignmentError(`the model has convolutions (node ${conv.name || conv.output}, ${conv.opType}); aligning models with convolutions is not supported yet`);
  const other = model.graph.nodes.find((n) => n.opType !== "Gemm" && !ELEMENTWISE.has(n.opType));
  if (other) throw new AlignmentError(`the model has a ${other.opType} node (${other.name || other.output}); weight matching supports chains of Gemm (nn.Linear) layers with elementwise activations`);
  const ps = model.parameters;
  const layers: LayerShape[] = [];
  for (let i = 0; i < ps.length; i += 2) {
    const w = ps[i], b = ps[i + 1];
    const ok = w.shape.length === 2 && b !== undefined && b.shape.length === 1 && b.shape[0] === w.shape[0] && b.offset === w.offset + w.size && (layers.length === 0 || layers[layers.length - 1].fanOut === w.shape[1]);
    if (!ok) throw new AlignmentError(`parameter ${w.name} [${w.shape.join(", ")}] does not continue a chain of nn.Linear layers (weight [out, in] then bias [out], each layer's in the last one's out)`);
    layers.push({ index: layers.length, fanIn: w.shape[1], fanOut: w.shape[0], weightOffset: w.offset, biasOffset: b.offset });
  }
  if (layers.length !== model.graph.nodes.filter((n) => n.opType === "Gemm").length) throw new AlignmentError("the model's Gemm nodes do not match its weight and bias pairs one to one");
  // The function itself must not change when hidden units are permuted.
  // A cyclic shift moves every unit of a layer wider than one.
  const perms = layers.slice(0, -1).map((l) => Int32Array.from({ length: l.fanOut }, (_, i) => (i + 1) % l.fanOut));
  const n = Math.min(64, data.x.shape[0]);
  const per = data.x.data.length / data.x.shape[0];
  const x = { shape: [n, ...data.x.shape.slice(1)], data: data.x.data.subarray(0, n * per) };
  const before = model.outputs(model.theta, x).data, after = model.outputs(permuteHidden(layers, model.theta, perms), x).data;
  let scale = 1, diff = 0;
  for (let i = 0; i < before.length; i++) {
    scale = Math.max(scale, Math.abs(before[i]));
    diff = Math.max(diff, Math.abs(before[i] - after[i]));
  }
  if (!(diff <= 1e-9 * scale)) throw new AlignmentError(`permuting the hidden units of the model's layers changes its outputs (by ${diff.toPrecision(3)}): it is not a chain of nn.Linear layers that weight matching can permute`);
  return layers;
}
