// `basins` as one library call: train from every start of a grid over (w, b), for each
// loss, and map where each run ends (final loss, accuracy, first epoch reaching the
// target, ends flat, final ‖∇L‖, w and b). The starts train in memory, or through the
// caller's point runner (the CLI's tile and checkpoint files: the same kernel, the same
// per-block shuffles), and the formats write this result: `basins --format json` is
// JSON.stringify of it, byte for byte.

import { checkBasinSpec, DEFAULT_BASIN_GRID, DEFAULT_BASIN_OPTIONS } from "../basins/basin-map.js";
import type { Dataset } from "../data/dataset.js";
import { basinsJsonOf } from "../basins/basins-json.js";
import { checkGridSpec, type AxisSpec, type GridSpec } from "../numerics/grid.js";
import { LOSS_NAMES, type LossName } from "../numerics/losses.js";
import type { OptimizerName } from "../train/optimizers.js";
import { basinsMaps, basinsPointJob, basinsSettings, type BasinsContext } from "../tiles/basins-job.js";
import { progressOf, runPoints, type PointsControl, type RunControl } from "./run-control.js";
import { DEFAULT_TRAINING_OPTIONS, trainConfigOf, type TrainingOptions } from "./training-options.js";

export interface BasinsOptions extends TrainingOptions {
  /** --loss: one map per loss. */
  loss: LossName[];
  /** --size G: points per axis for an axis not given as `w` or `b`. */
  size: number;
  /** --w MIN:MAX:N of the starts; null: `size` points over the default range. */
  w: AxisSpec | null;
  /** --b MIN:MAX:N of the starts; null: `size` points over the default range. */
  b: AxisSpec | null;
  /** --seed for --shuffle (all starts share each epoch's order). */
  seed: number;
  /** --target: the accuracy a run must reach. */
  target: number;
  /** --epsilon: a run ends flat when its final full-data |∇L| is below it. */
  epsilon: number;
}

export const DEFAULT_BASINS_OPTIONS: Readonly<BasinsOptions> = {
  loss: [...LOSS_NAMES],
  size: DEFAULT_BASIN_GRID.w.count,
  w: null,
  b: null,
  ...DEFAULT_TRAINING_OPTIONS,
  seed: 0,
  target: DEFAULT_BASIN_OPTIONS.accuracyTarget,
  epsilon: DEFAULT_BASIN_OPTIONS.epsilon,
};

/**
 * One loss's map: each field M rows (b) of N columns (w). A diverged run's outcomes stay NaN
 * or ±∞ here; the JSON file has null there (as JSON.stringify writes them), the CSV the number.
 */
export interface BasinsMapResult {
  finalLoss: number[][];
  accuracy: number[][];
  /** 0-based epoch whose end first reaches the target; null = never. */
  firstEpoch: Array<Array<number | null>>;
  /** Final |∇L| < epsilon. */
  endsFlat: boolean[][];
  finalGradNorm: number[][];
  finalW: number[][];
  finalB: number[][];
}

/** `basins --format json`. */
export interface BasinsResult {
  w: number[];
  b: number[];
  losses: LossName[];
  accuracyTarget: number;
  epsilon: number;
  optimizer: OptimizerName;
  lr: number;
  /** Only with the momentum optimizer. */
  momentum?: number;
  batchSize: number;
  epochs: number;
  shuffle: boolean;
  seed: number;
  /** The data set's source ("seed" or the path the caller gave it). */
  data: string;
  maps: Partial<Record<LossName, BasinsMapResult>>;
}

/** The starts' grid: `w`/`b` as given, else `size` points over the default range; RangeError when too large. */
export function basinsSpec(o: Pick<BasinsOptions, "size" | "w" | "b">): GridSpec {
  const spec: GridSpec = { w: o.w ?? { ...DEFAULT_BASIN_GRID.w, count: o.size }, b: o.b ?? { ...DEFAULT_BASIN_GRID.b, count: o.size } };
  checkGridSpec(spec);
  checkBasinSpec(spec);
  return spec;
}

/**
 * Throws RangeError for a grid over the limit or an empty loss list. With a point runner
 * ({@link RunControl.points}) that ran only a tile, or was stopped, it resolves to null.
 */
export async function basins(data: Dataset, options?: Partial<BasinsOptions>, control?: RunControl & { points?: undefined }): Promise<BasinsResult>;
export async function basins(data: Dataset, options: Partial<BasinsOptions> | undefined, control: PointsControl): Promise<BasinsResult | null>;
export async function basins(data: Dataset, options: Partial<BasinsOptions> = {}, control?: RunControl): Promise<BasinsResult | null> {
  const o = { ...DEFAULT_BASINS_OPTIONS, ...options };
  if (o.loss.length === 0) throw new RangeError("loss: give at least one loss");
  const spec = basinsSpec(o);
  const progress = progressOf(control);
  const context: BasinsContext = {
    losses: o.loss,
    spec,
    config: trainConfigOf(o, o.loss[0]!),
    options: { accuracyTarget: o.target, epsilon: o.epsilon },
    seed: o.seed,
    data: data.source,
  };
  const stage = `training ${o.loss.join(", ")}`;
  progress(stage, 0);
  const values = await runPoints(basinsPointJob(context, data, basinsSettings(context, data), (done, all) => progress(stage, done / all)), control);
  if (values === null) return null;
  // Every start was trained: no cell is null but a firstEpoch that never reached the target.
  return basinsJsonOf(basinsMaps(context, values), { data: data.source, seed: o.seed }) as BasinsResult;
}
