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
import { hutchppTrace, repeatedTrace, type HutchppEstimate, type RepeatedTrace } from "./hutchpp.js";
import { diagonalBlock, hessianOperator, layerBlocks, type SymmetricOperator } from "./operator.js";
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
  /** Hutch++ beside Hutchinson, with the same number of products (needs traceProbes ≥ 3). */
  hutchpp?: boolean;
  /** Repeat the trace estimators over seeds seed … seed + R − 1 for error bars (1 = no repeats). */
  traceRepeats?: number;
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
  trace: (TraceEstimate & { exact: number | null; hutchpp: HutchppEstimate | null; repeats: { hutchinson: RepeatedTrace; hutchpp: RepeatedTrace | null } | null }) | null;
  density: (SpectralDensity & DensityMoments & { steps: number; exactMean: number | null; exactDensity: Float64Array | null }) | null;
  perLayer: Array<LayerCurvature & { exact: number | null; trace: BlockTrace | null; density: (SpectralDensity & DensityMoments & { steps: number }) | null }> | null;
}

/** A diagonal block's trace by Hutchinson (the --trace probes) beside the dense block's. */
export interface BlockTrace {
  estimate: number;
  standardError: number;
  probes: number;
  exact: number | null;
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
    const h = hutchinsonTrace(H, req.traceProbes, seed);
    let hpp: HutchppEstimate | null = null;
    if (req.hutchpp) {
      onStage("Hutch++ trace", req.traceProbes);
      hpp = hutchppTrace(H, req.traceProbes, seed);
    }
    const R = req.traceRepeats ?? 1;
    let repeats: NonNullable<HessianReport["trace"]>["repeats"] = null;
    if (R > 1) {
      onStage(`trace estimators over ${R} seeds`, R * req.traceProbes * (req.hutchpp ? 2 : 1));
      const hs: number[] = [], ps: number[] = [];
      for (let r = 0; r < R; r++) {
        hs.push(r === 0 ? h.trace : hutchinsonTrace(H, req.traceProbes, seed + r).trace);
        if (req.hutchpp) ps.push(r === 0 && hpp ? hpp.trace : hutchppTrace(H, req.traceProbes, seed + r).trace);
      }
      repeats = { hutchinson: repeatedTrace(hs, req.traceProbes, seed), hutchpp: req.hutchpp ? repeatedTrace(ps, req.traceProbes, seed) : null };
    }
    trace = { ...h, exact: spectrum ? spectrum.trace : null, hutchpp: hpp, repeats };
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
    perLayer = layers.map((l, i) => {
      const b = blocks[i];
      const block = diagonalBlock(H, b.start, b.size);
      let t: BlockTrace | null = null;
      if (req.traceProbes > 0) {
        onStage(`layer ${b.index}: Hutchinson trace`, req.traceProbes);
        const e = hutchinsonTrace(block, req.traceProbes, seed);
        let exactTrace: number | null = null;
        if (denseH) {
          exactTrace = 0;
          for (let k = b.start; k < b.start + b.size; k++) exactTrace += denseH[k * P + k];
        }
        t = { estimate: e.trace, standardError: e.standardError, probes: e.probes, exact: exactTrace };
      }
      let d: NonNullable<HessianReport["perLayer"]>[number]["density"] = null;
      if (req.density) {
        const steps = Math.min(req.density.steps, b.size);
        onStage(`layer ${b.index}: SLQ`, req.density.probes * steps);
        const sd = slqDensity(block, { ...req.density, steps, seed });
        d = { ...sd, ...densityMoments(sd), steps };
      }
      return { ...l, exact: ex ? ex[i] : null, trace: t, density: d };
    });
  }
  return { params: P, seed, exact, eigen, trace, density, perLayer };
}
