// What a job will cost, from its sizes, before it starts. Constants are wall-clock
// nanoseconds measured on the reference machine of docs/performance.md
// (2 cores, WebAssembly kernels on both): the grid kernel's 2.4–3.2 ns per point·sample,
// the many-start trainer's 0.187 s for 16,384 starts × 4,000 sample-visits (2.9 ns), the
// TypeScript reference trainer's ~120 ns per step plus ~30 ns per sample, one run on the
// kernel (train-fast.ts, from 10,000 samples) ~40 ns per batch call plus ~15 ns per
// sample (bench/scale.mjs at 1M rows: 62.7 ns per sample·epoch at batch 2, loaded). Writing a grid point as JSON or CSV text costs ~1.5 µs.
// bench/scale-calibrate.mjs measures each constant on the machine at hand. Estimates
// are meant to be right within ~2×.

import { FAST_TRAIN_MIN_SAMPLES, STEP_SINK_MIN_BATCH } from "../fast/train-fast.js";
import type { Architecture } from "../nn/architecture.js";
import { hiddenUnits, networkPassBytes } from "../nn/memory.js";

export const COST_NS = {
  /** Grid kernel, loss and gradient, per point·sample. */
  gridPointSample: 3,
  /** Grid kernel with Hessian and accuracy (landscape), per point·sample. */
  gridAllPointSample: 4,
  /** Formatting one grid point (or basin cell) as JSON/CSV text. */
  writePoint: 1500,
  /** Many-start trainer, per start per sample visited (batches and the per-epoch full-data pass). */
  manyStartSample: 3,
  /** Reference trainer: per optimizer step, and per sample visited. */
  trainStep: 120,
  trainSample: 30,
  /** One run on the kernel: per batch call (a step reported to a sink), and per sample visited or evaluated. */
  kernelStep: 40,
  kernelSample: 15,
  /** gradcheck: ~24 loss/gradient evaluations per point, per sample. */
  gradcheckPointSample: 24 * 30,
  /** landscape: loading jsdom and d3 and rendering the default figure set. */
  landscapeFixed: 1.5e9,
  /** landscape: drawing one grid point into the heatmaps. */
  landscapeDrawPoint: 5000,
  /** probe, one neuron: the point's loss, gradient and Hessian, per sample. */
  probeSample: 30,
  /** probe, a network: loss and gradient (forward and backward), per parameter·sample. */
  networkParamSample: 15,
  /** probe, a network: H v by the R-operator (~4 passes), per parameter·sample. */
  hvpParamSample: 40,
  /** probe, a network: the dense Hessian, P columns of H e_j, per parameter²·sample (idle: 4.9 measured at P = 1,185, N = 1,000). */
  hessianParam2Sample: 5,
  /**
   * Training a network: forward and backward per parameter·sample visited (batches and each
   * epoch's full-data record), and per step, per parameter (the optimizer) and fixed. Idle:
   * `layers --hidden 64,64 --samples 5000 --after-epochs 20` with two inits took 6.3 s, a
   * third of what 6 and 20 ns predicted; 2 and 7 fit it.
   */
  networkTrainParamSample: 2,
  networkStepParam: 7,
  networkStep: 2000,
  /** probe, a network: the symmetric eigensolver, per parameter³. */
  eigenParam3: 1,
};

export interface Cost {
  seconds: number;
  /** The sizes behind the estimate, for the message: "121×121 points × 40 samples". */
  what: string;
  /** Working memory the job needs, when it grows with the input (checked before any work), and what to shrink. */
  memory?: { bytes: number; shrink: string };
}

/** A network job's memory: its passes over `samples` samples (nn/memory.ts). */
export function networkMemory(arch: Architecture, samples: number): NonNullable<Cost["memory"]> {
  return {
    bytes: networkPassBytes(arch, samples),
    shrink: `${n(samples)} samples × ${n(hiddenUnits(arch))} hidden units: use fewer samples (--samples, or a smaller data file) or narrower --hidden`,
  };
}

