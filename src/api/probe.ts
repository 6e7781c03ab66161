// `probe` as a function: everything about one point θ of a model. An MLP (mlpModel) runs on the nn
// engine (its WebAssembly kernels) and reports per-layer gradient norms; any other Model (an ONNX
// graph) reports per-tensor norms, accuracy or R², and a header naming the model. The one-neuron
// tutorial model p = σ(w·x + b) is probeNeuron.

import type { Dataset } from "../data/dataset.js";
import { layerShapes } from "../nn/architecture.js";
import { evaluateNetwork, norm2 } from "../nn/forward.js";
import { denseHessian, MAX_DENSE_HESSIAN_PARAMS, spectrumOf } from "../nn/hessian.js";
import { hessianVector } from "../nn/hvp.js";
import { autoLoss, outputRows, type ModelLossName } from "../model/losses.js";
import { isMlpModel, tableOf, type MlpModel } from "../model/mlp-model.js";
import type { Model, ModelData } from "../model/model.js";
import { probeModel } from "../model/probe.js";
import type { LossName } from "../numerics/losses.js";
import { evaluatePoint, type PointResult } from "../numerics/point.js";
import { assertFinite } from "../util/finite.js";
import { progressOf, type RunControl } from "./run-control.js";

export { MAX_DENSE_HESSIAN_PARAMS };

/** probe's options: the flags `--loss`, `--params`, `--hvp` and `--no-hessian`, with their defaults. */
export interface ProbeOptions {
  /**
   * `--loss`. "auto" (the model-file default) picks from the model's output and the targets: ce
   * for K ≥ 2 logits and integer labels, bce for one logit and 0/1 targets, else mse. An MLP
   * (one sigmoid output) takes bce or mse, and "auto" is mse, the network flag's default.
   */
  loss: ModelLossName | "auto";
  /** `--params`: θ to probe at (θ's layout, model.P entries); null: the model's own θ. */
  params: Float64Array | null;
  /** `--hvp FILE`: add H·v for this vector v (θ's layout); null: none. */
  hvp: Float64Array | null;
  /** `--no-hessian`: skip the dense Hessian (by default computed when P ≤ MAX_DENSE_HESSIAN_PARAMS). */
  noHessian: boolean;
}

export const DEFAULT_PROBE_OPTIONS: Readonly<ProbeOptions> = Object.freeze({ loss: "auto", params: null, hvp: null, noHessian: false });

/** The dense Hessian's spectrum (eigenvalues ascending) and trace. */
export interface ProbeHessian {
  eigenvalues: number[];
  trace: number;
  lambdaMin: number;
  lambdaMax: number;
}

/** An MLP's probe: what `probe --json` prints for a network. */
export interface NetworkProbeResult {
  loss: number;
  /** Flat, in θ's order (PyTorch's parameters_to_vector). */
  gradient: number[];
  gradNorm: number;
  accuracy: number;
  layers: Array<{ weightGradNorm: number; biasGradNorm: number }>;
  hessian: ProbeHessian | null;
  /** Why the dense Hessian was not computed ("--no-hessian" or "P > 2000"); null when it was. */
  hessianSkipped: string | null;
  /** H·v, with the hvp option. */
  hvp?: number[];
}

/** A model's probe: what `probe --model FILE.onnx --json` prints. */
export interface ModelProbeResult {
  /** file: the model's source (null when it has none); params: P. */
  model: { file: string | null; params: number; loss: ModelLossName; samples: number; data: string };
  loss: number;
  /** Classification (ce, bce): the fraction right; null for mse. */
  accuracy: number | null;
  /** Regression (mse): R²; null otherwise. */
  r2: number | null;
  gradient: number[];
  gradNorm: number;
  parameters: Array<{ name: string; gradNorm: number }>;
  hvp: number[] | null;
  hessian: ProbeHessian | null;
  hessianSkipped: string | null;
}

export type ProbeResult = NetworkProbeResult | ModelProbeResult;

/** The loss an MLP runs with: its flag's choices and default. */
function networkLoss(loss: ProbeOptions["loss"]): LossName {
  if (loss === "auto") return "mse";
  if (loss === "ce") throw new RangeError("an MLP has one sigmoid output: loss bce or mse");
  return loss;
}

/** A model's loss: as given, or chosen from one sample's output and the targets. */
export function modelLoss(model: Model, theta: Float64Array, data: ModelData, loss: ProbeOptions["loss"]): ModelLossName {
  if (loss !== "auto") return loss;
  const N = data.x.shape[0];
  const per = data.x.data.length / Math.max(1, N);
  const one = model.outputs(theta, { shape: [1, ...data.x.shape.slice(1)], data: data.x.data.subarray(0, per) });
  return autoLoss(outputRows(one)[1], data.y, N);
}

