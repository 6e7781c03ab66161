// `train` of an MLP (mlpModel): the start (the model's θ, or an init scheme drawn from the
// seeded stream that then shuffles the batches, as the CLI's --init/--seed), training with
// PyTorch's semantics on the nn engine (../nn/train.ts, torch.optim's rules of
// ../train/optimizers.ts), one full-data record per epoch (and the held-out rows' loss and
// accuracy with a test fraction), the final θ and the kept trajectory.

import { seededRandom } from "../init/random.js";
import { parameterCount } from "../nn/architecture.js";
import { evaluateNetwork, forward } from "../nn/forward.js";
import { initializeNetwork, type Gain, type NetworkInit } from "../nn/init.js";
import { thetaToLayers } from "../formats/params-json.js";
import { splitTable } from "../nn/split.js";
import type { Table } from "../nn/table.js";
import { trainNetworkStream } from "../nn/train.js";
import type { LossName } from "../numerics/losses.js";
import { DEFAULT_OPTIMIZER_OPTIONS, type OptimizerName } from "../train/optimizers.js";
import { DEFAULT_TRAIN_CONFIG, stepsPerEpoch, type TrainConfig } from "../train/train.js";
import { checkTrajectoryLimit } from "../train/trajectory-limit.js";
import { tableOf, type MlpModel } from "../model/mlp-model.js";
import type { ModelData } from "../model/model.js";
import { progressOf, throwIfAborted, type RunControl } from "./run-control.js";

/** train's options for an MLP: the network flags of `train`, camelCased, with their defaults. */
export interface TrainMlpOptions {
  /** `--loss`: mse or bce on p = σ(z). */
  loss: LossName;
  optimizer: OptimizerName;
  lr: number;
  batchSize: number;
  epochs: number;
  /** Reshuffle the samples every epoch (seeded by `seed`). */
  shuffle: boolean;
  /** With optimizer momentum. */
  momentum: number;
  /**
   * `--init`: a scheme drawn from the stream seeded by `seed` (which then goes on to shuffle the
   * batches, as the CLI's --init/--seed); null starts from `params`, else the model's own θ.
   */
  init: NetworkInit | null;
  /** `--params`: θ₀ in θ's layout (model.P entries); null: the model's θ (or `init`). */
  params: Float64Array | null;
  seed: number;
  /** Gain of xavier*, lecun and orthogonal inits ("auto": torch's calculate_gain). */
  gain: Gain;
  /** Hold out the last round(F·n) rows and report their loss and accuracy each epoch. */
  testFraction: number;
  /** Keep θ every `every` optimizer steps (start and final included) in `trajectory`. */
  saveTrajectory: boolean;
  every: number;
}

export const DEFAULT_TRAIN_OPTIONS: Readonly<TrainMlpOptions> = Object.freeze({
  loss: DEFAULT_TRAIN_CONFIG.loss,
  optimizer: DEFAULT_TRAIN_CONFIG.optimizer,
  lr: DEFAULT_OPTIMIZER_OPTIONS.lr,
  batchSize: DEFAULT_TRAIN_CONFIG.batchSize,
  epochs: DEFAULT_TRAIN_CONFIG.epochs,
  shuffle: false,
  momentum: DEFAULT_OPTIMIZER_OPTIONS.momentum,
  init: null,
  params: null,
  seed: 0,
  gain: 1,
  testFraction: 0,
  saveTrajectory: false,
  every: 1,
});

/** Params JSON's layers: weight [out][in] and bias [out] per layer. */
export interface ParamsLayers {
  layers: Array<{ weight: number[][]; bias: number[] }>;
}

/** Full-data loss, accuracy and ‖∇L‖ at one point (and the held-out rows' loss and accuracy). */
export interface TrainMlpRecord {
  loss: number;
  accuracy: number;
  gradNorm: number;
  testLoss?: number;
  testAccuracy?: number;
}

/** θ kept during a run: after steps 0, K, 2K, … and the last (parameters_to_vector order). */
export interface SavedTrajectory {
  every: number;
  steps: number[];
  points: Float64Array[];
}

/** What `train --json` prints for a network, then θ and the trajectory (its --save-params and --save-trajectory). */
export interface TrainMlpResult {
  loss: LossName;
  optimizer: OptimizerName;
  architecture: { inputs: number; hidden: number[]; activation: string };
  parameters: number;
  start: ParamsLayers;
  epochs: Array<{ epoch: number } & TrainMlpRecord>;
  final: ParamsLayers;
  finalLoss: number;
  accuracy: number;
  gradNorm: number;
  testLoss?: number;
  testAccuracy?: number;
  /** Not in --json: the start's record (the text table's epoch 0), θ after the last step, the kept θ (null unless saveTrajectory). */
  initial: TrainMlpRecord;
  theta: Float64Array;
  trajectory: SavedTrajectory | null;
}

