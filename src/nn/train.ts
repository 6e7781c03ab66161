// Mini-batch training of a network with PyTorch's semantics, as ../train/train.ts does
// for one neuron: batches of the data in order or in a seeded shuffle per epoch (the last
// partial batch kept), the mean loss of each batch, backward, one optimizer step
// (../train/optimizers.ts, torch.optim's update rules). With no hidden layer and d = 1
// every operation is train()'s, so the two agree to the last bit.

import type { Random } from "../init/random.js";
import { checkTrainConfig, type TrainConfig } from "../train/train.js";
import { batchBounds, epochOrder } from "../train/dataloader.js";
import { makeOptimizer } from "../train/optimizers.js";
import { parameterCount, type Architecture } from "./architecture.js";
import { backward, forward, norm2 } from "./forward.js";
import { sampleCount, tableRows, type Table } from "./table.js";

export interface NetworkTrainOptions {
  /** Keep θ every `every` steps (step 0 and the last step always); 0 keeps none. */
  every: number;
}

export interface EpochRecord {
  epoch: number;
  /** Full-data mean loss, accuracy and ‖∇L‖ at the end of the epoch. */
  loss: number;
  accuracy: number;
  gradNorm: number;
}

export interface NetworkTrainResult {
  start: Float64Array;
  final: Float64Array;
  /** Mean loss of the batch each step trained on, before the step. */
  stepLosses: Float64Array;
  epochs: EpochRecord[];
  /** Kept parameter vectors and the step after which each was taken (0 = the start). */
  trajectory: Float64Array[];
  trajectorySteps: number[];
  finalLoss: number;
  accuracy: number;
  gradNorm: number;
}

/** A DataLoader over a Table: one reordered copy, batches as views into it. */
export function tableLoader(data: Table, batchSize: number, shuffle: boolean, rng: Random | null): { steps: number; epoch(): Table[] } {
  const n = sampleCount(data);
  const d = data.inputs;
  const bounds = batchBounds(n, batchSize);
  const copy: Table = { x: new Float64Array(n * d), y: new Float64Array(n), inputs: d, source: data.source };
  const batches = bounds.map(([s, t]) => tableRows(copy, s, t));
  return {
    steps: bounds.length,
    epoch() {
      const order = epochOrder(n, shuffle, rng);
      for (let i = 0; i < n; i++) {
        const j = order[i];
        for (let k = 0; k < d; k++) copy.x[i * d + k] = data.x[j * d + k];
        copy.y[i] = data.y[j];
      }
      return batches;
    },
  };
}

/** Trains from θ₀; `rng` is needed only with config.shuffle. Throws RangeError on a config that cannot run. */
export function trainNetwork(
  arch: Architecture,
  start: Float64Array,
  data: Table,
  config: TrainConfig,
  rng: Random | null = null,
  options: NetworkTrainOptions = { every: 0 },
): NetworkTrainResult {
  checkTrainConfig(config);
  const P = parameterCount(arch);
  if (start.length !== P) throw new RangeError(`start has ${start.length} entries, the architecture ${P}`);
  if (!Number.isInteger(options.every) || options.every < 0) throw new RangeError(`every must be a non-negative integer (got ${options.every})`);
  const loader = tableLoader(data, config.batchSize, config.shuffle, rng);
  const totalSteps = loader.steps * config.epochs;
  const theta = Float64Array.from(start);
  const opt = makeOptimizer(config.optimizer, config.optimizerOptions, P);
  const stepLosses = new Float64Array(totalSteps);
  const epochs: EpochRecord[] = [];
  const trajectory: Float64Array[] = [];
  const trajectorySteps: number[] = [];
  const keep = (step: number): void => {
    trajectory.push(Float64Array.from(theta));
    trajectorySteps.push(step);
  };
  if (options.every > 0) keep(0);
  let k = 0;
  const full = (): { loss: number; accuracy: number; gradNorm: number } => {
    const pass = forward(arch, theta, data, config.loss);
    return { loss: pass.loss, accuracy: pass.accuracy, gradNorm: norm2(backward(pass, theta).grad) };
  };
  for (let e = 0; e < config.epochs; e++) {
    for (const batch of loader.epoch()) {
      const pass = forward(arch, theta, batch, config.loss);
      stepLosses[k] = pass.loss;
      opt.step(theta, backward(pass, theta).grad);
      k++;
      if (options.every > 0 && (k % options.every === 0 || k === totalSteps)) keep(k);
    }
    epochs.push({ epoch: e + 1, ...full() });
  }
  const last = epochs[epochs.length - 1];
  return {
    start: Float64Array.from(start),
    final: theta,
    stepLosses,
    epochs,
    trajectory,
    trajectorySteps,
    finalLoss: last.loss,
    accuracy: last.accuracy,
    gradNorm: last.gradNorm,
  };
}
