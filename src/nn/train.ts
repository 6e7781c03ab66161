// Mini-batch training of a network with PyTorch's semantics, as ../train/train.ts does
// for one neuron: batches of the data in order or in a seeded shuffle per epoch (the last
// partial batch kept), the mean loss of each batch, backward, one optimizer step
// (../train/optimizers.ts, torch.optim's update rules). With no hidden layer and d = 1
// every operation is train()'s, so the two agree to the last bit.

import type { Random } from "../init/random.js";
import { checkTrainConfig, stepsPerEpoch, type TrainConfig } from "../train/train.js";
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

/** A DataLoader over a Table: batches as views into the data, or (shuffled) into one reordered copy. */
export function tableLoader(data: Table, batchSize: number, shuffle: boolean, rng: Random | null): { steps: number; epoch(): Table[] } {
  const n = sampleCount(data);
  const d = data.inputs;
  const bounds = batchBounds(n, batchSize);
  if (!shuffle) {
    const inOrder = bounds.map(([s, t]) => tableRows(data, s, t));
    return { steps: bounds.length, epoch: () => inOrder };
  }
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

/** Receives a network's run as it happens, so long runs need not be kept. */
export interface NetworkTrainSink {
  /** After step k (1-based): θ after it (a live view: copy to keep) and the batch loss before it. */
  step?(k: number, theta: Float64Array, stepLoss: number): void;
  /** After each epoch: the full-data record at θ (a live view). */
  epoch?(record: EpochRecord, theta: Float64Array): void;
}

/** Full-data mean loss, accuracy and ‖∇L‖ at θ. */
function fullRecord(arch: Architecture, theta: Float64Array, data: Table, loss: TrainConfig["loss"]): Omit<EpochRecord, "epoch"> {
  const pass = forward(arch, theta, data, loss);
  return { loss: pass.loss, accuracy: pass.accuracy, gradNorm: norm2(backward(pass, theta).grad) };
}

/** A run advanced one epoch at a time: θ (a live view), the epochs and steps done so far. */
export interface NetworkTrainer {
  readonly theta: Float64Array;
  readonly epochsDone: number;
  readonly stepsDone: number;
  /** Trains one more epoch, reporting to the sink, and returns its full-data record. */
  runEpoch(): EpochRecord;
}

/**
 * The training loop's state, for callers that advance a run as they go (the network
 * explorer trains an epoch per frame); trainNetworkStream runs it for config.epochs.
 * The number of epochs is not part of a run's state, so epoch k is the same whatever
 * the total.
 */
export function networkTrainer(arch: Architecture, start: Float64Array, data: Table, config: TrainConfig, rng: Random | null, sink: NetworkTrainSink = {}): NetworkTrainer {
  checkTrainConfig({ ...config, epochs: Math.max(1, config.epochs) });
  const P = parameterCount(arch);
  if (start.length !== P) throw new RangeError(`start has ${start.length} entries, the architecture ${P}`);
  const loader = tableLoader(data, config.batchSize, config.shuffle, rng);
  const theta = Float64Array.from(start);
  const opt = makeOptimizer(config.optimizer, config.optimizerOptions, P);
  let k = 0;
  let e = 0;
  return {
    theta,
    get epochsDone() {
      return e;
    },
    get stepsDone() {
      return k;
    },
    runEpoch() {
      for (const batch of loader.epoch()) {
        const pass = forward(arch, theta, batch, config.loss);
        opt.step(theta, backward(pass, theta).grad);
        k++;
        sink.step?.(k, theta, pass.loss);
      }
      e++;
      const record = { epoch: e, ...fullRecord(arch, theta, data, config.loss) };
      sink.epoch?.(record, theta);
      return record;
    },
  };
}

/**
 * The training loop, reporting each step and epoch to `sink` and keeping nothing, so
 * memory does not grow with the step count; trainNetwork records the same run. Returns
 * θ after the last step and the last epoch's record.
 */
export function trainNetworkStream(
  arch: Architecture,
  start: Float64Array,
  data: Table,
  config: TrainConfig,
  rng: Random | null,
  sink: NetworkTrainSink,
): { final: Float64Array; last: EpochRecord } {
  checkTrainConfig(config);
  const run = networkTrainer(arch, start, data, config, rng, sink);
  let last: EpochRecord | null = null;
  for (let e = 0; e < config.epochs; e++) last = run.runEpoch();
  // Stryker disable next-line StringLiteral: unreachable: checkTrainConfig requires epochs ≥ 1, so the loop sets last
  if (last === null) throw new RangeError("no epoch ran");
  return { final: run.theta, last };
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
  if (!Number.isInteger(options.every) || options.every < 0) throw new RangeError(`every must be a non-negative integer (got ${options.every})`);
  const totalSteps = stepsPerEpoch(sampleCount(data), config.batchSize) * config.epochs;
  const stepLosses = new Float64Array(totalSteps);
  const epochs: EpochRecord[] = [];
  const trajectory: Float64Array[] = [];
  const trajectorySteps: number[] = [];
  const keep = (step: number, theta: Float64Array): void => {
    trajectory.push(Float64Array.from(theta));
    trajectorySteps.push(step);
  };
  if (options.every > 0) keep(0, start);
  const { final, last } = trainNetworkStream(arch, start, data, config, rng, {
    step(k, theta, l) {
      stepLosses[k - 1] = l;
      if (options.every > 0 && (k % options.every === 0 || k === totalSteps)) keep(k, theta);
    },
    epoch: (record) => epochs.push(record),
  });
  return {
    start: Float64Array.from(start),
    final,
    stepLosses,
    epochs,
    trajectory,
    trajectorySteps,
    finalLoss: last.loss,
    accuracy: last.accuracy,
    gradNorm: last.gradNorm,
  };
}
