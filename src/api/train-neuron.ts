// `train` of the tutorial's one-neuron model p = σ(w·x + b) (what `train --json` prints without a
// network): the start from an init (W,B or a scheme drawn from the stream seeded by `seed`,
// which then goes on to shuffle the batches), every step's (w, b) and batch loss, and each
// epoch's full-data loss. From FAST_TRAIN_MIN_SAMPLES samples (SGD) on the WebAssembly kernel;
// the numbers are the CLI's. A run of any length keeps bounded memory with `steps: "report"`
// (each step a progress record, none kept: the CLI streams its JSON so) or `"none"` (epochs
// only, the whole run on the kernel where it applies: the CLI's text log).

import type { Dataset } from "../data/dataset.js";
import { FAST_TRAIN_MIN_SAMPLES, trainRunFast, trainStreamFast } from "../fast/train-fast.js";
import type { InitSpec } from "../init/initializers.js";
import type { LossName } from "../numerics/losses.js";
import { seededStart } from "../train/from-init.js";
import { DEFAULT_OPTIMIZER_OPTIONS, type OptimizerName } from "../train/optimizers.js";
import { DEFAULT_TRAIN_CONFIG, stepsPerEpoch, trainStream, type TrainConfig } from "../train/train.js";
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
  /**
   * The steps: "keep" them in the result (`params`, `stepLosses`); "report" each as an
   * onProgress record and keep none; "none": neither, only the epochs' records (the run on
   * the kernel where it applies, train()'s numbers to ~1e-14 relative). Default "keep".
   */
  steps: "keep" | "report" | "none";
}

/** What trainNeuron's onProgress hears: the start, each step (with `steps: "report"`), each epoch. */
export type TrainNeuronRecord =
  | { kind: "start"; w: number; b: number }
  | { kind: "step"; step: number; w: number; b: number; loss: number }
  /** `loss`: the last batch's; `fullLoss`: the full data's at the epoch's end. */
  | { kind: "epoch"; epoch: number; loss: number; fullLoss: number };

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
  steps: "keep",
});

/** What `train --json` prints for the one-neuron model. */
export interface TrainNeuronResult {
  loss: LossName;
  optimizer: OptimizerName;
  start: [number, number];
  /** (w, b) at the start and after every step (steps + 1 entries; only the start unless steps is "keep"). */
  params: Array<[number, number]>;
  /** The loss of the batch each step trained on, before the step (empty unless steps is "keep"). */
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
 * after every step, or every epoch with steps "none"); onProgress hears ("training", epochs
 * done / epochs) after each epoch with its record, and the start's and the steps' records.
 */
export async function trainNeuron(data: Dataset, options: Partial<TrainNeuronOptions> = {}, control?: RunControl<TrainNeuronRecord>): Promise<TrainNeuronResult> {
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
  progress("training", 0, { kind: "start", w: start[0], b: start[1] });
  const params: Array<[number, number]> = [[start[0], start[1]]];
  const stepLosses: number[] = [];
  const epochLosses = new Array<number>(o.epochs).fill(0);
  const total = o.epochs * stepsPerEpoch(data.x.length, o.batchSize);
  const guard = (k: number, w: number, b: number, l: number): void => {
    if (!(Number.isFinite(w) && Number.isFinite(b) && Number.isFinite(l))) throw new TrainingDivergedError(k);
  };
  const epoch = (e: number, last: number, full: number): void => {
    epochLosses[e] = full;
    progress("training", (e + 1) / o.epochs, { kind: "epoch", epoch: e, loss: last, fullLoss: full });
  };
  const step = (k: number, w: number, b: number, l: number): void => {
    guard(k, w, b, l);
    throwIfAborted(control?.signal);
    if (o.steps === "keep") {
      params.push([w, b]);
      stepLosses.push(l);
    } else progress("training", k / total, { kind: "step", step: k, w, b, loss: l });
  };
  // Epochs only: large data runs whole on the kernel (checked at each epoch's end), else the reference step by step.
  const end =
    o.steps === "none"
      ? ((data.x.length >= FAST_TRAIN_MIN_SAMPLES
          ? trainRunFast(data, start, config, rng, (e, last, full, k, w, b) => {
              guard(k, w, b, last);
              epoch(e, last, full);
            })
          : null) ??
        trainStream(data, start, config, rng, {
          step: (k, w, b, l) => {
            guard(k, w, b, l);
            throwIfAborted(control?.signal);
          },
          epoch,
        }))
      : trainStreamFast(data, start, config, rng, { step, epoch });
  return { loss: o.loss, optimizer: o.optimizer, start: [start[0], start[1]], params, stepLosses, epochLosses, final: [end.final[0], end.final[1]], finalLoss: end.finalLoss, accuracy: end.accuracy };
}