const n = (v: number): string => v.toLocaleString("en-US");

/** Samples one start visits in training: every batch's samples, plus a full-data pass per epoch. */
export function visitsPerStart(samples: number, epochs: number): number {
  return epochs * 2 * samples;
}

export function gridCost(cols: number, rows: number, samples: number): Cost {
  const points = cols * rows;
  return { seconds: (points * (samples * COST_NS.gridPointSample + COST_NS.writePoint)) / 1e9, what: `${n(cols)}×${n(rows)} points × ${n(samples)} samples` };
}

export function manyStartCost(starts: number, samples: number, epochs: number, what: string): Cost {
  return { seconds: (starts * visitsPerStart(samples, epochs) * COST_NS.manyStartSample) / 1e9, what };
}

export function basinsCost(cols: number, rows: number, losses: number, samples: number, epochs: number): Cost {
  const starts = cols * rows * losses;
  const c = manyStartCost(starts, samples, epochs, `${n(losses)} × ${n(cols)}×${n(rows)} starts × ${n(epochs)} epochs × ${n(samples)} samples`);
  return { ...c, seconds: c.seconds + (starts * COST_NS.writePoint * 2) / 1e9 };
}

export function initStudyCost(schemes: number, losses: number, draws: number, samples: number, epochs: number): Cost {
  return manyStartCost(schemes * losses * draws, samples, epochs, `${n(schemes)} schemes × ${n(losses)} losses × ${n(draws)} draws × ${n(epochs)} epochs × ${n(samples)} samples`);
}

/**
 * Nanoseconds of one run, on the kernel where train-fast.ts puts it (SGD from
 * FAST_TRAIN_MIN_SAMPLES samples; with every step reported, batches of at least
 * STEP_SINK_MIN_BATCH, each step a kernel call) or on the reference.
 */
function runNs(samples: number, epochs: number, batchSize: number, everyStep: boolean, sgd: boolean): number {
  const steps = epochs * Math.ceil(samples / batchSize);
  const visits = visitsPerStart(samples, epochs);
  const kernel = sgd && samples >= FAST_TRAIN_MIN_SAMPLES && (!everyStep || batchSize >= STEP_SINK_MIN_BATCH);
  if (!kernel) return steps * COST_NS.trainStep + visits * COST_NS.trainSample;
  return (everyStep ? steps * COST_NS.kernelStep : 0) + visits * COST_NS.kernelSample;
}

/** One training run (`sgd`: the optimizer is SGD); with `json`, every step's params are written as text too. */
export function trainCost(samples: number, epochs: number, batchSize: number, json = false, sgd = true): Cost {
  const steps = epochs * Math.ceil(samples / batchSize);
  const ns = runNs(samples, epochs, batchSize, json, sgd) + (json ? steps * COST_NS.writePoint : 0);
  return { seconds: ns / 1e9, what: `${n(epochs)} epochs × ${n(samples)} samples` };
}

export function gradcheckCost(points: number, samples: number): Cost {
  return { seconds: (points * samples * COST_NS.gradcheckPointSample) / 1e9, what: `${n(points)} points × ${n(samples)} samples` };
}

/** probe at one point of the one-neuron model. */
export function probeCost(samples: number): Cost {
  return { seconds: (samples * COST_NS.probeSample) / 1e9, what: `one point × ${n(samples)} samples` };
}

/** probe of a network with P parameters: the gradient, the dense Hessian and spectrum when `dense`, H v when `hvp`. */
export function networkProbeCost(P: number, samples: number, dense: boolean, hvp: boolean): Cost {
  const ps = P * samples;
  const ns = ps * COST_NS.networkParamSample + (dense ? P * ps * COST_NS.hessianParam2Sample + P ** 3 * COST_NS.eigenParam3 : 0) + (hvp ? ps * COST_NS.hvpParamSample : 0);
  return { seconds: ns / 1e9, what: `${n(P)} parameters × ${n(samples)} samples${dense ? `, a ${n(P)}×${n(P)} Hessian` : ""}` };
}

