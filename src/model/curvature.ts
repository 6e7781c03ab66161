// A model's Hessian: as an operator (exact H·v products sharing one forward and backward pass),
// dense for P ≤ MAX_DENSE_HESSIAN_PARAMS (../nn/hessian.ts's denseFromProducts: column j = H e_j,
// symmetrized), and its per-parameter-tensor diagonal blocks.

import type { SymmetricOperator } from "../curvature/operator.js";
import { denseFromProducts, MAX_DENSE_HESSIAN_PARAMS } from "../nn/hessian.js";
import type { ModelLossName } from "./losses.js";
import type { Model, ModelData } from "./model.js";

export { MAX_DENSE_HESSIAN_PARAMS };

export function modelHessianOperator(model: Model, theta: Float64Array, data: ModelData, loss: ModelLossName): SymmetricOperator {
  const c = model.curvature(theta, data, loss);
  return { size: model.P, apply: (v, out) => out.set(c.hvp(v)) };
}

export function modelDenseHessian(model: Model, theta: Float64Array, data: ModelData, loss: ModelLossName, onColumn?: (fraction: number) => void): Float64Array {
  const P = model.P;
  if (P > MAX_DENSE_HESSIAN_PARAMS) throw new RangeError(`dense Hessian needs P ≤ ${MAX_DENSE_HESSIAN_PARAMS} (got ${P})`);
  const c = model.curvature(theta, data, loss);
  return denseFromProducts(P, (v, out) => out.set(c.hvp(v)), onColumn);
}

/** Each parameter tensor's range in θ: the per-tensor spectra PyHessian users ask for. */
export function parameterBlocks(model: Pick<Model, "parameters">): Array<{ index: number; name: string; start: number; size: number }> {
  return model.parameters.map((p, index) => ({ index, name: p.name, start: p.offset, size: p.size }));
}
