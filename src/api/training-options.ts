// The one-neuron training flags (`train`'s --lr, --batch-size, --epochs, --shuffle,
// --optimizer, --momentum) as library options, shared by basins, initStudy and landscape.

import type { LossName } from "../numerics/losses.js";
import { DEFAULT_OPTIMIZER_OPTIONS, type OptimizerName } from "../train/optimizers.js";
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from "../train/train.js";

export interface TrainingOptions {
  /** --lr */
  lr: number;
  /** --batch-size */
  batchSize: number;
  /** --epochs */
  epochs: number;
  /** --shuffle: reshuffle the samples every epoch (seeded). */
  shuffle: boolean;
  /** --optimizer, as torch.optim. */
  optimizer: OptimizerName;
  /** --momentum, used only by the momentum optimizer. */
  momentum: number;
}

export const DEFAULT_TRAINING_OPTIONS: Readonly<TrainingOptions> = {
  lr: DEFAULT_OPTIMIZER_OPTIONS.lr,
  batchSize: DEFAULT_TRAIN_CONFIG.batchSize,
  epochs: DEFAULT_TRAIN_CONFIG.epochs,
  shuffle: false,
  optimizer: DEFAULT_TRAIN_CONFIG.optimizer,
  momentum: DEFAULT_OPTIMIZER_OPTIONS.momentum,
};

/** The training options as the trainer's config for `loss`. */
export function trainConfigOf(o: TrainingOptions, loss: LossName): TrainConfig {
  return {
    loss,
    optimizer: o.optimizer,
    optimizerOptions: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: o.lr, momentum: o.momentum },
    batchSize: o.batchSize,
    epochs: o.epochs,
    shuffle: o.shuffle,
  };
}