function checkVector(v: Float64Array | null, P: number, name: string): void {
  if (v !== null && v.length !== P) throw new RangeError(`${name} has ${v.length} entries; the model has P = ${P} parameters`);
}

/**
 * Loss, gradient, accuracy, the dense Hessian's spectrum (P ≤ 2000) and H·v at one point.
 * Throws NonFiniteError when the Hessian is beyond float64, RangeError for a wrong-sized vector,
 * and the signal's reason when aborted (checked at each stage and Hessian column).
 */
export async function probe(model: MlpModel, data: ModelData, options?: Partial<ProbeOptions>, control?: RunControl): Promise<NetworkProbeResult>;
export async function probe(model: Model, data: ModelData, options?: Partial<ProbeOptions>, control?: RunControl): Promise<ProbeResult>;
export async function probe(model: Model, data: ModelData, options: Partial<ProbeOptions> = {}, control?: RunControl): Promise<ProbeResult> {
  const o: ProbeOptions = { ...DEFAULT_PROBE_OPTIONS, ...options };
  const theta = o.params ?? model.theta;
  checkVector(theta, model.P, "params");
  checkVector(o.hvp, model.P, "hvp");
  const progress = progressOf(control);
  if (isMlpModel(model)) return probeNetwork(model, theta, data, networkLoss(o.loss), o, progress);
  const loss = modelLoss(model, theta, data, o.loss);
  const r = probeModel(model, theta, data, loss, { ...(o.hvp ? { v: o.hvp } : {}), hessian: !o.noHessian, onStage: progress });
  return {
    model: { file: model.source ?? null, params: model.P, loss, samples: data.x.shape[0], data: data.source },
    loss: r.loss,
    accuracy: r.accuracy,
    r2: r.r2,
    gradient: r.gradient,
    gradNorm: r.gradNorm,
    parameters: r.parameters,
    hvp: r.hvp,
    hessian: r.hessian,
    hessianSkipped: r.hessianSkipped,
  };
}

function probeNetwork(model: MlpModel, theta: Float64Array, data: ModelData, loss: LossName, o: ProbeOptions, progress: (stage: string, fraction?: number) => void): NetworkProbeResult {
  const arch = model.architecture;
  const table = tableOf(data);
  const P = model.P;
  // Why the dense Hessian is not computed (null: it is): asked, or too many parameters.
  const skipped = o.noHessian ? "--no-hessian" : P > MAX_DENSE_HESSIAN_PARAMS ? `P > ${MAX_DENSE_HESSIAN_PARAMS}` : null;
  progress("loss and gradient");
  const p = evaluateNetwork(arch, theta, table, loss);
  const layers = layerShapes(arch).map((s) => ({
    weightGradNorm: norm2(p.grad.subarray(s.weightOffset, s.biasOffset)),
    biasGradNorm: norm2(p.grad.subarray(s.biasOffset, s.biasOffset + s.fanOut)),
  }));
  let hessian: ProbeHessian | null = null;
  if (skipped === null) {
    const stage = `the ${P}×${P} Hessian`;
    progress(stage, 0);
    const H = denseHessian(arch, theta, table, loss, (f) => progress(stage, f));
    // A Hessian beyond float64 has no spectrum: refuse it by name before the eigensolver.
    assertFinite({ hessian: H });
    progress("its spectrum");
    const s = spectrumOf(H, P);
    hessian = { eigenvalues: Array.from(s.eigenvalues), trace: s.trace, lambdaMin: s.lambdaMin, lambdaMax: s.lambdaMax };
  }
  if (o.hvp) progress("H v");
  const hvp = o.hvp ? Array.from(hessianVector(arch, theta, table, loss, o.hvp)) : undefined;
  return { loss: p.loss, gradient: Array.from(p.grad), gradNorm: p.gradNorm, accuracy: p.accuracy, layers, hessian, hessianSkipped: skipped, ...(hvp ? { hvp } : {}) };
}

/** probeNeuron's options: the one-neuron model's `--loss` and `--at W,B`. */
export interface NeuronProbeOptions {
  loss: LossName;
  at: [number, number];
}

export const DEFAULT_NEURON_PROBE_OPTIONS: Readonly<NeuronProbeOptions> = Object.freeze({ loss: "mse", at: [-5, -10] as [number, number] });

/**
 * `probe` of the one-input logistic model p = σ(w·x + b) at (w, b): loss, gradient, the 2×2
 * Hessian and its eigenvalues, accuracy (what `probe --json` prints without a network).
 */
export async function probeNeuron(data: Dataset, options: Partial<NeuronProbeOptions> = {}, control?: RunControl): Promise<PointResult> {
  const o: NeuronProbeOptions = { ...DEFAULT_NEURON_PROBE_OPTIONS, ...options };
  const progress = progressOf(control);
  progress("evaluating");
  return evaluatePoint(o.loss, data, o.at[0], o.at[1]);
}
