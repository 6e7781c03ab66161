// Per-layer statistics of a model, the tutorial's criteria for any model: a layer is each Gemm,
// MatMul or Conv node and the activation after it (the next node when it is an elementwise
// activation, through a BatchNormalization or a bias Add in between). For each: the
// pre-activation's and the activation's mean and population std over all units × samples, the
// activation's saturated fraction (σ < 0.01 or > 0.99; |tanh| or |softsign| > 0.99; ReLU-family
// pre-activation ≤ 0), the backprop {mean, std} of ∂ℓ_i/∂z (one sample's loss: the mean loss's
// cotangent times N), and the Frobenius norm of the mean loss's gradient of the layer's weight.

import { gradientPass } from "../graph/engine.js";
import type { Graph } from "../graph/graph.js";
import { meanStd, type MeanStd } from "../nn/layer-stats.js";
import { lossHead, type ModelLossName } from "./losses.js";
import type { ModelData } from "./model.js";

export interface ModelLayerStats {
  index: number;
  /** The node name and op of the linear part, and the activation's op (null: none follows). */
  node: string;
  op: string;
  activationOp: string | null;
  weight: string | null;
  preactivation: MeanStd;
  activation: MeanStd & { saturated: number | null };
  backprop: MeanStd;
  weightGradNorm: number;
}

const ACTIVATIONS = new Set(["Relu", "LeakyRelu", "Sigmoid", "Tanh", "Softplus", "Elu", "Softsign", "Erf"]);
const PASS_THROUGH = new Set(["BatchNormalization", "Add"]);

function saturation(op: string | null, z: Float64Array, a: Float64Array): number | null {
  if (op === null) return null;
  let n = 0;
  for (let i = 0; i < z.length; i++) {
    if (op === "Sigmoid") n += a[i] < 0.01 || a[i] > 0.99 ? 1 : 0;
    else if (op === "Tanh" || op === "Softsign") n += Math.abs(a[i]) > 0.99 ? 1 : 0;
    else if (op === "Relu" || op === "LeakyRelu" || op === "Elu" || op === "Softplus") n += z[i] <= 0 ? 1 : 0;
    else return null;
  }
  return z.length ? n / z.length : 0;
}

export function modelLayerStats(graph: Graph, theta: Float64Array, data: ModelData, loss: ModelLossName): ModelLayerStats[] {
  const pass = gradientPass(graph, theta, data.x, lossHead(loss, data.y));
  const N = data.x.shape[0];
  const consumers = (value: string) => graph.nodes.filter((n) => n.inputs.includes(value));
  const out: ModelLayerStats[] = [];
  for (const node of graph.nodes) {
    if (node.opType !== "Gemm" && node.opType !== "MatMul" && node.opType !== "Conv") continue;
    if (!node.active) continue;
    let pre = node.output;
    let next = consumers(pre);
    while (next.length === 1 && PASS_THROUGH.has(next[0].opType)) {
      pre = next[0].output;
      next = consumers(pre);
    }
    const act = next.length === 1 && ACTIVATIONS.has(next[0].opType) ? next[0] : null;
    const z = pass.values.get(pre)!.data;
    const a = act ? pass.values.get(act.output)!.data : z;
    const g = pass.cotangents.get(pre);
    const back = g ? meanStd(g.data.map((v) => v * N)) : { mean: 0, std: 0 };
    const weight = node.inputs.find((n, j) => j > 0 && graph.parameters.some((p) => p.name === n && p.shape.length >= 2)) ?? null;
    const wp = weight ? graph.parameters.find((p) => p.name === weight)! : null;
    let gn = 0;
    if (wp) for (let i = wp.offset; i < wp.offset + wp.size; i++) gn += pass.gradient[i] * pass.gradient[i];
    out.push({
      index: out.length,
      node: node.name,
      op: node.opType,
      activationOp: act ? act.opType : null,
      weight,
      preactivation: meanStd(z),
      activation: { ...meanStd(a), saturated: saturation(act ? act.opType : null, z, a) },
      backprop: back,
      weightGradNorm: Math.sqrt(gn),
    });
  }
  return out;
}
