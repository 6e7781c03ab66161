// Many-start training, structure of arrays: every step advances all starts at once
// (params as one Float64Array [w_0 … w_{S−1}, b_0 … b_{S−1}]), so a sweep of starts
// costs one pass over the batch per step instead of S separate runs.
//
// Each start follows exactly the arithmetic of train() (same batch order, same sums,
// same optimizer rule), so a start's result here equals a single train() run.
// This is the pure TypeScript reference; fast paths must match it.

import type { Dataset } from "../data/dataset.js";
import type { Random } from "../init/random.js";
import { accumulatePoint, POINT_SLOTS } from "../numerics/point.js";
import { makeDataLoader } from "./dataloader.js";
import { makeOptimizer } from "./optimizers.js";
import { checkTrainConfig, type TrainConfig } from "./train.js";
import { exp } from "../numerics/fdlibm.js";

export interface Starts {
  w: Float64Array;
  b: Float64Array;
}

export interface ManyOptions {
  /** Accuracy a run must reach for firstEpochReaching (default 0.95). */
  accuracyTarget: number;
}

export const DEFAULT_MANY_OPTIONS: ManyOptions = { accuracyTarget: 0.95 };

export interface ManyResult {
  finalW: Float64Array;
  finalB: Float64Array;
  /** Full-data loss at the final params. */
  finalLoss: Float64Array;
  /** Full-data |∇L| at the final params. */
  finalGradNorm: Float64Array;
  /** Full-data accuracy at the final params. */
  accuracy: Float64Array;
  /**
   * First epoch (0-based, measured at the epoch's end) whose full-data accuracy is
   * ≥ accuracyTarget; −1 if no epoch reaches it.
   */
  firstEpochReaching: Int32Array;
}

/**
 * The contract of every many-start trainer: this reference, and the WebAssembly fast
 * paths that may replace it (src/fast/many-fast.ts). rng is used only with shuffle.
 */
export type ManyTrainer = (data: Dataset, starts: Starts, config: TrainConfig, options?: ManyOptions, rng?: Random | null) => ManyResult;
/** The same contract, asynchronous (a worker-thread fast path). */
export type AsyncManyTrainer = (...args: Parameters<ManyTrainer>) => Promise<ManyResult>;

/** Trains every start with the same config and batch order. rng only for shuffle. */
export const trainMany: ManyTrainer = (data, starts, config, options = DEFAULT_MANY_OPTIONS, rng = null) => {
  const S = starts.w.length;
  if (starts.b.length !== S) throw new RangeError("trainMany: starts.w and starts.b differ in length");
  checkTrainConfig(config);
  const { loss, epochs } = config;
  const loader = makeDataLoader(data, config.batchSize, config.shuffle, rng);
  const params = new Float64Array(2 * S);
  params.set(starts.w, 0);
  params.set(starts.b, S);
  const grad = new Float64Array(2 * S);
  const opt = makeOptimizer(config.optimizer, config.optimizerOptions, 2 * S);
  const out = new Float64Array(POINT_SLOTS);
  const first = new Int32Array(S).fill(-1);
  for (let e = 0; e < epochs; e++) {
    for (const batch of loader.epoch()) {
      for (let k = 0; k < S; k++) {
        accumulatePoint(loss, batch, params[k], params[S + k], out);
        grad[k] = out[1];
        grad[S + k] = out[2];
      }
      opt.step(params, grad);
    }
    // Stryker disable next-line EqualityOperator: <= for < only touches one element past a typed array (reads give undefined, writes are dropped), so no result changes
    for (let k = 0; k < S; k++) {
      if (first[k] >= 0) continue;
      if (accuracyAt(data, params[k], params[S + k]) >= options.accuracyTarget) first[k] = e;
    }
  }
  const finalLoss = new Float64Array(S);
  const finalGradNorm = new Float64Array(S);
  const accuracy = new Float64Array(S);
  // Stryker disable next-line EqualityOperator: <= for < only touches one element past a typed array (reads give undefined, writes are dropped), so no result changes
  for (let k = 0; k < S; k++) {
    accumulatePoint(loss, data, params[k], params[S + k], out);
    finalLoss[k] = out[0];
    finalGradNorm[k] = Math.hypot(out[1], out[2]);
    accuracy[k] = out[6];
  }
  return {
    finalW: params.slice(0, S),
    finalB: params.slice(S),
    finalLoss,
    finalGradNorm,
    accuracy,
    firstEpochReaching: first,
  };
};

/**
 * Full-data accuracy at (w, b) with the tutorial's rule (σ(z) > 0.5) == y, without an
 * exp per sample: for z > 1e-15 float64 σ(z) is certainly above 0.5, for z ≤ 0 it is
 * not, and only in between can σ round to exactly 0.5, so there we evaluate it.
 */
export function accuracyAt(data: Dataset, w: number, b: number): number {
  const { x, y } = data;
  let correct = 0;
  // Stryker disable next-line EqualityOperator: <= for < only touches one element past a typed array (reads give undefined, writes are dropped), so no result changes
  for (let i = 0; i < x.length; i++) {
    const z = w * x[i] + b;
    // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent where they widen or drop either test (z >= 1e-15, z >= 0, z > 1e-15 → false, z > 0 → true): both only skip an exp, as σ(z) > 0.5 is false for every z ≤ 0 and true for every z > 1e-15 (test/accuracy-rule.test.ts)
    const positive = z > 1e-15 || (z > 0 && 1 / (1 + exp(-z)) > 0.5);
    if ((positive ? 1 : 0) === y[i]) correct++;
  }
  return correct / x.length;
}
