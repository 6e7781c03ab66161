// `hessian` as a function: the curvature of the loss at one point — extreme eigenvalues by
// Lanczos, the trace by Hutchinson (and Hutch++), the density by stochastic Lanczos quadrature,
// per-block λ_max — beside the dense exact values for P ≤ 2000. An MLP (mlpModel) runs on the
// nn engine's H·v (or its generalized Gauss–Newton matrix), its blocks being layers; any other
// Model on its exact H·v, its blocks being parameter tensors.

import { MAX_BASIS_ENTRIES } from "../curvature/lanczos.js";
import { denseOf, hessianOperator, layerBlocks } from "../curvature/operator.js";
import { hessianReportOf, type HessianReport, type HessianRequest } from "../curvature/report.js";
import { DEFAULT_DENSITY_OPTIONS } from "../curvature/slq.js";
import { modelDenseHessian, modelHessianOperator, parameterBlocks } from "../model/curvature.js";
import type { ModelLossName } from "../model/losses.js";
import { isMlpModel, tableOf, type MlpModel } from "../model/mlp-model.js";
import type { Model, ModelData } from "../model/model.js";
import { describeArchitecture } from "../nn/architecture.js";
import { ggnOperator } from "../nn/ggn.js";
import { denseHessian } from "../nn/hessian.js";
import { hessianJson, type HessianContext, type HessianResult } from "./hessian-json.js";
import { modelLoss } from "./probe.js";
import { progressOf, type RunControl } from "./run-control.js";

export { hessianJson, type HessianContext, type HessianResult };

/** hessian's options: its flags in camelCase (`--density-probes` → densityProbes, `--no-exact` → noExact: true). */
export interface HessianOptions {
  /** `--loss`: an MLP's mse (default, "auto") or bce; a model file's ce, bce, mse or "auto". */
  loss: ModelLossName | "auto";
  /** `--params`: θ; null: the model's own θ. */
  params: Float64Array | null;
  /** `--top K`: the K largest eigenvalues; null (default): 1 when no other estimate is asked, else 0. */
  top: number | null;
  /** `--bottom K`: the K smallest eigenvalues (the same Lanczos run). */
  bottom: number;
  /** `--eigenvectors`: with top/bottom, the unit eigenvectors too. */
  eigenvectors: boolean;
  /** `--trace` with `--probes M` Rademacher probes, `--hutchpp` and `--trace-repeats R`. */
  trace: boolean;
  probes: number;
  hutchpp: boolean;
  traceRepeats: number;
  /** `--density` (SLQ) with `--density-probes`, `--steps`, `--bins`, `--sigma2`. */
  density: boolean;
  densityProbes: number;
  steps: number;
  bins: number;
  sigma2: number;
  /** `--per-layer`: each block's λ_max (and trace, density when asked). */
  perLayer: boolean;
  /** `--matrix`: the Hessian, or (an MLP) the generalized Gauss–Newton matrix. */
  matrix: "hessian" | "ggn";
  /** `--no-exact`: skip the dense exact values (by default computed when P ≤ 2000). */
  noExact: boolean;
  /** `--seed`: every estimator's random vectors. */
  seed: number;
}

export const DEFAULT_HESSIAN_OPTIONS: Readonly<HessianOptions> = Object.freeze({
  loss: "auto",
  params: null,
  top: null,
  bottom: 0,
  eigenvectors: false,
  trace: false,
  probes: 100,
  hutchpp: false,
  traceRepeats: 1,
  density: false,
  densityProbes: 4,
  steps: DEFAULT_DENSITY_OPTIONS.steps,
  bins: 2000,
  sigma2: DEFAULT_DENSITY_OPTIONS.sigma2,
  perLayer: false,
  matrix: "hessian",
  noExact: false,
  seed: 0,
});

