// `gradcheck` as a function: analytic derivatives against central finite differences. An MLP
// (mlpModel) is checked at θ entry by entry (every gradient entry, and every Hessian entry for
// P ≤ 400), once per loss, with the one-neuron check's criterion and noise model; any other
// Model (an ONNX graph) per parameter tensor, plus H·v along a seeded random v. The one-neuron
// model's check over points or a grid is gradcheckNeuron (gradcheckNeuronPoints streams it).

import type { Dataset } from "../data/dataset.js";
import { seededRandom } from "../init/random.js";
import { gradcheckModel, type ModelGradcheck } from "../model/gradcheck.js";
import type { ModelLossName } from "../model/losses.js";
import { isMlpModel, tableOf, type MlpModel } from "../model/mlp-model.js";
import type { Model, ModelData } from "../model/model.js";
import { gradcheckNetwork, MAX_HESSIAN_CHECK_PARAMS } from "../nn/gradcheck.js";
import { addToTotals, emptyTotals, gradcheckPoint, type CheckStatus, type EntryCheck, type GradcheckTotals, type PointCheck } from "../numerics/gradcheck.js";
import { axisValues, type AxisSpec } from "../numerics/grid.js";
import { LOSS_NAMES, type LossName } from "../numerics/losses.js";
import { modelLoss } from "./probe.js";
import { progressOf, type RunControl } from "./run-control.js";

export { MAX_HESSIAN_CHECK_PARAMS };

/** Most parameters an MLP check visits one by one (each costs four forward passes over the data). */
export const MAX_GRADCHECK_PARAMS = 100_000;

/** gradcheck's options: its flags in camelCase (`--max-entries` → maxEntries). */
export interface GradcheckOptions {
  /**
   * `--loss`. An MLP: "all" (its default: mse and bce, one checked point per loss), one loss, or a
   * list. A model file: ce, bce, mse or "auto" (its default: chosen from the output and targets).
   */
  loss: ModelLossName | "auto" | "all" | readonly ModelLossName[];
  /** `--params`: θ to check at; null: the model's own θ. */
  params: Float64Array | null;
  /** `--h`: relative step, θ_i moves by h·max(1, |θ_i|). */
  h: number;
  /** `--atol`, `--rtol`: an entry passes when |analytic − fd| ≤ atol + rtol·|fd|. */
  atol: number;
  rtol: number;
  /** `--only NAME,…` (model files): the parameter tensors checked; null: all. */
  only: readonly string[] | null;
  /** `--max-entries` (model files): most entries per tensor, a seeded sample of larger ones. */
  maxEntries: number;
  /** `--seed` (model files): seeds the entry sample and the H·v direction. */
  seed: number;
}

/** The defaults of `gradcheck` for an MLP (the network flags'). */
export const DEFAULT_GRADCHECK_OPTIONS: Readonly<GradcheckOptions> = Object.freeze({ loss: "all", params: null, h: 1e-6, atol: 1e-5, rtol: 1e-3, only: null, maxEntries: 200, seed: 0 });
/** The defaults of `gradcheck --model` (a model file's flags'): tighter tolerances, loss auto. */
export const DEFAULT_MODEL_GRADCHECK_OPTIONS: Readonly<GradcheckOptions> = Object.freeze({ ...DEFAULT_GRADCHECK_OPTIONS, loss: "auto", atol: 1e-6, rtol: 1e-4 });

/** One loss's check of an MLP, with the totals over its entries. */
export interface NetworkGradcheckPoint extends GradcheckTotals {
  loss: LossName;
  status: CheckStatus;
  /** One entry per parameter, θ's order. */
  grad: EntryCheck[];
  /** P² entries row-major, or [] when P > MAX_HESSIAN_CHECK_PARAMS. */
  hessian: EntryCheck[];
}

/** An MLP's check: what `gradcheck --json` prints for a network (passed/failed/unresolved count points). */
export interface NetworkGradcheckResult extends GradcheckTotals {
  h: number;
  atol: number;
  rtol: number;
  parameters: number;
  hessianChecked: boolean;
  points: NetworkGradcheckPoint[];
}

/** A model's check: what `gradcheck --model FILE.onnx --json` prints. */
export type ModelGradcheckResult = ModelGradcheck;
export type GradcheckResult = NetworkGradcheckResult | ModelGradcheckResult;

