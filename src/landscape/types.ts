// The data types of the landscape study and its figure set. They live apart from the
// code that fills them (study.ts, epsilon.ts, basins-study.ts, claims.ts) and the code
// that draws them (figures.ts, basins-figures.ts), so no two of those import each other.

import type { BasinMap, BasinSummary } from "../basins/basin-map.js";
import type { InitStudy } from "../basins/init-study.js";
import type { SchemeSupport } from "../basins/supports.js";
import type { Dataset } from "../data/dataset.js";
import type { InitSpec } from "../init/initializers.js";
import type { GridResult, GridSpec } from "../numerics/grid.js";
import type { LossName } from "../numerics/losses.js";
import type { TrainConfig, TrainResult } from "../train/train.js";
import type { ColorScheme, ScaleType } from "../render/scales.js";
import type { SampleTable } from "./samples.js";
import type { Theme } from "../render/theme.js";

/**
 * A run "trains" when its full-data accuracy reaches this: the one definition behind
 * every headline, caption, basin map and init-study rate of the figure set.
 */
export const ACCURACY_TARGET = 0.95;

/** Parts of the study that cost more than the rest and can be skipped. */
export type StudyPart = "basins" | "init-study";

export interface StudyOptions {
  grid: GridSpec;
  /** Losses to draw and train with, in order. */
  losses: LossName[];
  /** Starts, in order; the first fixed (W,B) start is "the bad start". */
  starts: InitSpec[];
  /** Training settings; `loss` is replaced per run. */
  train: TrainConfig;
  seed: number;
  /** Threshold of the vanishing-gradient region, or "auto" (see epsilon.ts). */
  epsilon: number | "auto";
  /** Draws per scheme of the init study in init-study.svg (default LANDSCAPE_STUDY_SAMPLES). */
  studySamples?: number;
  /** Expensive parts to compute (default both); figures needing a missing part are skipped. */
  parts?: StudyPart[];
}

/**
 * A study run as recorded (run-path.ts): train()'s result without the per-step batch
 * losses, its path (w, b, epochEnds) whole for short runs and reduced for long ones.
 */
export interface RunPath extends Omit<TrainResult, "stepLosses"> {
  /** Steps the run took (w and b keep steps + 1 points when whole, fewer when reduced). */
  steps: number;
}

export interface Run {
  /** "mse-1": loss and 1-based start index. */
  key: string;
  loss: LossName;
  init: InitSpec;
  /** Index into StudyOptions.starts. */
  startIndex: number;
  start: [number, number];
  result: RunPath;
  /** Loss on all samples at the params after every lossStride-th step (start first, last step last): the loss curve. */
  fullLosses: Float64Array;
  /** Steps between the loss curve's points (1 unless the data is large; see LOSS_CURVE_BUDGET). */
  lossStride: number;
}

/** One sample's terms at the bad start (defined beside the table that computes them). */
export type { SampleRow } from "./samples.js";

export interface EpsilonChoice {
  value: number;
  /** One sentence saying where the value came from (legend, manifest, README). */
  rule: string;
  /** The distance D and the step budget lr·T, when chosen automatically. */
  distance?: number;
  budget?: number;
}

/** The basin maps of basins.svg: final accuracy from every start of DEFAULT_BASIN_GRID. */
export interface BasinsData {
  maps: Record<LossName, BasinMap>;
  /** |∇L| at every start of the map (the flat region at the start). */
  gradNorm: Record<LossName, Float64Array>;
  summary: Record<LossName, BasinSummary>;
  /**
   * Starts in the flat region (|∇L| < ε at the start), by the final accuracy of their
   * run: `stalled` below the target (the plateau), `floor` at or above it.
   */
  flatStarts: Record<LossName, { stalled: number; floor: number }>;
  /** The map's cell at the bad start, or null when the bad start is outside the map. */
  badCell: Record<LossName, { accuracy: number; reached: boolean } | null>;
  /** The init schemes' supports, each with the losses under which every start in it trains. */
  supports: Array<SchemeSupport & { trainsUnder: LossName[] }>;
}

