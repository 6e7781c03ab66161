// The options, the plan and the result of `slice` (./slice.ts), shared by its MLP and model paths.

import type { ModelLossName } from "../model/losses.js";
import type { Gain, NetworkInit } from "../nn/init.js";
import type { AxisSpec } from "../numerics/grid.js";
import type { BiasRule, Normalization } from "../slices/normalize.js";
import type { ProjectedPoint } from "../slices/projection.js";
import type { SliceDirections } from "../slices/slice-directions.js";
import type { SliceSpec } from "../slices/slice.js";
import type { PointRange } from "../tiles/tile-spec.js";

export type { SliceDirections };

/** slice's options: the flags of `slice` (and `slice --model`), camelCased, with their defaults. */
export interface SliceOptions {
  /** `--loss`. An MLP takes mse or bce ("auto": mse); a model file ce, bce or mse ("auto" picks from its output and targets). */
  loss: ModelLossName | "auto";
  /** `--params`: the center θ* (θ's layout); null: see `init`, then the trajectory's last point for pca, then the model's θ. */
  params: Float64Array | null;
  /** What `params` is, for the result's "center" (the CLI gives the file's path). */
  paramsSource: string;
  /** An MLP's `--init`: θ* drawn with this scheme from the stream seeded by `initSeed` (with `gain`). */
  init: NetworkInit | null;
  initSeed: number;
  gain: Gain;
  /** `--directions`; null: random, or the (w, b) axes for the one-neuron model (one input, no hidden layer). */
  directions: SliceDirections | null;
  /** Of random and file directions (Li et al.'s filter normalization by default). */
  normalize: Normalization;
  /** `--bias-directions`: zero the bias entries of random, file and pca directions, or keep θ*'s. */
  biasDirections: BiasRule;
  /** Seed of random directions and of eigen's Lanczos start vector. */
  seed: number;
  /** `--trajectory`: θ of a run (at least 2 points) and the optimizer step of each, projected onto the plane. */
  trajectory: { points: Float64Array[]; steps: number[] } | null;
  /** `--fit path`: the window covers the projected trajectory and θ* (with a 25% margin) on the axes not given; null: path for pca, else none. */
  fit: "none" | "path" | null;
  alpha: AxisSpec;
  beta: AxisSpec;
  /** 1 (a line along d1) or 2 (a plane); null: 1 for interp toward one point, else 2. */
  dims: 1 | 2 | null;
  /** An MLP's `--subsample M`: evaluate the points on M samples drawn by `subsampleSeed` (and report the mean loss's standard error). */
  subsample: number | null;
  subsampleSeed: number;
  /** An MLP's `--batch-eval`: samples streamed through the network at a time (the same numbers); null: all. */
  batchEval: number | null;
}

export const DEFAULT_SLICE_OPTIONS: Readonly<SliceOptions> = Object.freeze({
  loss: "auto",
  params: null,
  paramsSource: "--params",
  init: null,
  initSeed: 0,
  gain: 1,
  directions: null,
  normalize: "filter",
  biasDirections: "zero",
  seed: 0,
  trajectory: null,
  fit: null,
  alpha: Object.freeze({ min: -1, max: 1, count: 51 }),
  beta: Object.freeze({ min: -1, max: 1, count: 51 }),
  dims: null,
  subsample: null,
  subsampleSeed: 0,
  batchEval: null,
});

/** A projected trajectory point with its optimizer step. */
export type SliceTrajectoryPoint = ProjectedPoint & { step: number };

/**
 * Everything of a slice but the point values: the header, the window, the directions and
 * the projected run, and an evaluation of any range of its points (what tiles and
 * checkpoints run piecewise; the numbers of a whole run).
 */
export interface SlicePlan {
  header: Record<string, unknown>;
  grid: SliceSpec;
  alpha: Float64Array;
  beta: Float64Array;
  /** θ*, and the data the points are evaluated on (a subsample's subset). */
  center: Float64Array;
  d1: Float64Array;
  d2: Float64Array | null;
  directionMeta: Record<string, unknown>;
  trajectory: SliceTrajectoryPoint[] | null;
  /** Field names per point: loss, accuracy, gradNorm (then lossStandardError with a subsample). */
  fields: string[];
  total: number;
  /** The evaluator ("grid kernel", "network kernel", "model graph"), for a tile's settings. */
  evaluation: string;
  /** SHA-256 digests of what determines the values (a tile's settings): the data the points see, θ*, d1 and d2, the trajectory ("none"). */
  digests: { data: string; params: string; directions: string; trajectory: string };
  /** Points [start, end) in β-major order, each finished block to onBlock; stops between blocks when shouldStop() is true; onRow(done, total) for progress. */
  evaluate(range: PointRange, onBlock: (at: number, values: Float64Array[]) => void, shouldStop: () => boolean, onRow?: (done: number, total: number) => void): Promise<void>;
}

/** What `slice --json` prints: the header's fields, the axes, the directions, the [beta][alpha] fields and the projected run. */
export interface SliceResult {
  [header: string]: unknown;
  alpha: number[];
  beta: number[];
  directions: Record<string, unknown> & { d1: number[]; d2: number[] | null };
  fields: Record<string, number[][]>;
  trajectory?: SliceTrajectoryPoint[];
}
