// Basin maps: train from every start on a G×G grid over (w, b) and record where each
// run ends up. This answers "which starts are unfavourable" for one training config:
// a cell is the outcome of exactly the run `train(data, [w[j], b[i]], config)` would do.
//
// Layout follows numerics/grid.ts: every field has shape [b.count, w.count]; row i is
// b = b[i], column j is w = w[j], and axes are inclusive linspaces.

import ndarray, { type NdArray } from "ndarray";
import ops from "ndarray-ops";
import type { Dataset } from "../data/dataset.js";
import type { Random } from "../init/random.js";
import type { LossName } from "../numerics/losses.js";
import { axisValues, checkGridSpec, type Field, type GridSpec } from "../numerics/grid.js";
import { trainMany, type AsyncManyTrainer, type ManyOptions, type ManyResult, type ManyTrainer, type Starts } from "../train/many.js";
import type { TrainConfig } from "../train/train.js";

/**
 * Default flat-region threshold on the full-data gradient norm |∇L|.
 * Why 3e-4: on the seed data with the seed settings, every MSE run from the default
 * 128² basin grid that reaches 95% accuracy ends with |∇L| ≥ 3.7e-4, while the bad
 * start (−5, −10) stalls at |∇L| ≈ 1.1e-4; 3e-4 separates "converged" from "stuck on
 * the plateau" for this model. It is a parameter everywhere (--epsilon).
 */
export const DEFAULT_FLAT_EPSILON = 3e-4;

/**
 * Default basin grid: w ∈ [−10, 10], b ∈ [−15, 10], 128 × 128. It contains the bad start
 * (−5, −10), the U[−1, 1]² and U[−√3, √3]² boxes and He's ±2σ = ±2√2 box, and the
 * MSE plateau on both sides of the data.
 */
export const DEFAULT_BASIN_GRID: GridSpec = {
  w: { min: -10, max: 10, count: 128 },
  b: { min: -15, max: 10, count: 128 },
};

/**
 * Most starts one map may train (1024²). Cost grows as starts × epochs × samples; at
 * the seed settings 128² starts take about a second per loss on the TS path.
 */
export const MAX_BASIN_STARTS = 1024 * 1024;

export interface BasinOptions extends ManyOptions {
  /** Flat-region threshold: a run "ends flat" when its final full-data |∇L| < epsilon. */
  epsilon: number;
}

export const DEFAULT_BASIN_OPTIONS: BasinOptions = { accuracyTarget: 0.95, epsilon: DEFAULT_FLAT_EPSILON };

export type { AsyncManyTrainer, ManyTrainer } from "../train/many.js";

export interface BasinMap {
  loss: LossName;
  config: TrainConfig;
  spec: GridSpec;
  accuracyTarget: number;
  epsilon: number;
  /** w value of each column. */
  w: Float64Array;
  /** b value of each row. */
  b: Float64Array;
  /** Full-data loss at the final params. */
  finalLoss: Field;
  /** Full-data accuracy at the final params. */
  accuracy: Field;
  /** Full-data |∇L| at the final params. */
  finalGradNorm: Field;
  finalW: Field;
  finalB: Field;
  /** First epoch (0-based, at its end) with accuracy ≥ accuracyTarget; −1 = never. */
  firstEpoch: NdArray<Int32Array>;
  /** 1 where finalGradNorm < epsilon (the run ends inside the flat region), else 0. */
  endsFlat: NdArray<Uint8Array>;
  /** Non-zero where a start was not trained (tiles merged with points missing): no outcome at all. */
  notComputed?: Uint8Array;
}

/** Checks a basin grid: the grid limits plus MAX_BASIN_STARTS. Throws RangeError. */
export function checkBasinSpec(spec: GridSpec): void {
  checkGridSpec(spec);
  const starts = spec.w.count * spec.b.count;
  if (starts > MAX_BASIN_STARTS) {
    throw new RangeError(`${spec.w.count}×${spec.b.count} = ${starts} starts exceeds the limit of ${MAX_BASIN_STARTS} (1024²)`);
  }
}

/** The grid's starts in field order (b-major: index i·cols + j is (w[j], b[i])). */
export function gridStarts(spec: GridSpec): Starts {
  const w = axisValues(spec.w);
  const b = axisValues(spec.b);
  const rows = b.length;
  const cols = w.length;
  const sw = new Float64Array(rows * cols);
  const sb = new Float64Array(rows * cols);
  // Stryker disable next-line EqualityOperator: <= for < only touches one element past a typed array (reads give undefined, writes are dropped), so no result changes
  for (let i = 0; i < rows; i++) {
    // Stryker disable next-line EqualityOperator: <= for < writes one element into the next row, which that row then overwrites, or past the end (dropped): no result changes
    for (let j = 0; j < cols; j++) {
      sw[i * cols + j] = w[j];
      sb[i * cols + j] = b[i];
    }
  }
  return { w: sw, b: sb };
}

