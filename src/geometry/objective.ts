// The loss as a function of a flat parameter vector: what sharpness, mode connectivity
// and the curvature estimators need from a model, and nothing else. Any model that can
// give its mean loss, gradient, accuracy and exact Hessian-vector products at θ plugs in;
// networkObjective adapts the MLP engine (../nn), other model kinds add their own adapter.

import type { SymmetricOperator } from "../curvature/operator.js";
import { hessianOperator } from "../curvature/operator.js";
import { createNetworkWorkspace, type NetworkWorkspace } from "../fast/nn-fast.js";
import { parameterCount, type Architecture } from "../nn/architecture.js";
import { evaluateNetwork, type NetworkEngine } from "../nn/forward.js";
import type { Table } from "../nn/table.js";
import type { LossName } from "../numerics/losses.js";

export interface Objective {
  /** Dimension P of θ. */
  readonly size: number;
  /** Mean loss at θ. */
  loss(theta: Float64Array): number;
  /** Mean loss at θ; its gradient is written into grad (length P). */
  lossGrad(theta: Float64Array, grad: Float64Array): number;
  /** Mean loss and accuracy (fraction of samples classified right) at θ. */
  evaluate(theta: Float64Array): { loss: number; accuracy: number };
  /** The Hessian of the mean loss at θ as an operator of exact products. */
  hessian(theta: Float64Array): SymmetricOperator;
}

/** The mean loss of an MLP on a data table; evaluations reuse one kernel workspace. */
export function networkObjective(arch: Architecture, data: Table, loss: LossName, engine: NetworkEngine = "fast"): Objective {
  const P = parameterCount(arch);
  const workspace: NetworkWorkspace | null = engine === "fast" ? createNetworkWorkspace(arch, data, loss) : null;
  const check = (theta: Float64Array): void => {
    if (theta.length !== P) throw new RangeError(`theta has ${theta.length} entries, the architecture ${P}`);
  };
  const point = (theta: Float64Array) => {
    check(theta);
    return evaluateNetwork(arch, theta, data, loss, { engine, workspace });
  };
  return {
    size: P,
    loss: (theta) => point(theta).loss,
    lossGrad(theta, grad) {
      const p = point(theta);
      grad.set(p.grad);
      return p.loss;
    },
    evaluate(theta) {
      const p = point(theta);
      return { loss: p.loss, accuracy: p.accuracy };
    },
    hessian: (theta) => (check(theta), hessianOperator(arch, theta, data, loss)),
  };
}
