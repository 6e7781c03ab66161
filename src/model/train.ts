// Training a model in eval mode (BatchNorm's running statistics frozen, Dropout off): mini-batches
// in file order (or reshuffled each epoch with a seeded generator), the mean loss of each batch
// backpropagated, one optimizer step per batch, the schedule stepped once per epoch.

import type { Random } from "../init/random.js";
import { accuracyOf, rSquared, type ModelLossName } from "./losses.js";
import { batchOf, type Model, type ModelData } from "./model.js";
import { lrScheduler, makeOptimizer, type LrSchedule, type OptimizerConfig } from "./optimizers.js";

export interface ModelTrainConfig extends OptimizerConfig {
  batchSize: number;
  epochs: number;
  schedule: LrSchedule;
  /** Reshuffle each epoch with this generator; null = file order. */
  shuffle: Random | null;
  /** Keep θ every this many steps, the start and the final point included (0 = never). */
  every: number;
}

export interface ModelEpoch {
  epoch: number;
  lr: number;
  /** Sample-weighted mean of the batch losses seen in the epoch. */
  meanBatchLoss: number;
  /** Loss and accuracy (R² for mse) on all the data after the epoch. */
  loss: number;
  accuracy: number | null;
  r2: number | null;
}

export interface ModelTrainResult {
  theta: Float64Array;
  epochs: ModelEpoch[];
  steps: number;
  finalLoss: number;
  finalAccuracy: number | null;
  finalR2: number | null;
  trajectory: Float64Array[];
  trajectorySteps: number[];
}

function gather(data: ModelData, idx: Int32Array): ModelData {
  const N = data.x.shape[0];
  const xs = data.x.data.length / N;
  const ys = data.y.length / N;
  const x = new Float64Array(idx.length * xs);
  const y = new Float64Array(idx.length * ys);
  idx.forEach((r, i) => {
    x.set(data.x.data.subarray(r * xs, (r + 1) * xs), i * xs);
    y.set(data.y.subarray(r * ys, (r + 1) * ys), i * ys);
  });
  return { x: { shape: [idx.length, ...data.x.shape.slice(1)], data: x }, y, yShape: [idx.length, ...data.yShape.slice(1)], source: data.source };
}

/** onEpoch after each epoch's record; onStep after each optimizer step (where a caller may stop the run by throwing). */
export function trainModel(
  model: Model,
  theta0: Float64Array,
  data: ModelData,
  loss: ModelLossName,
  c: ModelTrainConfig,
  onEpoch?: (e: ModelEpoch) => void,
  onStep?: (step: number) => void,
): ModelTrainResult {
  const theta = Float64Array.from(theta0);
  const opt = makeOptimizer(c, model.P);
  const N = data.x.shape[0];
  const epochs: ModelEpoch[] = [];
  const trajectory: Float64Array[] = c.every > 0 ? [Float64Array.from(theta)] : [];
  const trajectorySteps: number[] = c.every > 0 ? [0] : [];
  let steps = 0;
  const order = new Int32Array(N).map((_, i) => i);
  const nextLr = lrScheduler(c.schedule, c.lr);
  for (let e = 0; e < c.epochs; e++) {
    const lr = nextLr();
    if (c.shuffle) {
      for (let i = N - 1; i > 0; i--) {
        const j = Math.floor(c.shuffle() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
    }
    const source = c.shuffle ? gather(data, order) : data;
    let total = 0;
    for (let s = 0; s < N; s += c.batchSize) {
      const b = batchOf(source, s, Math.min(N, s + c.batchSize));
      const r = model.lossGradient(theta, b, loss);
      total += r.loss * b.x.shape[0];
      opt.step(theta, r.gradient, lr);
      steps++;
      onStep?.(steps);
      if (c.every > 0 && steps % c.every === 0) {
        trajectory.push(Float64Array.from(theta));
        trajectorySteps.push(steps);
      }
    }
    const out = model.outputs(theta, data.x);
    const full = model.lossValue(theta, data, loss);
    const rec: ModelEpoch = { epoch: e + 1, lr, meanBatchLoss: total / N, loss: full, accuracy: accuracyOf(loss, out, data.y), r2: loss === "mse" ? rSquared(out, data.y) : null };
    epochs.push(rec);
    onEpoch?.(rec);
  }
  if (c.every > 0 && trajectorySteps[trajectorySteps.length - 1] !== steps) {
    trajectory.push(Float64Array.from(theta));
    trajectorySteps.push(steps);
  }
  const last = epochs[epochs.length - 1];
  return { theta, epochs, steps, finalLoss: last.loss, finalAccuracy: last.accuracy, finalR2: last.r2, trajectory, trajectorySteps };
}