function checkOptions(options: BasinOptions): void {
  if (!(options.epsilon > 0) || !Number.isFinite(options.epsilon)) throw new RangeError(`epsilon must be a finite number > 0 (got ${options.epsilon})`);
  const t = options.accuracyTarget;
  if (!(t > 0 && t <= 1)) throw new RangeError(`accuracyTarget must be in (0, 1] (got ${t})`);
}

/**
 * Packs a trainer's result for gridStarts(spec) into a BasinMap. Split from basinMap
 * so a caller with an asynchronous (threaded) trainer can build the same map.
 */
export function basinMapFromResult(spec: GridSpec, config: TrainConfig, options: BasinOptions, r: ManyResult): BasinMap {
  checkOptions(options);
  const w = axisValues(spec.w);
  const b = axisValues(spec.b);
  const rows = b.length;
  const cols = w.length;
  const S = rows * cols;
  if (r.finalW.length !== S) throw new RangeError(`basinMapFromResult: result has ${r.finalW.length} starts, grid has ${S}`);
  const wrap = (a: Float64Array): Field => ndarray(Float64Array.from(a), [rows, cols]);
  const finalGradNorm = wrap(r.finalGradNorm);
  // A whole-field comparison, so ndarray-ops: endsFlat = finalGradNorm < ε (true → 1).
  const endsFlat = ndarray(new Uint8Array(S), [rows, cols]);
  ops.lts(endsFlat, finalGradNorm, options.epsilon);
  return {
    loss: config.loss,
    config,
    spec,
    accuracyTarget: options.accuracyTarget,
    epsilon: options.epsilon,
    w,
    b,
    finalLoss: wrap(r.finalLoss),
    accuracy: wrap(r.accuracy),
    finalGradNorm,
    finalW: wrap(r.finalW),
    finalB: wrap(r.finalB),
    firstEpoch: ndarray(Int32Array.from(r.firstEpochReaching), [rows, cols]),
    endsFlat,
  };
}

/**
 * Trains config from every start of the grid. `rng` is used only with config.shuffle
 * (all starts share one batch order per epoch, as with a single seeded train()).
 */
export function basinMap(
  data: Dataset,
  spec: GridSpec,
  config: TrainConfig,
  options: BasinOptions = DEFAULT_BASIN_OPTIONS,
  rng: Random | null = null,
  trainer: ManyTrainer = trainMany,
): BasinMap {
  checkBasinSpec(spec);
  checkOptions(options);
  const r = trainer(data, gridStarts(spec), config, { accuracyTarget: options.accuracyTarget }, rng);
  return basinMapFromResult(spec, config, options, r);
}

/** basinMap with an asynchronous trainer of trainMany's contract. */
export async function basinMapAsync(
  data: Dataset,
  spec: GridSpec,
  config: TrainConfig,
  options: BasinOptions,
  rng: Random | null,
  trainer: AsyncManyTrainer,
): Promise<BasinMap> {
  checkBasinSpec(spec);
  checkOptions(options);
  const r = await trainer(data, gridStarts(spec), config, { accuracyTarget: options.accuracyTarget }, rng);
  return basinMapFromResult(spec, config, options, r);
}

export interface BasinSummary {
  starts: number;
  /** Starts whose run reaches the accuracy target at some epoch's end. */
  reached: number;
  /** Starts ending inside the flat region. */
  endsFlat: number;
  /** Starts ending flat without ever reaching the target: stuck on the plateau. */
  stuck: number;
}

/** Counts over the whole map. */
export function summarizeBasinMap(m: BasinMap): BasinSummary {
  const S = m.firstEpoch.data.length;
  let reached = 0, endsFlat = 0, stuck = 0;
  // Stryker disable next-line EqualityOperator: <= for < only touches one element past a typed array (reads give undefined, writes are dropped), so no result changes
  for (let k = 0; k < S; k++) {
    const ok = m.firstEpoch.data[k] >= 0;
    const flat = m.endsFlat.data[k] === 1;
    if (ok) reached++;
    if (flat) endsFlat++;
    if (flat && !ok) stuck++;
  }
  return { starts: S, reached, endsFlat, stuck };
}

/** Row-major index of the cell nearest (w, b), or null if outside the grid. */
export function nearestCell(m: Pick<BasinMap, "w" | "b">, w: number, b: number): [row: number, col: number] | null {
  const near = (axis: Float64Array, v: number): number => {
    const n = axis.length;
    const t = ((v - axis[0]) / (axis[n - 1] - axis[0])) * (n - 1);
    return Math.round(t);
  };
  const i = near(m.b, b);
  const j = near(m.w, w);
  if (i < 0 || i >= m.b.length || j < 0 || j >= m.w.length) return null;
  return [i, j];
}
