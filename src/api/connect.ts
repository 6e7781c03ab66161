// connect(): mode connectivity between two solutions A and B of one model: the loss and accuracy
// along the straight line, after permuting B's hidden units to A's (MLPs), and along a trained
// Bezier or polygonal-chain curve, with barrier heights, on the data and optional test data. The
// result is the object `connect --json` prints; connectReportOf also gives the trained bend.

import { describeArchitecture } from "../nn/architecture.js";
import type { AlignMethod } from "../geometry/align.js";
import { connectReport, type ConnectModel, type ConnectReport, type ConnectRequest } from "../geometry/connect.js";
import { connectJson, type ConnectJson } from "../geometry/connect-json.js";
import type { ConnectContext } from "../geometry/connect-figure.js";
import type { BendOptimizerFactory } from "../geometry/curve-train.js";
import { modelObjective } from "../geometry/model-objective.js";
import type { CurveKind } from "../geometry/paths.js";
import type { ModelLossName } from "../model/losses.js";
import { isMlpModel, tableOf } from "../model/mlp-model.js";
import { isGraphModel } from "../model/onnx-model.js";
import { AlignmentError, linearChainLayers } from "../geometry/linear-chain.js";
import type { LayerShape } from "../nn/architecture.js";
import type { Model, ModelData } from "../model/model.js";
import { makeOptimizer, type ModelOptimizerName } from "../model/optimizers.js";
import { DEFAULT_OPTIMIZER_OPTIONS } from "../train/optimizers.js";
import { modelLoss } from "./probe.js";
import { progressOf, type RunControl } from "./run-control.js";

export type { ConnectJson as ConnectResult, PathJson } from "../geometry/connect-json.js";
export { AlignmentError };

/** The `connect` flags in camelCase, and the names the report prints (a, b, architecture). */
export interface ConnectOptions {
  /** ce, bce or mse; auto: from the model's output and the targets (an MLP's auto: mse). */
  loss: ModelLossName | "auto";
  /** Also evaluate every path on this data; null: none. */
  testData: ModelData | null;
  /** Points t along each path, evenly spaced from 0 (A) to 1 (B). */
  points: number;
  /** Permute B's hidden units to match A's first: an MLP's (both methods), or weights on an ONNX chain of nn.Linear layers. */
  align: AlignMethod | "none";
  curve: CurveKind | "none";
  /** Training steps of the bend, one t ~ U(0, 1) per step. */
  steps: number;
  /** The bend's update rule, as torch.optim (adamw: models only). */
  optimizer: ModelOptimizerName;
  lr: number;
  /** Momentum coefficient of optimizer "momentum". */
  momentum: number;
  /** Seed of the bend's t draws and of weight matching's layer order. */
  seed: number;
  /** The bend training starts from (θ's layout); null: the midpoint of A and B. */
  bend: Float64Array | null;
  /** Grid points per axis of the plane through A, B and the bend (0: none; the command's --svg asks for its 31). */
  planeGrid: number;
  /** The endpoints' names in the report (the command: the files). */
  a: string;
  b: string;
  /** The model's name in the report (default: an MLP's shape, else its source, else "model of P parameters"). */
  architecture: string | null;
}

export const DEFAULT_CONNECT_OPTIONS: Readonly<ConnectOptions> = Object.freeze({
  loss: "auto",
  testData: null,
  points: 51,
  align: "none",
  curve: "bezier",
  steps: 500,
  optimizer: "adam",
  lr: 0.01,
  momentum: 0.9,
  seed: 0,
  bend: null,
  planeGrid: 0,
  a: "A",
  b: "B",
  architecture: null,
});

/** torch.optim's rules of the model library (../model/optimizers.ts) as the bend's update. */
const modelBendOptimizer: BendOptimizerFactory = (cfg, P) => {
  const opt = makeOptimizer({ optimizer: cfg.optimizer, lr: cfg.options.lr, momentum: cfg.options.momentum, nesterov: false, weightDecay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8 }, P);
  return { step: (bend, grad) => opt.step(bend, grad, cfg.options.lr) };
};