function lossList(loss: GradcheckOptions["loss"]): LossName[] {
  const list = loss === "all" || loss === "auto" ? [...LOSS_NAMES] : typeof loss === "string" ? [loss] : [...loss];
  for (const l of list) if (!(LOSS_NAMES as readonly string[]).includes(l)) throw new RangeError(`an MLP has one sigmoid output: loss bce or mse (got ${l})`);
  return list as LossName[];
}

/** Steps are relative (h·max(1, |θ|)): θ ± 2·step must stay finite. */
export function stepReach(h: number): number {
  return Number.MAX_VALUE / (1 + 2 * h);
}

/**
 * Checks the model's gradient (and Hessian, or H·v) against central differences. Rejects with
 * RangeError for a θ the steps cannot move finitely or an unknown `only` name, and with the
 * signal's reason when aborted (checked per loss for an MLP, per tensor for a model).
 */
export async function gradcheck(model: MlpModel, data: ModelData, options?: Partial<GradcheckOptions>, control?: RunControl): Promise<NetworkGradcheckResult>;
export async function gradcheck(model: Model, data: ModelData, options?: Partial<GradcheckOptions>, control?: RunControl): Promise<GradcheckResult>;
export async function gradcheck(model: Model, data: ModelData, options: Partial<GradcheckOptions> = {}, control?: RunControl): Promise<GradcheckResult> {
  const o: GradcheckOptions = { ...(isMlpModel(model) ? DEFAULT_GRADCHECK_OPTIONS : DEFAULT_MODEL_GRADCHECK_OPTIONS), ...options };
  const theta = o.params ?? model.theta;
  if (theta.length !== model.P) throw new RangeError(`params has ${theta.length} entries; the model has P = ${model.P} parameters`);
  const reach = stepReach(o.h);
  const far = theta.findIndex((t) => Math.abs(t) > reach);
  if (far >= 0) throw new RangeError(`|θ| must be ≤ ${reach.toPrecision(4)} with h ${o.h}, so the steps stay finite (θ[${far}] = ${theta[far]})`);
  const progress = progressOf(control);
  if (isMlpModel(model)) return gradcheckMlp(model, theta, data, lossList(o.loss), o, progress);
  const unknown = (o.only ?? []).filter((n) => !model.parameters.some((p) => p.name === n));
  if (unknown.length) throw new RangeError(`no parameter named ${unknown.join(", ")} (the model has ${model.parameters.map((p) => p.name).join(", ")})`);
  const one = Array.isArray(o.loss) ? (o.loss.length === 1 ? o.loss[0] : null) : o.loss === "all" ? null : (o.loss as ModelLossName | "auto");
  if (one === null) throw new RangeError("a model file is checked with one loss: ce, bce, mse or auto");
  const loss = modelLoss(model, theta, data, one);
  const opts = { h: o.h, atol: o.atol, rtol: o.rtol, maxEntries: o.maxEntries };
  return gradcheckModel(model, theta, data, loss, o.only, opts, seededRandom(o.seed), (done, total) => progress("checking", done / total));
}

function gradcheckMlp(model: MlpModel, theta: Float64Array, data: ModelData, losses: LossName[], o: GradcheckOptions, progress: (stage: string, fraction?: number) => void): NetworkGradcheckResult {
  const P = model.P;
  if (P > MAX_GRADCHECK_PARAMS) throw new RangeError(`gradcheck checks at most ${MAX_GRADCHECK_PARAMS} parameters one by one (this network has ${P})`);
  const hessian = P <= MAX_HESSIAN_CHECK_PARAMS;
  const table = tableOf(data);
  const totals = emptyTotals();
  const points = losses.map((loss, i): NetworkGradcheckPoint => {
    progress("checking", i / losses.length);
    const c = gradcheckNetwork(model.architecture, theta, table, loss, { h: o.h, atol: o.atol, rtol: o.rtol, hessian });
    // As for the one-neuron check: error maxima over every entry, pass/fail/unresolved per point (one per loss).
    totals.maxAbsErr = Math.max(totals.maxAbsErr, c.maxAbsErr);
    totals.maxRelErr = Math.max(totals.maxRelErr, c.maxRelErr);
    totals.maxUnresolvedAbsErr = Math.max(totals.maxUnresolvedAbsErr, c.maxUnresolvedAbsErr);
    totals[c.status === "pass" ? "passed" : c.status === "fail" ? "failed" : "unresolved"]++;
    const { status, passed, failed, unresolved, maxAbsErr, maxRelErr, maxUnresolvedAbsErr, grad, hessian: h } = c;
    return { loss, status, passed, failed, unresolved, maxAbsErr, maxRelErr, maxUnresolvedAbsErr, grad, hessian: h };
  });
  return { h: o.h, atol: o.atol, rtol: o.rtol, parameters: P, hessianChecked: hessian, points, ...totals };
}

