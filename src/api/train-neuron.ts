// `train` of the tutorial's one-neuron model p = σ(w·x + b) (what `train --json` prints without a
// network): the start from an init (W,B or a scheme drawn from the stream seeded by `seed`,
// which then goes on to shuffle the batches), every step's (w, b) and batch loss, and each
// epoch's full-data loss. From FAST_TRAIN_MIN_SAMPLES samples (SGD) on the WebAssembly kernel;
// the numbers are the CLI's. The CLI streams this object instead (bounded memory for any run).

import type { Dataset } from "../data/dataset.js";
import { trainStreamFast } from "../fast/train-fast.js";
import type { InitSpec } from "../init/initializers.js";
import type { LossName } from "../numerics/losses.js";
import { seededStart } from "../train/from-init.js";
import { DEFAULT_OPTIMIZER_OPTIONS, type OptimizerName } from "../train/optimizers.js";
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from "../train/train.js";
import { progressOf, throwIfAborted, type RunControl } from "./run-control.js";
import { TrainingDivergedError } from "./train-mlp.js";

/** trainNeuron's options: `train`'s one-neuron flags, camelCased, with their defaults. */
export interface TrainNeuronOptions {
  loss: LossName;
  /** `--init`: a fixed start W,B or a scheme drawn from the stream seeded by `seed`. */
  init: InitSpec;
  seed: number;
  optimizer: OptimizerName;
  lr: number;
  batchSize: number;
  epochs: number;
  shuffle: boolean;
  momentum: number;
}

export const DEFAULT_NEURON_TRAIN_OPTIONS: Readonly<TrainNeuronOptions> = Object.freeze({
  loss: DEFAULT_TRAIN_CONFIG.loss,
  init: Object.freeze({ kind: "fixed", w: -5, b: -10 }) as InitSpec,
  seed: 0,
  optimizer: DEFAULT_TRAIN_CONFIG.optimizer,
  lr: DEFAULT_OPTIMIZER_OPTIONS.lr,
  batchSize: DEFAULT_TRAIN_CONFIG.batchSize,
  epochs: DEFAULT_TRAIN_CONFIG.epochs,
  shuffle: false,
  momentum: DEFAULT_OPTIMIZER_OPTIONS.momentum,
});

/** What `train --json` prints for the one-neuron model. */
export interface TrainNeuronResult {
  loss: LossName;
  optimizer: OptimizerName;
  start: [number, number];
  /** (w, b) at the start and after every step (steps + 1 entries). */
  params: Array<[number, number]>;
  /** The loss of the batch each step trained on, before the step. */
  stepLosses: number[];
  /** Full-data loss after each epoch. */
  epochLosses: number[];
  final: [number, number];
  finalLoss: number;
  accuracy: number;
}

/**
 * Trains p = σ(w·x + b) with PyTorch's mini-batch semantics. Throws TrainingDivergedError when
 * (w, b) or the loss leave the float64 range, and the signal's reason when aborted (checked
 * after every step); onProgress hears ("training", epochs done / epochs) after each epoch.
 */
export async function trainNeuron(data: Dataset, options: Partial<TrainNeuronOptions> = {}, control?: RunControl): Promise<TrainNeuronResult> {
  const o: TrainNeuronOptions = { ...DEFAULT_NEURON_TRAIN_OPTIONS, ...options };
  const progress = progressOf(control);
  const config: TrainConfig = {
    loss: o.loss,
    optimizer: o.optimizer,
    optimizerOptions: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: o.lr, momentum: o.momentum },
    batchSize: o.batchSize,
    epochs: o.epochs,
    shuffle: o.shuffle,
  };
  const { start, rng } = seededStart(o.init, o.seed);
  const params: Array<[number, number]> = [[start[0], start[1]]];
  const stepLosses: number[] = [];
  const epochLosses = new Array<number>(o.epochs).fill(0);
  const end = trainStreamFast(data, start, config, rng, {
    step(k, w, b, l) {
      if (!(Number.isFinite(w) && Number.isFinite(b) && Number.isFinite(l))) throw new TrainingDivergedError(k);
      throwIfAborted(control?.signal);
      params.push([w, b]);
      stepLosses.push(l);
    },
    epoch(e, _last, full) {
      epochLosses[e] = full;
      progress("training", (e + 1) / o.epochs);
    },
  });
  return { loss: o.loss, optimizer: o.optimizer, start: [start[0], start[1]], params, stepLosses, epochLosses, final: [end.final[0], end.final[1]], finalLoss: end.finalLoss, accuracy: end.accuracy };
}
