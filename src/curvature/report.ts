// Everything the `hessian` command reports about one point θ, as one typed object: the
// extreme eigenpairs by Lanczos, the trace by Hutchinson, the density by stochastic
// Lanczos quadrature and each layer's top block eigenvalue, every estimate with its seed
// and spread, and (for P ≤ MAX_DENSE_HESSIAN_PARAMS, unless switched off) the dense exact
// values beside it. Products with H go through one operator, so the caller can count them.

import type { LossName } from "../numerics/losses.js";
import type { Architecture } from "../nn/architecture.js";
import { denseHessian, MAX_DENSE_HESSIAN_PARAMS, spectrumOf } from "../nn/hessian.js";
import type { Table } from "../nn/table.js";
import { blockLambdaMax, extremes } from "./exact.js";
import { extremeEigen, type ExtremeEigen } from "./extreme-eigen.js";
import { hutchinsonTrace, type TraceEstimate } from "./hutchinson.js";
import { hessianOperator, layerBlocks, type SymmetricOperator } from "./operator.js";
import { topEigenvaluesPerBlock, type LayerCurvature } from "./per-layer.js";
import { densityMoments, slqDensity, type DensityMoments, type DensityOptions, type SpectralDensity } from "./slq.js";
import { exactDensityOn } from "./spectrum-summary.js";

export interface HessianRequest {
  /** Largest / smallest eigenvalues wanted (0 = none). */
  top: number;
  bottom: number;
  vectors: boolean;
  /** Hutchinson probes (0 = no trace estimate). */
  traceProbes: number;
  /** SLQ options (null = no density). */
  density: Omit<DensityOptions, "seed"> | null;
  perLayer: boolean;
  /** Compute the dense exact values when P ≤ MAX_DENSE_HESSIAN_PARAMS. */
  exact: boolean;
  seed: number;
}

export interface HessianReport {
  params: number;
  seed: number;
  /** Whether the dense exact values were computed. */
  exact: boolean;
  eigen: (ExtremeEigen & { exactTop: number[] | null; exactBottom: number[] | null }) | null;
  trace: (TraceEstimate & { exact: number | null }) | null;
  density: (SpectralDensity & DensityMoments & { steps: number; exactMean: number | null; exactDensity: Float64Array | null }) | null;
  perLayer: Array<LayerCurvature & { exact: number | null }> | null;
}

/** Called before each stage with its name and the number of H·v products it will take (null: unknown). */
export type StageListener = (stage: string, products: number | null) => void;

/** An operator whose every product is reported to `onProduct` (for progress). */
export function countingOperator(op: SymmetricOperator, onProduct: () => void): SymmetricOperator {
  return { size: op.size, apply: (v, out) => (op.apply(v, out), onProduct()) };
}

export function hessianReport(
  arch: Architecture, theta: Float64Array, data: Table, loss: LossName, req: HessianRequest,
  onStage: StageListener = () => {}, onProduct: () => void = () => {},
): HessianReport {
  return hessianReportOf(hessianOperator(arch, theta, data, loss), () => denseHessian(arch, theta, data, loss), layerBlocks(arch), req, onStage, onProduct);
}

/**
 * The report for any Hessian given as an operator: `dense` builds the P × P matrix (called
 * only when the exact values are wanted and P ≤ MAX_DENSE_HESSIAN_PARAMS), `blocks` are the
 * diagonal blocks of --per-layer (a network's layers, a model's parameter tensors).
 */
export function hessianReportOf(
  op: SymmetricOperator, dense: () => Float64Array, blocks: ReadonlyArray<{ index: number; start: number; size: number }>, req: HessianRequest,
  onStage: StageListener = () => {}, onProduct: () => void = () => {},
): HessianReport {
  const H = countingOperator(op, onProduct);
  const P = H.size;
  const { seed } = req;
  const exact = req.exact && P <= MAX_DENSE_HESSIAN_PARAMS;
  let denseH: Float64Array | null = null;
  let spectrum: ReturnType<typeof spectrumOf> | null = null;
  if (exact) {
    onStage(`dense Hessian (${P} H·v) and all its eigenvalues`, null);
    denseH = dense();
    spectrum = spectrumOf(denseH, P);
  }
  let eigen: HessianReport["eigen"] = null;
  if (req.top > 0 || req.bottom > 0) {
    onStage("Lanczos", null);
    const e = extremeEigen(H, { top: req.top, bottom: req.bottom, vectors: req.vectors, seed });
    const x = spectrum ? extremes(spectrum.eigenvalues, req.top, req.bottom) : null;
    eigen = { ...e, exactTop: x ? x.top : null, exactBottom: x ? x.bottom : null };
  }
  let trace: HessianReport["trace"] = null;
  if (req.traceProbes > 0) {
    onStage("Hutchinson trace", req.traceProbes);
    trace = { ...hutchinsonTrace(H, req.traceProbes, seed), exact: spectrum ? spectrum.trace : null };
  }
  let density: HessianReport["density"] = null;
  if (req.density) {
    const steps = Math.min(req.density.steps, P);
    onStage("stochastic Lanczos quadrature", req.density.probes * steps);
    const d = slqDensity(H, { ...req.density, steps, seed });
    density = {
      ...d,
      ...densityMoments(d),
      steps,
      exactMean: spectrum ? spectrum.trace / P : null,
      exactDensity: spectrum ? exactDensityOn(d, spectrum.eigenvalues) : null,
    };
  }
  let perLayer: HessianReport["perLayer"] = null;
  if (req.perLayer) {
    onStage("per-layer Lanczos", null);
    const layers = topEigenvaluesPerBlock(H, blocks, { seed });
    const ex = denseH ? blockLambdaMax(denseH, P, blocks) : null;
    perLayer = layers.map((l, i) => ({ ...l, exact: ex ? ex[i] : null }));
  }
  return { params: P, seed, exact, eigen, trace, density, perLayer };
}
