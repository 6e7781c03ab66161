// The runs on the page: one per compared start, each the CLI's `train` run of that start
// (same θ₀ draw from the seed, same seeded shuffles, same loop: networkTrainer), advanced
// an epoch at a time in lockstep. Each keeps its loss curves and a thinned trajectory.

import { seededRandom } from "../init/random.js";
import { parameterCount, type Architecture } from "../nn/architecture.js";
import { forward } from "../nn/forward.js";
import { initializeNetwork, type NetworkInit } from "../nn/init.js";
import type { Split } from "../nn/split.js";
import { networkTrainer, type NetworkTrainer } from "../nn/train.js";
import { DEFAULT_OPTIMIZER_OPTIONS } from "../train/optimizers.js";
import type { TrainConfig } from "../train/train.js";
import type { NetState } from "./state.js";

/** Trajectory points kept per run; past it every other point is dropped (the stride doubles). */
export const MAX_KEPT = 128;

export interface Run {
  init: NetworkInit;
  trainer: NetworkTrainer;
  start: Float64Array;
  /** Full training-data loss and accuracy at the start and after each epoch (index = epoch). */
  trainLoss: number[];
  trainAcc: number[];
  testLoss: number[];
  testAcc: number[];
  gradNorm: number[];
  /** θ at epochs 0, stride, 2·stride, … (and kept epochs), for the PCA slice and sharpness. */
  kept: Float64Array[];
  keptEpochs: number[];
  stride: number;
  /** Why the run stopped early (training diverged), else null. */
  failed: string | null;
}

export function architectureOf(s: NetState, inputs: number): Architecture {
  return { inputs, hidden: s.hidden, activation: s.activation };
}

export function trainConfigOf(s: NetState): TrainConfig {
  return {
    loss: s.loss,
    optimizer: s.optimizer,
    optimizerOptions: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: s.lr, momentum: s.momentum },
    batchSize: s.batch,
    epochs: s.epochs,
    shuffle: s.shuffle,
  };
}

function finite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/** A new run from `init`: θ₀ drawn from seededRandom(seed) (gain 1), as `train --init … --seed …` does; the same stream then shuffles. */
export function startRun(arch: Architecture, init: NetworkInit, s: NetState, split: Split): Run {
  const rng = seededRandom(s.seed);
  const theta = initializeNetwork(arch, init, rng, 1, split.train).theta;
  if (theta.length !== parameterCount(arch)) throw new Error("the init drew the wrong number of parameters");
  const trainer = networkTrainer(arch, theta, split.train, trainConfigOf(s), rng);
  const run: Run = { init, trainer, start: Float64Array.from(theta), trainLoss: [], trainAcc: [], testLoss: [], testAcc: [], gradNorm: [], kept: [], keptEpochs: [], stride: 1, failed: null };
  const p0 = forward(arch, theta, split.train, s.loss);
  record(run, arch, split, s, p0.loss, p0.accuracy, Number.NaN);
  if (!finite(theta)) run.failed = "the start has non-finite parameters";
  return run;
}

function record(run: Run, arch: Architecture, split: Split, s: NetState, loss: number, acc: number, gradNorm: number): void {
  run.trainLoss.push(loss);
  run.trainAcc.push(acc);
  run.gradNorm.push(gradNorm);
  if (split.test) {
    const t = forward(arch, run.trainer.theta, split.test, s.loss);
    run.testLoss.push(t.loss);
    run.testAcc.push(t.accuracy);
  }
  const e = run.trainer.epochsDone;
  if (e % run.stride === 0) {
    run.kept.push(Float64Array.from(run.trainer.theta));
    run.keptEpochs.push(e);
    if (run.kept.length > MAX_KEPT) {
      run.stride *= 2;
      const keep = run.keptEpochs.map((k, i) => (k % run.stride === 0 ? i : -1)).filter((i) => i >= 0);
      run.kept = keep.map((i) => run.kept[i]);
      run.keptEpochs = keep.map((i) => run.keptEpochs[i]);
    }
  }
}

/** One more epoch of `run`; a diverged run stops with its reason (the CLI's message). */
export function stepRun(run: Run, arch: Architecture, split: Split, s: NetState): void {
  if (run.failed) return;
  const r = run.trainer.runEpoch();
  if (!Number.isFinite(r.loss) || !Number.isFinite(r.gradNorm) || !finite(run.trainer.theta)) {
    run.failed = `lr ${s.lr}: training diverged (the loss or parameters left the float64 range in epoch ${r.epoch}); use a smaller learning rate`;
    return;
  }
  record(run, arch, split, s, r.loss, r.accuracy, r.gradNorm);
}

/** The trajectory with the current θ as its last point (for the slice). */
export function trajectory(run: Run): { points: Float64Array[]; epochs: number[] } {
  const e = run.trainer.epochsDone;
  if (run.keptEpochs[run.keptEpochs.length - 1] === e) return { points: run.kept, epochs: run.keptEpochs };
  return { points: [...run.kept, Float64Array.from(run.trainer.theta)], epochs: [...run.keptEpochs, e] };
}