/** Training a network with P parameters: every epoch visits each sample twice (its batch and the full-data record). */
export function networkTrainCost(samples: number, P: number, epochs: number, steps: number): Cost {
  const ns = visitsPerStart(samples, epochs) * P * COST_NS.networkTrainParamSample + steps * (P * COST_NS.networkStepParam + COST_NS.networkStep);
  return { seconds: ns / 1e9, what: `${n(epochs)} epochs × ${n(samples)} samples × ${n(P)} parameters` };
}

/** `layers`: per init, the statistics (a forward and backward pass) after `epochs` of training (0: none). */
export function layersCost(inits: number, samples: number, P: number, epochs: number, steps: number): Cost {
  const one = (samples * P * COST_NS.networkParamSample) / 1e9 + (epochs > 0 ? networkTrainCost(samples, P, epochs, steps).seconds : 0);
  return { seconds: inits * one, what: `${n(inits)} init${inits === 1 ? "" : "s"} × ${n(samples)} samples × ${n(P)} parameters${epochs > 0 ? ` × ${n(epochs)} epochs` : ""}` };
}

export interface LandscapeSizes {
  cols: number;
  rows: number;
  losses: number;
  starts: number;
  samples: number;
  epochs: number;
  batchSize: number;
  /** Basin-map starts per loss (0 when skipped) and init-study draws in all (0 when skipped). */
  basinStarts: number;
  studyStarts: number;
  /** The runs' optimizer is SGD (default), which the kernel trains. */
  sgd?: boolean;
}

export function landscapeCost(s: LandscapeSizes): Cost {
  const points = s.cols * s.rows * s.losses;
  const grids = points * (s.samples * COST_NS.gridAllPointSample + COST_NS.landscapeDrawPoint);
  // Each run is recorded step by step: the path and the loss curve see every step.
  const runs = s.starts * s.losses * runNs(s.samples, s.epochs, s.batchSize, true, s.sgd ?? true);
  const many = (s.basinStarts * s.losses + s.studyStarts * s.losses) * visitsPerStart(s.samples, s.epochs) * COST_NS.manyStartSample;
  return {
    seconds: (COST_NS.landscapeFixed + grids + runs + many) / 1e9,
    what: `${n(s.losses)} × ${n(s.cols)}×${n(s.rows)} grid points, ${n(s.starts * s.losses)} runs and ${n((s.basinStarts + s.studyStarts) * s.losses)} basin/study starts × ${n(s.epochs)} epochs × ${n(s.samples)} samples`,
  };
}

/** What sharpness evaluates per run: the starts' losses and gradients, the average's draws, and ~80 + probes H·v (Lanczos and Hutchinson). */
export interface SharpnessWork {
  restarts: number;
  iterations: number;
  averageSamples: number;
  probes: number;
}

/**
 * sharpness: seconds for runs whose one pass costs `work[k]` parameter·samples (an MLP's P·n;
 * a model's scaled by its input size, modelPassWork), times `share` (a tile's 1/N).
 */
export function sharpnessSeconds(work: readonly number[], w: SharpnessWork, share = 1): number {
  const evals = 3 * w.restarts * w.iterations * 2 + w.averageSamples;
  const ns = work.reduce((s, u) => s + evals * COST_NS.networkParamSample * u + (80 + w.probes) * COST_NS.hvpParamSample * u, 0);
  return (ns * share) / 1e9;
}

/** A model's pass over `samples` rows in parameter·samples: P·N, scaled by the entries per sample beyond 8 (an image costs more than a point). */
export function modelPassWork(P: number, samples: number, entriesPerSample: number): number {
  return P * samples * Math.max(1, entriesPerSample / 8);
}

/** Seconds for `evals` loss evaluations (forward passes) of `work` parameter·samples each (connect's points, curve steps and plane). */
export function evaluationsSeconds(evals: number, work: number): number {
  return (evals * COST_NS.networkParamSample * work) / 1e9;
}
