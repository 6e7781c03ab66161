// One study run, trained and recorded as it happens: the trajectory the figures draw and
// the loss curve, without keeping every step. Short runs are kept whole (every step, as
// train() keeps them); long ones are reduced while training, per bucket of consecutive
// steps, to the M4 points of a path in the plane: the first and last point of the bucket
// and the points where w and b are lowest and highest, in step order. A line through
// them covers the bucket's bounding box as the full path does, so the drawn trajectory
// differs from the full one by less than a bucket's extent. The start, the last step and
// every epoch's end are always kept exactly (the claims evaluate |∇L| there).

import type { Dataset } from "../data/dataset.js";
import type { Random } from "../init/random.js";
import type { LossName } from "../numerics/losses.js";
import { TERM_SLOTS } from "../numerics/losses.js";
import { accumulatePoint, POINT_SLOTS } from "../numerics/point.js";
import { stepsPerEpoch, trainStream, type TrainConfig, type TrainSummary } from "../train/train.js";
import { FAST_TRAIN_MIN_SAMPLES, fastRunApplies, trainRunFast } from "../fast/train-fast.js";
import type { RunPath } from "./types.js";

/** Runs up to this many steps keep every step (16 bytes a step). */
export const KEEP_WHOLE_STEPS = 2 ** 18;
/** Buckets a longer run is reduced to: at most 6 points each, plus the epoch ends. */
export const PATH_BUCKETS = 8192;

export interface PathLimits {
  keepWhole: number;
  buckets: number;
}

export const DEFAULT_PATH_LIMITS: PathLimits = { keepWhole: KEEP_WHOLE_STEPS, buckets: PATH_BUCKETS };

/** Collects the points i = 0 … steps of a path, keeping whole or reducing per bucket. */
export class PathReducer {
  private readonly size: number;
  private readonly w: Float64Array;
  private readonly b: Float64Array;
  private n = 0;
  private readonly ends: number[] = [];
  // The open bucket: step indices and values of its candidates.
  private readonly cand = new Float64Array(18);
  private candCount = 0;
  private readonly epochPts: number[] = [];
  private bucketEnd = -1;

  /**
   * `epochEnd(i)` says whether point i ends an epoch (it is kept exactly); at most
   * `epochs` points do. Memory: 16 bytes per kept point, sized up front.
   */
  constructor(
    readonly steps: number,
    epochs: number,
    private readonly epochEnd: (i: number) => boolean,
    limits: PathLimits = DEFAULT_PATH_LIMITS,
  ) {
    const whole = steps <= limits.keepWhole;
    this.size = whole ? 1 : Math.ceil((steps + 1) / limits.buckets);
    const cap = whole ? steps + 1 : Math.min(steps + 1, 6 * limits.buckets + epochs);
    this.w = new Float64Array(cap);
    this.b = new Float64Array(cap);
  }

  /** Point i (called for i = 0, 1, …, steps in order). */
  push(i: number, w: number, b: number): void {
    if (this.size === 1) {
      if (this.epochEnd(i)) this.ends.push(this.n);
      this.append(w, b);
      return;
    }
    if (i > this.bucketEnd) {
      this.flush();
      this.bucketEnd = Math.min(this.steps, i + this.size - 1);
      // first, min w, max w, min b, max b, last: (index, w, b) each.
      for (let s = 0; s < 6; s++) this.set(s, i, w, b);
      this.candCount = 6;
    } else {
      if (w < this.cand[3 * 1 + 1]) this.set(1, i, w, b);
      if (w > this.cand[3 * 2 + 1]) this.set(2, i, w, b);
      if (b < this.cand[3 * 3 + 2]) this.set(3, i, w, b);
      if (b > this.cand[3 * 4 + 2]) this.set(4, i, w, b);
      this.set(5, i, w, b);
    }
    if (this.epochEnd(i)) this.epochPts.push(i, w, b);
  }

  /** The kept points and the index among them of each epoch end. */
  finish(): { w: Float64Array; b: Float64Array; epochEnds: Uint32Array } {
    this.flush();
    return { w: this.w.slice(0, this.n), b: this.b.slice(0, this.n), epochEnds: Uint32Array.from(this.ends) };
  }

  private set(slot: number, i: number, w: number, b: number): void {
    this.cand[3 * slot] = i;
    this.cand[3 * slot + 1] = w;
    this.cand[3 * slot + 2] = b;
  }