/** The loss or θ left the float64 range: the step where it was seen. */
export class TrainingDivergedError extends RangeError {
  override name = "TrainingDivergedError";
  constructor(readonly step: number) {
    super(`training diverged (the loss or parameters left the float64 range at step ${step})`);
  }
}

function finite(theta: Float64Array): boolean {
  for (let i = 0; i < theta.length; i++) if (!Number.isFinite(theta[i])) return false;
  return true;
}

/** What train's onProgress hears with each epoch (and with the start, as epoch 0): the epoch's record. */
export type TrainProgressRecord = { epoch: number } & TrainMlpRecord;

export function trainMlp(model: MlpModel, all: ModelData, o: TrainMlpOptions, control?: RunControl<TrainProgressRecord>): TrainMlpResult {
  const arch = model.architecture;
  const P = parameterCount(arch);
  const progress = progressOf(control);
  const split = splitTable(tableOf(all), o.testFraction);
  const data: Table = split.train;
  const held = split.test;
  const rng = seededRandom(o.seed);
  const start = o.params ?? (o.init ? initializeNetwork(arch, o.init, rng, o.gain, data).theta : model.theta);
  if (start.length !== P) throw new RangeError(`params has ${start.length} entries; the model has P = ${P} parameters`);
  if (!finite(start)) throw new RangeError("the start has non-finite parameters");
  const config: TrainConfig = {
    loss: o.loss,
    optimizer: o.optimizer,
    optimizerOptions: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: o.lr, momentum: o.momentum },
    batchSize: o.batchSize,
    epochs: o.epochs,
    shuffle: o.shuffle,
  };
  const n = data.y.length;
  const perEpoch = stepsPerEpoch(n, o.batchSize);
  const totalSteps = perEpoch * o.epochs;
  if (o.saveTrajectory) checkTrajectoryLimit(totalSteps, o.every, P);
  const testOf = (theta: Float64Array): Pick<TrainMlpRecord, "testLoss" | "testAccuracy"> => {
    if (held === null) return {};
    const pass = forward(arch, theta, held, o.loss);
    return { testLoss: pass.loss, testAccuracy: pass.accuracy };
  };
  const points: Float64Array[] = o.saveTrajectory ? [Float64Array.from(start)] : [];
  const steps: number[] = o.saveTrajectory ? [0] : [];
  const s0 = evaluateNetwork(arch, start, data, o.loss);
  const initial: TrainMlpRecord = { loss: s0.loss, accuracy: s0.accuracy, gradNorm: s0.gradNorm, ...testOf(start) };
  progress("training", 0, { epoch: 0, ...initial });
  const epochs: TrainMlpResult["epochs"] = [];
  const { final, last } = trainNetworkStream(arch, start, data, config, rng, {
    step(k, theta, l) {
      if (!Number.isFinite(l)) throw new TrainingDivergedError(k);
      throwIfAborted(control?.signal);
      if (o.saveTrajectory && (k % o.every === 0 || k === totalSteps)) {
        points.push(Float64Array.from(theta));
        steps.push(k);
      }
    },
    epoch(r, theta) {
      if (!(Number.isFinite(r.loss) && Number.isFinite(r.gradNorm))) throw new TrainingDivergedError(r.epoch * perEpoch);
      const record = { epoch: r.epoch, loss: r.loss, accuracy: r.accuracy, gradNorm: r.gradNorm, ...testOf(theta) };
      epochs.push(record);
      progress("training", r.epoch / o.epochs, record);
    },
  });
  if (!finite(final)) throw new TrainingDivergedError(totalSteps);
  return {
    loss: o.loss,
    optimizer: o.optimizer,
    architecture: { inputs: arch.inputs, hidden: [...arch.hidden], activation: arch.activation },
    parameters: P,
    start: thetaToLayers(arch, start),
    epochs,
    final: thetaToLayers(arch, final),
    finalLoss: last.loss,
    accuracy: last.accuracy,
    gradNorm: last.gradNorm,
    ...testOf(final),
    initial,
    theta: final,
    trajectory: o.saveTrajectory ? { every: o.every, steps, points } : null,
  };
}