export interface Study {
  options: StudyOptions;
  data: Dataset;
  accuracyTarget: number;
  grids: Partial<Record<LossName, GridResult>>;
  runs: Run[];
  /** Resolved starts, in the order of options.starts. */
  starts: Array<[number, number]>;
  badStart: [number, number];
  badStartIndex: number;
  epsilon: EpsilonChoice;
  /** |∇L| at the bad start, per loss. */
  badStartGradNorm: Partial<Record<LossName, number>>;
  /** Every sample's row at the bad start, computed when iterated. */
  samples: SampleTable;
  /** Basin maps (absent when skipped or when the study lacks a loss). */
  basins?: BasinsData;
  /** The init-scheme study (absent when skipped or when the study lacks a loss). */
  initStudy?: InitStudy;
  /** Every number a caption, headline or legend states about the runs. */
  claims: StudyClaims;
}

/** What one run did, in the terms the captions use. */
export interface RunClaim {
  key: string;
  loss: LossName;
  startIndex: number;
  accuracy: number;
  /** Final accuracy ≥ the target. */
  trains: boolean;
  /** Final accuracy is 1: a perfect classifier of this data. */
  perfect: boolean;
  /** Full-data loss at the start and at the end, and its extremes along the run. */
  startLoss: number;
  finalLoss: number;
  minLoss: number;
  maxLoss: number;
  /** The loss curve's span (max − min) is below FLAT_CURVE_SPAN of its maximum. */
  flatCurve: boolean;
  /** Final loss below the start's. */
  falls: boolean;
  steps: number;
}

/** The run from the bad start under one loss, with its gradient norm along the way. */
export interface BadRunClaim extends RunClaim {
  /** |∇L| at the start, after the first epoch and at the end. */
  gradNorm: { start: number; firstEpoch: number; final: number };
  /** First epoch (1-based) from which every epoch ends with |∇L| < ε; null = never. */
  flatFromEpoch: number | null;
  epochs: number;
}

/** The per-sample picture at the bad start (saturation.svg). */
export interface SaturationClaim {
  /** Positives (y = 1) with σ(z) < SATURATED_BELOW (claims.ts): maximally wrong and saturated. */
  wrongPositives: number;
  /** Largest |dℓ/dz| under MSE among them, smallest under cross-entropy (NaN when none). */
  maxMseWeight: number;
  minBceWeight: number;
  /** x range of the wrong positives (NaN when none) and of all samples. */
  wrongExtent: [number, number];
  xExtent: [number, number];
  /** The model σ(w·x + b) at the bad start, at 201 evenly spaced x over the data. */
  curve: Array<[number, number]>;
}

export interface StudyClaims {
  runs: RunClaim[];
  bad: Partial<Record<LossName, BadRunClaim>>;
  /** MSE from the bad start stays below the target while cross-entropy (when run) reaches it. */
  mseStalls: boolean;
  /** Runs from the other starts, per loss: how many there are and how many train. */
  others: Partial<Record<LossName, { runs: number; trained: number }>>;
  saturation: SaturationClaim;
}

/** The stage the study is in, and the fraction of that stage done when known. */
export type Progress = (message: string, fraction?: number) => void;

export interface FigureOptions {
  scheme: ColorScheme;
  /** Colour scale of loss heatmaps; "auto" is linear for MSE and log for cross-entropy (which spans decades). */
  scale: ScaleType | "auto";
  /** y axis of loss-curves.svg. */
  curvesScale: ScaleType;
  contourLines: boolean;
  /** light (default: no <style>), dark, or auto (follows prefers-color-scheme). */
  theme?: Theme;
}

/** One SVG of the set: pure functions of the study's data. */
export interface FigureBuilder {
  /** File name in the output directory. */
  file: string;
  /** Losses the figure needs; it is skipped when the study lacks one. */
  needs: LossName[];
  /** The study part the figure draws; it is skipped when that part was not computed. */
  part?: StudyPart;
  title(study: Study): string;
  /** One sentence for the gallery and README. */
  caption(study: Study): string;
  render(study: Study, doc: Document, options: FigureOptions): string;
}