  private flush(): void {
    if (this.candCount === 0) return;
    // Candidates and epoch ends of the bucket, in step order, each step once.
    const pts: Array<[number, number, number, boolean]> = [];
    for (let s = 0; s < this.candCount; s++) pts.push([this.cand[3 * s], this.cand[3 * s + 1], this.cand[3 * s + 2], false]);
    for (let e = 0; e < this.epochPts.length; e += 3) pts.push([this.epochPts[e], this.epochPts[e + 1], this.epochPts[e + 2], true]);
    pts.sort((p, q) => p[0] - q[0] || Number(q[3]) - Number(p[3]));
    let last = -1;
    for (const [i, w, b, end] of pts) {
      if (i === last) continue;
      last = i;
      if (end) this.ends.push(this.n);
      this.append(w, b);
    }
    this.candCount = 0;
    this.epochPts.length = 0;
  }

  private append(w: number, b: number): void {
    this.w[this.n] = w;
    this.b[this.n] = b;
    this.n++;
  }
}

/** The path of points 0 … w.length − 1 reduced as PathReducer reduces it while training. */
export function reducePath(
  w: ArrayLike<number>,
  b: ArrayLike<number>,
  epochs: number,
  epochEnd: (i: number) => boolean,
  limits: PathLimits = DEFAULT_PATH_LIMITS,
): ReturnType<PathReducer["finish"]> {
  const r = new PathReducer(w.length - 1, epochs, epochEnd, limits);
  for (let i = 0; i < w.length; i++) r.push(i, w[i], b[i]);
  return r.finish();
}

/** The steps a loss curve with this stride samples: 0, k, 2k, … and always the last. */
export function curveSteps(steps: number, stride: number): number {
  return Math.floor(steps / stride) + 1 + (steps % stride === 0 ? 0 : 1);
}

/**
 * From this many samples a study run (SGD, 0/1 labels) trains on the WebAssembly kernel
 * (trainRunFast with a step sink), as `train` does: train()'s numbers to ~1e-14
 * relative, not bit for bit, so smaller data (the seed set, whose figures are
 * committed) keeps the reference's.
 */
export const FAST_RECORD_MIN_SAMPLES = FAST_TRAIN_MIN_SAMPLES;

/** Receives each epoch's end (0-based), e.g. for progress. */
export type EpochProgress = (epoch: number) => void;

/**
 * Trains one run and records its path and its full-data loss at steps 0, stride,
 * 2·stride, … and the last, as fullLosses would from the whole trajectory: with
 * trainStream (train()'s loop and numbers), or on the kernel from FAST_RECORD_MIN_SAMPLES
 * samples. Memory: the kept points and the curve, not the steps.
 */
export function recordRun(
  data: Dataset,
  start: [number, number],
  config: TrainConfig & { loss: LossName },
  rng: Random | null,
  stride: number,
  limits: PathLimits = DEFAULT_PATH_LIMITS,
  onEpoch: EpochProgress = () => {},
): { result: RunPath; fullLosses: Float64Array } {
  const perEpoch = stepsPerEpoch(data.x.length, config.batchSize);
  const steps = perEpoch * config.epochs;
  const path = new PathReducer(steps, config.epochs, (i) => i > 0 && i % perEpoch === 0, limits);
  const losses = new Float64Array(curveSteps(steps, stride));
  const epochLosses = new Float64Array(config.epochs);
  const out = new Float64Array(POINT_SLOTS);
  const terms = new Float64Array(TERM_SLOTS);
  const fullLoss = (w: number, b: number): number => {
    accumulatePoint(config.loss, data, w, b, out, terms);
    return out[0];
  };
  path.push(0, start[0], start[1]);
  losses[0] = fullLoss(start[0], start[1]);
  let li = 1;
  const fast = data.x.length >= FAST_RECORD_MIN_SAMPLES && fastRunApplies(data, config);
  const end: TrainSummary | null = fast
    ? trainRunFast(
        data,
        start,
        config,
        rng,
        (e, _last, l) => {
          epochLosses[e] = l;
          onEpoch(e);
        },
        (k, w, b, _l, full) => {
          path.push(k, w, b);
          if (k % stride === 0 || k === steps) losses[li++] = full();
        },
      )
    : trainStream(data, start, config, rng, {
        step(k, w, b) {
          path.push(k, w, b);
          if (k % stride === 0 || k === steps) losses[li++] = fullLoss(w, b);
        },
        epoch(e, _last, l) {
          epochLosses[e] = l;
          onEpoch(e);
        },
      });
  if (!end) throw new Error("recordRun: the kernel refused a run it applies to");
  const kept = path.finish();
  return {
    result: { loss: config.loss, optimizer: config.optimizer, start: [start[0], start[1]], steps, ...kept, epochLosses, ...end },
    fullLosses: losses,
  };
}
