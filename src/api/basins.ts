// `basins` as one library call: train from every start of a grid over (w, b), for each
// loss, and map where each run ends (final loss, accuracy, first epoch reaching the
// target, ends flat, final ‖∇L‖, w and b). The CLI trains the same starts (the same
// kernel, the same per-block shuffles) through its tile and checkpoint files, so
// `basins --format json` is JSON.stringify of this result, byte for byte.

import { checkBasinSpec, DEFAULT_BASIN_GRID, DEFAULT_BASIN_OPTIONS } from "../basins/basin-map.js";
import type { Dataset } from "../data/dataset.js";
import { basinsJsonChunks } from "../formats/basins.js";
import { checkGridSpec, type AxisSpec, type GridSpec } from "../numerics/grid.js";
import { LOSS_NAMES, type LossName } from "../numerics/losses.js";
import type { OptimizerName } from "../train/optimizers.js";
import { basinsEvaluator, basinsMaps, BASINS_FIELDS, type BasinsContext } from "../tiles/basins-job.js";
import { evaluateAll } from "../tiles/point-job.js";
import { progressOf, type RunControl } from "./run-control.js";
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

/** One loss's map: each field M rows (b) of N columns (w); a diverged run's non-finite numbers are null. */
export interface BasinsMapResult {
  finalLoss: Array<Array<number | null>>;
  accuracy: Array<Array<number | null>>;
  /** 0-based epoch whose end first reaches the target; null = never. */
  firstEpoch: Array<Array<number | null>>;
  /** Final |∇L| < epsilon. */
  endsFlat: boolean[][];
  finalGradNorm: Array<Array<number | null>>;
  finalW: Array<Array<number | null>>;
  finalB: Array<Array<number | null>>;
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

export async function basins(data: Dataset, options: Partial<BasinsOptions> = {}, control?: RunControl): Promise<BasinsResult> {
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
  const total = o.loss.length * spec.w.count * spec.b.count;
  const values = await evaluateAll(basinsEvaluator(context, data, (done, all) => progress(stage, done / all)), BASINS_FIELDS.length, total);
  // The object the JSON file holds, by construction: its text parsed (nulls for non-finite numbers included).
  return JSON.parse([...basinsJsonChunks(basinsMaps(context, values), { data: data.source, seed: o.seed })].join("")) as BasinsResult;
}