/** gradcheckNeuron's options: the one-neuron flags `--loss`, `--at`, `--w`, `--b`, `--h`, `--atol`, `--rtol`. */
export interface NeuronGradcheckOptions {
  /** "all" (default) or the losses, each checked at every point. */
  loss: "all" | readonly LossName[];
  /** `--at W,B` points; [] (default): the grid of w × b. */
  at: ReadonlyArray<readonly [number, number]>;
  w: AxisSpec;
  b: AxisSpec;
  h: number;
  atol: number;
  rtol: number;
}

export const DEFAULT_NEURON_GRADCHECK_OPTIONS: Readonly<NeuronGradcheckOptions> = Object.freeze({
  loss: "all",
  at: [],
  // A coarse grid over the default view, which includes plateau corners.
  w: { min: -10, max: 20, count: 7 },
  b: { min: -20, max: 10, count: 7 },
  h: 1e-6,
  atol: 1e-5,
  rtol: 1e-3,
});

/** What `gradcheck --json` prints for the one-neuron model. */
export interface NeuronGradcheckResult extends GradcheckTotals {
  h: number;
  atol: number;
  rtol: number;
  points: PointCheck[];
}

/** The points in order, per loss: the --at points, or the grid row by row (b outer, w inner). */
function* neuronPoints(o: NeuronGradcheckOptions): Generator<[number, number]> {
  if (o.at.length > 0) for (const [w, b] of o.at) yield [w, b];
  else {
    const ws = axisValues(o.w);
    for (const b of axisValues(o.b)) for (const w of ws) yield [w, b];
  }
}

/** The number of points gradcheckNeuronPoints yields: per loss, the --at points or the grid's. */
export function neuronCheckCount(options: Partial<NeuronGradcheckOptions> = {}): number {
  const o = { ...DEFAULT_NEURON_GRADCHECK_OPTIONS, ...options };
  const losses = o.loss === "all" ? LOSS_NAMES.length : o.loss.length;
  return losses * (o.at.length > 0 ? o.at.length : o.w.count * o.b.count);
}

/**
 * The one-neuron check, one point at a time (a 1024² grid streams in bounded memory): each
 * point's gradient and 2×2 Hessian against differences, per loss. Progress: "checking" with the
 * fraction of points done; an aborted signal throws before the next point.
 */
export function* gradcheckNeuronPoints(data: Dataset, options: Partial<NeuronGradcheckOptions> = {}, control?: RunControl): Generator<PointCheck> {
  const o: NeuronGradcheckOptions = { ...DEFAULT_NEURON_GRADCHECK_OPTIONS, ...options };
  const losses = o.loss === "all" ? LOSS_NAMES : o.loss;
  const reach = stepReach(o.h);
  for (const [w, b] of neuronPoints(o)) {
    if (Math.abs(w) > reach || Math.abs(b) > reach) throw new RangeError(`|w| and |b| must be ≤ ${reach.toPrecision(4)} with h ${o.h}, so the steps stay finite (got ${w}, ${b})`);
  }
  const progress = progressOf(control);
  const total = neuronCheckCount(o);
  const opts = { h: o.h, atol: o.atol, rtol: o.rtol };
  let count = 0;
  for (const loss of losses) {
    for (const [w, b] of neuronPoints(o)) {
      progress("checking", count / total);
      yield gradcheckPoint(loss, data, w, b, opts);
      count++;
    }
  }
}

/** The one-neuron check with every point and the totals: what `gradcheck --json` prints. */
export async function gradcheckNeuron(data: Dataset, options: Partial<NeuronGradcheckOptions> = {}, control?: RunControl): Promise<NeuronGradcheckResult> {
  const o: NeuronGradcheckOptions = { ...DEFAULT_NEURON_GRADCHECK_OPTIONS, ...options };
  const totals = emptyTotals();
  const points: PointCheck[] = [];
  for (const p of gradcheckNeuronPoints(data, o, control)) {
    addToTotals(totals, p);
    points.push(p);
  }
  return { h: o.h, atol: o.atol, rtol: o.rtol, points, ...totals };
}
