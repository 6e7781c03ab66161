// `train` of any Model (an ONNX graph): eval mode (BatchNorm statistics frozen, Dropout off),
// torch.optim's SGD, momentum, Adam or AdamW with a StepLR or cosine schedule stepped per
// epoch (../model/train.ts), one full-data record per epoch, the final θ and the kept trajectory.

import { seededRandom } from "../init/random.js";
import type { ModelLossName } from "../model/losses.js";
import type { Model, ModelData } from "../model/model.js";
import type { LrSchedule, ModelOptimizerName } from "../model/optimizers.js";
import { trainModel, type ModelEpoch } from "../model/train.js";
import { checkTrajectoryLimit } from "../train/trajectory-limit.js";
import { modelLoss } from "./probe.js";
import { progressOf, throwIfAborted, type RunControl } from "./run-control.js";
import type { SavedTrajectory } from "./train-mlp.js";

/** train's options for a model file: the flags of `train --model`, camelCased, with their defaults. */
export interface TrainModelOptions {
  /** `--loss`; "auto": ce for K ≥ 2 logits and integer labels, bce for one logit and 0/1 targets, else mse. */
  loss: ModelLossName | "auto";
  /** `--params`: θ₀ in θ's layout; null: the model's own θ (its initializers). */
  params: Float64Array | null;
  optimizer: ModelOptimizerName;
  lr: number;
  batchSize: number;
  epochs: number;
  /** Of optimizer momentum (torch's SGD momentum, dampening 0). */
  momentum: number;
  nesterov: boolean;
  /** L2 weight decay (decoupled for adamw); null: 0, or 0.01 for adamw as torch. */
  weightDecay: number | null;
  lrSchedule: LrSchedule;
  /** Reshuffle every epoch, seeded by `seed`; false: file order. */
  shuffle: boolean;
  seed: number;
  /** Keep θ every `every` optimizer steps (start and final included) in `trajectory`. */
  saveTrajectory: boolean;
  every: number;
}

export const DEFAULT_MODEL_TRAIN_OPTIONS: Readonly<TrainModelOptions> = Object.freeze({
  loss: "auto",
  params: null,
  optimizer: "sgd",
  lr: 0.01,
  batchSize: 64,
  epochs: 10,
  momentum: 0.9,
  nesterov: false,
  weightDecay: null,
  lrSchedule: Object.freeze({ kind: "constant" }) as LrSchedule,
  shuffle: false,
  seed: 0,
  saveTrajectory: false,
  every: 1,
});

/** What `train --model FILE.onnx --json` prints, then θ and the trajectory (--save-params, --save-trajectory). */
export interface TrainModelResult {
  /** file: the model's source (null when it has none). */
  model: { file: string | null; params: number; loss: ModelLossName; samples: number; data: string };
  optimizer: { name: ModelOptimizerName; lr: number; momentum: number | null; nesterov: boolean; weightDecay: number; schedule: LrSchedule; batchSize: number; shuffle: boolean };
  epochs: ModelEpoch[];
  steps: number;
  finalLoss: number;
  finalAccuracy: number | null;
  finalR2: number | null;
  /** Not in --json: θ after the last step, and the kept θ (null unless saveTrajectory). */
  theta: Float64Array;
  trajectory: SavedTrajectory | null;
}

export function trainGraphModel(model: Model, data: ModelData, o: TrainModelOptions, control?: RunControl): TrainModelResult {
  if (o.nesterov && o.optimizer !== "momentum") throw new RangeError("nesterov needs optimizer momentum");
  const theta = o.params ?? model.theta;
  if (theta.length !== model.P) throw new RangeError(`params has ${theta.length} entries; the model has P = ${model.P} parameters`);
  const progress = progressOf(control);
  const loss = modelLoss(model, theta, data, o.loss);
  const N = data.x.shape[0];
  if (o.saveTrajectory) checkTrajectoryLimit(Math.ceil(N / o.batchSize) * o.epochs, o.every, model.P);
  const weightDecay = o.weightDecay ?? (o.optimizer === "adamw" ? 0.01 : 0);
  const config = {
    optimizer: o.optimizer,
    lr: o.lr,
    momentum: o.momentum,
    nesterov: o.nesterov,
    weightDecay,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    batchSize: o.batchSize,
    epochs: o.epochs,
    schedule: o.lrSchedule,
    shuffle: o.shuffle ? seededRandom(o.seed) : null,
    every: o.saveTrajectory ? o.every : 0,
  };
  const r = trainModel(model, theta, data, loss, config, (e) => progress("training", e.epoch / o.epochs), () => throwIfAborted(control?.signal));
  return {
    model: { file: model.source ?? null, params: model.P, loss, samples: N, data: data.source },
    optimizer: { name: o.optimizer, lr: o.lr, momentum: o.optimizer === "momentum" ? o.momentum : null, nesterov: o.nesterov, weightDecay, schedule: o.lrSchedule, batchSize: o.batchSize, shuffle: o.shuffle },
    epochs: r.epochs,
    steps: r.steps,
    finalLoss: r.finalLoss,
    finalAccuracy: r.finalAccuracy,
    finalR2: r.finalR2,
    theta: r.theta,
    trajectory: o.saveTrajectory ? { every: o.every, steps: r.trajectorySteps, points: r.trajectory } : null,
  };
}
