// The top eigenvalue of each layer's diagonal Hessian block ∂²L/∂θ_l² (θ_l = the layer's
// weight and bias): how sharply the loss curves when only that layer moves, the
// per-layer view of curvature used to compare layers' effective learning rates.

import type { LossName } from "../numerics/losses.js";
import type { Architecture } from "../nn/architecture.js";
import type { Table } from "../nn/table.js";
import { extremeEigen, type EigenOptions } from "./extreme-eigen.js";
import { diagonalBlock, hessianOperator, layerBlocks, type SymmetricOperator } from "./operator.js";

export interface LayerCurvature {
  layer: number;
  /** Parameters in the block. */
  size: number;
  lambdaMax: number;
  residual: number;
  steps: number;
  converged: boolean;
  seed: number;
}

/** λ_max of each diagonal block of op by Lanczos, each run seeded with opts.seed. */
export function topEigenvaluesPerBlock(
  op: SymmetricOperator,
  blocks: ReadonlyArray<{ index: number; start: number; size: number }>,
  opts: Pick<EigenOptions, "seed" | "tol" | "maxSteps">,
): LayerCurvature[] {
  return blocks.map((b) => {
    const r = extremeEigen(diagonalBlock(op, b.start, b.size), { top: 1, bottom: 0, vectors: false, ...opts });
    return { layer: b.index, size: b.size, lambdaMax: r.top.values[0], residual: r.top.residuals[0], steps: r.steps, converged: r.converged, seed: opts.seed };
  });
}

export function perLayerTopEigenvalues(
  arch: Architecture,
  theta: Float64Array,
  data: Table,
  loss: LossName,
  opts: Pick<EigenOptions, "seed" | "tol" | "maxSteps">,
): LayerCurvature[] {
  return topEigenvaluesPerBlock(hessianOperator(arch, theta, data, loss), layerBlocks(arch), opts);
}