/** The estimates the options ask for, checked against P; RangeError names the option. */
export function hessianRequest(options: Partial<HessianOptions>, P: number): HessianRequest {
  const o: HessianOptions = { ...DEFAULT_HESSIAN_OPTIONS, ...options };
  const top = o.top ?? (o.bottom > 0 || o.trace || o.density || o.perLayer ? 0 : 1);
  const maxSteps = Math.floor(MAX_BASIS_ENTRIES / P);
  for (const [name, k] of [["top", top], ["bottom", o.bottom]] as const) {
    if (!Number.isInteger(k) || k < 0 || k > Math.min(P, maxSteps)) throw new RangeError(`${name} must be a whole number from 0 to ${Math.min(P, maxSteps)} for P = ${P} (got ${k})`);
  }
  if (o.hutchpp && o.probes < 3) throw new RangeError(`hutchpp needs probes ≥ 3 (got ${o.probes})`);
  return {
    top,
    bottom: o.bottom,
    vectors: o.eigenvectors,
    traceProbes: o.trace ? o.probes : 0,
    density: o.density ? { probes: o.densityProbes, steps: o.steps, bins: o.bins, sigma2: o.sigma2, pad: DEFAULT_DENSITY_OPTIONS.pad } : null,
    perLayer: o.perLayer,
    hutchpp: o.hutchpp,
    traceRepeats: o.traceRepeats,
    exact: !o.noExact,
    seed: o.seed,
  };
}

/** A report and what it describes: the typed arrays the text and the figure read. */
export interface HessianAnalysis {
  report: HessianReport;
  context: HessianContext & { blocks: string[] };
}

/**
 * The full report (typed arrays) behind `hessian`: what the CLI's text and spectrum figure read.
 * Progress: each stage by name, with the fraction of its H·v products done where known; an
 * aborted signal rejects at the next product.
 */
export async function hessianAnalysis(model: Model, data: ModelData, options: Partial<HessianOptions> = {}, control?: RunControl): Promise<HessianAnalysis> {
  const o: HessianOptions = { ...DEFAULT_HESSIAN_OPTIONS, ...options };
  const theta = o.params ?? model.theta;
  if (theta.length !== model.P) throw new RangeError(`params has ${theta.length} entries; the model has P = ${model.P} parameters`);
  const req = hessianRequest(o, model.P);
  const progress = progressOf(control);
  let expected: number | null = null;
  let done = 0;
  let stage = "";
  const onStage = (name: string, products: number | null): void => {
    stage = name;
    expected = products;
    done = 0;
    progress(stage, expected === null ? undefined : 0);
  };
  const onProduct = (): void => {
    done++;
    progress(stage, expected === null ? undefined : Math.min(1, done / expected));
  };
  const samples = data.x.shape[0];
  if (isMlpModel(model)) return mlpAnalysis(model, theta, data, o, req, onStage, onProduct);
  if (o.matrix === "ggn") throw new RangeError("matrix ggn is an MLP's (one sigmoid output); a model file's curvature is its Hessian");
  const loss = modelLoss(model, theta, data, o.loss);
  const blocks = parameterBlocks(model);
  const report = hessianReportOf(modelHessianOperator(model, theta, data, loss), () => modelDenseHessian(model, theta, data, loss), blocks, req, onStage, onProduct);
  return { report, context: { architecture: model.source ?? "model", loss, samples, data: data.source, blocks: blocks.map((b) => b.name) } };
}

function mlpAnalysis(model: MlpModel, theta: Float64Array, data: ModelData, o: HessianOptions, req: HessianRequest, onStage: (s: string, n: number | null) => void, onProduct: () => void): HessianAnalysis {
  if (o.loss === "ce") throw new RangeError("an MLP has one sigmoid output: loss bce or mse");
  const loss = o.loss === "auto" ? "mse" : o.loss;
  const arch = model.architecture;
  const table = tableOf(data);
  const ggn = o.matrix === "ggn";
  const op = ggn ? ggnOperator(arch, theta, table, loss) : hessianOperator(arch, theta, table, loss);
  const dense = ggn ? () => denseOf(op) : () => denseHessian(arch, theta, table, loss);
  const blocks = layerBlocks(arch);
  const report = hessianReportOf(op, dense, blocks, req, onStage, onProduct);
  const context = { architecture: describeArchitecture(arch), loss, samples: table.y.length, data: data.source, ...(ggn ? { matrix: "ggn" as const } : {}), blocks: blocks.map((b) => `layers.${b.index}`) };
  return { report, context };
}

/** The curvature at one point: what `hessian --json` prints. */
export async function hessian(model: Model, data: ModelData, options: Partial<HessianOptions> = {}, control?: RunControl): Promise<HessianResult> {
  const { report, context } = await hessianAnalysis(model, data, options, control);
  return hessianJson(report, context);
}
