// The Objective of a Model (../model): the mean loss of an ONNX graph (or any Model) over a data
// set, its gradient and exact H·v from the model's own passes. One of today's MLPs (a Model that
// carries its architecture) goes through networkObjective instead, so its numbers are the
// network commands' to the bit. Accuracy is the fraction classified right for ce and bce, and
// R² (1 − SS_res/SS_tot) for mse, as the other model commands report it.

import { modelHessianOperator } from "../model/curvature.js";
import { accuracyOf, lossHead, rSquared, type ModelLossName } from "../model/losses.js";
import type { Model, ModelData } from "../model/model.js";
import { isMlpModel, tableOf } from "../model/mlp-model.js";
import { networkObjective, type Objective } from "./objective.js";

export function modelObjective(model: Model, data: ModelData, loss: ModelLossName): Objective {
  if (isMlpModel(model)) {
    if (loss === "ce") throw new RangeError("an MLP of --hidden has one sigmoid output: --loss bce or mse");
    return networkObjective(model.architecture, tableOf(data), loss);
  }
  const P = model.P;
  const check = (theta: Float64Array): void => {
    if (theta.length !== P) throw new RangeError(`theta has ${theta.length} entries, the model ${P}`);
  };
  return {
    size: P,
    loss: (theta) => (check(theta), model.lossValue(theta, data, loss)),
    lossGrad(theta, grad) {
      check(theta);
      const r = model.lossGradient(theta, data, loss);
      grad.set(r.gradient);
      return r.loss;
    },
    evaluate(theta) {
      check(theta);
      const out = model.outputs(theta, data.x);
      const value = lossHead(loss, data.y).grad(out).loss;
      const accuracy = (loss === "mse" ? rSquared(out, data.y) : accuracyOf(loss, out, data.y)) ?? 0;
      return { loss: value, accuracy };
    },
    hessian: (theta) => (check(theta), modelHessianOperator(model, theta, data, loss)),
  };
}