function check(o: ConnectOptions, model: Model, a: Float64Array, b: Float64Array): void {
  const P = model.P;
  if (a.length !== P || b.length !== P) throw new RangeError(`A has ${a.length} parameters and B ${b.length}; the model has P = ${P}`);
  if (o.bend && o.bend.length !== P) throw new RangeError(`the bend has ${o.bend.length} parameters; the model has P = ${P}`);
  const whole = (name: string, v: number, min: number, max: number): void => {
    if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${name} must be a whole number from ${min} to ${max} (got ${v})`);
  };
  whole("points", o.points, 2, 100_000);
  whole("steps", o.steps, 1, 10_000_000);
  whole("planeGrid", o.planeGrid, 0, 1001);
  whole("seed", o.seed, 0, Number.MAX_SAFE_INTEGER);
  if (!(o.lr > 0) || !Number.isFinite(o.lr)) throw new RangeError(`lr must be > 0 (got ${o.lr})`);
  if (!(o.momentum >= 0 && o.momentum < 1)) throw new RangeError(`momentum must be in [0, 1) (got ${o.momentum})`);
  if (o.align === "activations" && !isMlpModel(model)) {
    throw new AlignmentError("activation matching needs an MLP of mlpModel; on a model file it is not supported yet (weight matching is, for chains of nn.Linear layers)");
  }
}

/** The layers weight matching permutes on a model that is not an MLP of mlpModel; throws AlignmentError naming why it cannot. */
export function alignableLayers(model: Model, data: ModelData): LayerShape[] {
  if (!isGraphModel(model)) throw new AlignmentError("weight matching needs an MLP of mlpModel or an ONNX graph of nn.Linear layers");
  return linearChainLayers(model, data);
}

/** The report behind connect(): every path, the alignment, the trained bend and the plane. */
export async function connectReportOf(
  model: Model, data: ModelData, a: Float64Array, b: Float64Array, options: Partial<ConnectOptions> = {}, control?: RunControl,
): Promise<{ report: ConnectReport; context: ConnectContext; seed: number }> {
  const o: ConnectOptions = { ...DEFAULT_CONNECT_OPTIONS, ...options };
  check(o, model, a, b);
  const progress = progressOf(control);
  const mlp = isMlpModel(model);
  const loss = mlp && o.loss === "auto" ? "mse" : modelLoss(model, a, data, o.loss);
  const m: ConnectModel = {
    train: modelObjective(model, data, loss),
    test: o.testData ? modelObjective(model, o.testData, loss) : null,
    mlp: mlp && loss !== "ce" ? { arch: model.architecture, data: tableOf(data), loss } : null,
    // The networks keep their own optimizers (../train/optimizers.ts); adamw and models take the model library's.
    ...(mlp && o.optimizer !== "adamw" ? {} : { bendOptimizer: modelBendOptimizer }),
    ...(!mlp && o.align === "weights" ? { layers: alignableLayers(model, data) } : {}),
  };
  const req: ConnectRequest = {
    points: o.points,
    align: o.align === "none" ? null : o.align,
    curve: o.curve === "none" ? null : { kind: o.curve, steps: o.steps, optimizer: o.optimizer, seed: o.seed, options: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: o.lr, momentum: o.momentum } },
    bendStart: o.bend,
    planeGrid: o.curve === "none" ? 0 : o.planeGrid,
    seed: o.seed,
  };
  progress("the straight line", 0);
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  const report = connectReport(m, a, b, req, (stage, fraction) => progress(stage, fraction));
  const context: ConnectContext = {
    architecture: o.architecture ?? (mlp ? describeArchitecture(model.architecture) : model.source ?? `model of ${model.P} parameters`),
    params: model.P,
    loss,
    samples: data.x.shape[0],
    data: data.source,
    testData: o.testData ? o.testData.source : null,
    a: o.a,
    b: o.b,
  };
  return { report, context, seed: o.seed };
}

export async function connect(model: Model, data: ModelData, a: Float64Array, b: Float64Array, options: Partial<ConnectOptions> = {}, control?: RunControl): Promise<ConnectJson> {
  const { report, context, seed } = await connectReportOf(model, data, a, b, options, control);
  return connectJson(report, context, seed);
}
