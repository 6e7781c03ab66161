// Today's MLPs (--hidden/--activation, ../nn) as a Model: parameters layers.K.weight [out, in] and
// layers.K.bias [out] in θ's existing order, each operation the nn engine's own (the WebAssembly
// kernels where they apply), so every MLP number stays what it was. Its output head is the
// tutorial's: one logit z, p = σ(z); "bce" is BCE on p (= with logits), "mse" is MSE on p, as
// the networks' commands define them.

import { layerShapes, parameterCount, type Architecture } from "../nn/architecture.js";
import { evaluateNetwork, forward } from "../nn/forward.js";
import { curvatureState, hessianVectorInto } from "../nn/hvp.js";
import type { Table } from "../nn/table.js";
import type { LossName } from "../numerics/losses.js";
import type { Tensor } from "../graph/tensor.js";
import type { ModelLossName } from "./losses.js";
import type { Model, ModelData, ParamTensor } from "./model.js";

/** A model's data as the nn engine's Table (shares its arrays): X flattened to N × d. */
export function tableOf(data: ModelData): Table {
  const N = data.x.shape[0];
  return { x: data.x.data, y: data.y, inputs: data.x.data.length / Math.max(1, N), source: data.source };
}

/** An nn Table (the built-in 2-D sets, a CSV) as a model's data (shares its arrays). */
export function modelDataOfTable(t: Table): ModelData {
  const N = t.y.length;
  return { x: { shape: [N, t.inputs], data: t.x }, y: t.y, yShape: [N], source: t.source };
}

/** An MLP as a Model that also carries its Architecture, so commands can take the nn engine's fast paths. */
export interface MlpModel extends Model {
  readonly architecture: Architecture;
}

/** Whether a Model is an MLP of mlpModel (and so has an Architecture). */
export function isMlpModel(model: Model): model is MlpModel {
  return "architecture" in model && (model as Partial<MlpModel>).architecture !== undefined;
}

function lossOf(loss: ModelLossName): LossName {
  if (loss === "ce") throw new RangeError("an MLP of --hidden has one sigmoid output: --loss bce or mse");
  return loss;
}

/** The MLP `arch` at θ; `source` names where θ came from (a params file's path), for reports. */
export function mlpModel(arch: Architecture, theta: Float64Array, source?: string): MlpModel {
  const parameters: ParamTensor[] = layerShapes(arch).flatMap((s) => [
    { name: `layers.${s.index}.weight`, shape: [s.fanOut, s.fanIn], offset: s.weightOffset, size: s.fanOut * s.fanIn },
    { name: `layers.${s.index}.bias`, shape: [s.fanOut], offset: s.biasOffset, size: s.fanOut },
  ]);
  const logits = (t: Float64Array, x: Tensor): Tensor => {
    const N = x.shape[0];
    const pass = forward(arch, t, { x: x.data, y: new Float64Array(N), inputs: x.data.length / Math.max(1, N), source: "" }, "bce");
    return { shape: [N, 1], data: pass.z[pass.z.length - 1] };
  };
  const curvature = (t: Float64Array, data: ModelData, loss: ModelLossName) => {
    const table = tableOf(data);
    const p = evaluateNetwork(arch, t, table, lossOf(loss));
    const state = curvatureState(arch, t, table, lossOf(loss));
    return {
      loss: p.loss,
      gradient: p.grad,
      output: logits(t, data.x),
      hvp: (v: Float64Array) => {
        const out = new Float64Array(t.length);
        hessianVectorInto(state, v, out);
        return out;
      },
    };
  };
  return {
    ...(source !== undefined ? { source } : {}),
    architecture: arch,
    parameters,
    buffers: [],
    P: parameterCount(arch),
    theta,
    lossGradient(t, data, loss) {
      const p = evaluateNetwork(arch, t, tableOf(data), lossOf(loss));
      return { loss: p.loss, gradient: p.grad, output: logits(t, data.x) };
    },
    lossValue: (t, data, loss) => evaluateNetwork(arch, t, tableOf(data), lossOf(loss)).loss,
    hessianVector(t, v, data, loss) {
      const c = curvature(t, data, loss);
      return { loss: c.loss, gradient: c.gradient, output: c.output, hv: c.hvp(v) };
    },
    curvature,
    outputs: logits,
  };
}
