// Mini-batch training of p = σ(w·x + b) with PyTorch's semantics: for each batch,
// mean-reduced loss, backward, one optimizer step. Returns the whole trajectory as
// typed arrays; printing and JSON belong to the CLI.

import type { Dataset } from "../data/dataset.js";
import type { Random } from "../init/random.js";
import type { LossName } from "../numerics/losses.js";
import { accumulatePoint, POINT_SLOTS } from "../numerics/point.js";
import { makeDataLoader } from "./dataloader.js";
import { DEFAULT_OPTIMIZER_OPTIONS, makeOptimizer, type OptimizerName, type OptimizerOptions } from "./optimizers.js";

export interface TrainConfig {
  loss: LossName;
  optimizer: OptimizerName;
  optimizerOptions: OptimizerOptions;
  batchSize: number;
  epochs: number;
  shuffle: boolean;
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  loss: "mse",
  optimizer: "sgd",
  optimizerOptions: DEFAULT_OPTIMIZER_OPTIONS,
  batchSize: 2,
  epochs: 50,
  shuffle: false,
};

export interface TrainResult {
  loss: LossName;
  optimizer: OptimizerName;
  start: [number, number];
  /** w after each step, start first: length steps + 1. */
  w: Float64Array;
  /** b after each step, start first: length steps + 1. */
  b: Float64Array;
  /** Mean loss of the batch each step trained on, at the params before the step. */
  stepLosses: Float64Array;
  /** Full-data loss at the end of each epoch. */
  epochLosses: Float64Array;
  /** Index into w/b of each epoch's last step (epoch e ends at params[epochEnds[e]]). */
  epochEnds: Uint32Array;
  final: [number, number];
  finalLoss: number;
  /** Fraction of samples with (σ(z) > 0.5) == y at the final params. */
  accuracy: number;
}

/** Steps one epoch takes: ceil(n / batchSize). */
export function stepsPerEpoch(n: number, batchSize: number): number {
  return Math.ceil(n / batchSize);
}

/** Throws RangeError on a batch size or epoch count that cannot run. */
export function checkTrainConfig(config: TrainConfig): void {
  const { batchSize, epochs } = config;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer (got ${batchSize})`);
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`epochs must be a positive integer (got ${epochs})`);
}

/** Receives a run as it happens (trainStream), so long runs need not be kept. */
export interface TrainSink {
  /** After step k (1-based): the params it produced and the batch loss at the params before it. */
  step?(k: number, w: number, b: number, stepLoss: number): void;
  /** After epoch e (0-based): its last batch loss, the full-data loss and the step count so far. */
  epoch?(e: number, lastStepLoss: number, epochLoss: number, steps: number): void;
}

export interface TrainSummary {
  final: [number, number];
  finalLoss: number;
  accuracy: number;
}

/**
 * The training loop itself, reporting each step and epoch to `sink` and keeping nothing:
 * memory does not grow with the step count. `train` records the same run into arrays.
 */
export function trainStream(data: Dataset, start: [number, number], config: TrainConfig, rng: Random | null, sink: TrainSink): TrainSummary {
  checkTrainConfig(config);
  const { loss, epochs } = config;
  const loader = makeDataLoader(data, config.batchSize, config.shuffle, rng);
  const params = Float64Array.from(start);
  const grad = new Float64Array(2);
  const out = new Float64Array(POINT_SLOTS);
  const opt = makeOptimizer(config.optimizer, config.optimizerOptions);
  let k = 0;
  let last = NaN;
  for (let e = 0; e < epochs; e++) {
    for (const batch of loader.epoch()) {
      accumulatePoint(loss, batch, params[0], params[1], out);
      last = out[0];
      grad[0] = out[1];
      grad[1] = out[2];
      opt.step(params, grad);
      k++;
      sink.step?.(k, params[0], params[1], last);
    }
    accumulatePoint(loss, data, params[0], params[1], out);
    sink.epoch?.(e, last, out[0], k);
  }
  accumulatePoint(loss, data, params[0], params[1], out);
  return { final: [params[0], params[1]], finalLoss: out[0], accuracy: out[6] };
}

/**
 * Trains from `start`. `rng` is needed only when config.shuffle is set.
 * Throws RangeError on a config that cannot run (the CLI validates flags first).
 * Keeps every step (24 bytes each); trainStream keeps none.
 */
export function train(data: Dataset, start: [number, number], config: TrainConfig, rng: Random | null = null): TrainResult {
  checkTrainConfig(config);
  const steps = stepsPerEpoch(data.x.length, config.batchSize) * config.epochs;
  const w = new Float64Array(steps + 1);
  const b = new Float64Array(steps + 1);
  const stepLosses = new Float64Array(steps);
  const epochLosses = new Float64Array(config.epochs);
  const epochEnds = new Uint32Array(config.epochs);
  w[0] = start[0];
  b[0] = start[1];
  const end = trainStream(data, start, config, rng, {
    step(k, wk, bk, l) {
      w[k] = wk;
      b[k] = bk;
      stepLosses[k - 1] = l;
    },
    epoch(e, _last, l, k) {
      epochLosses[e] = l;
      epochEnds[e] = k;
    },
  });
  return {
    loss: config.loss,
    optimizer: config.optimizer,
    start: [start[0], start[1]],
    w,
    b,
    stepLosses,
    epochLosses,
    epochEnds,
    ...end,
  };
}
