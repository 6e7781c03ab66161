// The data types of the networks section of the figure set: the tutorial's story at
// depth (a deep sigmoid network from a bad start under MSE, next to proper inits and next
// to cross-entropy). Filled by network-study.ts, drawn by network-figures.ts.

import type { ActivationName } from "../nn/activations.js";
import type { Architecture } from "../nn/architecture.js";
import type { DataName } from "../nn/datasets.js";
import type { NetworkInit } from "../nn/init.js";
import type { LayerStats } from "../nn/layer-stats.js";
import type { Table } from "../nn/table.js";
import type { EpochRecord } from "../nn/train.js";
import type { LossName } from "../numerics/losses.js";
import type { PcaDirections } from "../slices/pca.js";
import type { ProjectedPoint } from "../slices/projection.js";
import type { SliceResult } from "../slices/slice.js";
import type { TrainConfig } from "../train/train.js";
import type { SpectrumSummary } from "../curvature/spectrum-summary.js";
import type { NetworkGeometry } from "./network-geometry-types.js";

export interface NetworkSettings {
  /** Built-in 2-D data set and its size. */
  data: DataName;
  samples: number;
  dataSeed: number;
  hidden: number[];
  activation: ActivationName;
  /** The tutorial's kind of bad start (large weights that saturate the sigmoids). */
  badStart: NetworkInit;
  /** Proper inits trained under MSE beside it. */
  properStarts: NetworkInit[];
  /** Training of every run; `loss` is replaced per run. */
  train: TrainConfig;
  /** Steps between the saved parameter vectors of a run's trajectory. */
  every: number;
  /** Points per axis of the PCA slice. */
  sliceCount: number;
  /** Largest eigenvalues listed per point in spectrum.svg. */
  topEigenvalues: number;
}

/** One training run of the section. */
export interface NetworkRun {
  /** "mse-bad", "mse-xavier-normalized", "bce-bad", … */
  key: string;
  loss: LossName;
  init: NetworkInit;
  /** The init as `--init` spells it, e.g. "normal:12". */
  initText: string;
  /** 0 = the bad start, k = properStarts[k − 1]. */
  startIndex: number;
  start: Float64Array;
  final: Float64Array;
  /** Full-data loss at the start and after every epoch: the loss curve. */
  curve: Float64Array;
  epochs: EpochRecord[];
  /** Saved θ every `every` steps (start and last step included) and their steps. */
  trajectory: Float64Array[];
  trajectorySteps: number[];
  steps: number;
  stepsPerEpoch: number;
  /** ‖∇L‖ on all samples at the start, under this run's loss. */
  startGradNorm: number;
  finalLoss: number;
  accuracy: number;
  /** Per-layer statistics at the start, under this run's loss. */
  layers: LayerStats[];
}

/** The PCA slice: MSE over the plane of the cross-entropy run from the bad start. */
export interface NetworkSlice {
  loss: LossName;
  /** Key of the run whose trajectory gives the plane; its final θ is the centre. */
  planeRun: string;
  pca: PcaDirections;
  result: SliceResult;
  /** Threshold of the hatched flat region ‖∇L‖ < ε and the sentence saying where it came from. */
  epsilon: { value: number; rule: string };
  /** Every run's saved points projected on the plane, in run order. */
  projections: ProjectedPoint[][];
  /**
   * The plane's scale: ‖θ_start − θ*‖ of the run that gives the plane (the distance its
   * path covers). Off-plane distances are shown as shares of it, alike for every run.
   */
  scale: number;
  /** Per run: the largest off-plane distance of its saved points, over `scale`. */
  maxOffPlane: number[];
  /** Per run: the largest |L(θ_t) − L(projection)| over its saved points. */
  maxLossGap: number[];
  /** ‖∇L‖ of the slice's loss at the bad start. */
  badStartGradNorm: number;
}

/** The Hessian at one point, exact (dense, P ≤ 2000) and as the figure's density. */
export interface NetworkSpectrumPoint {
  key: "start" | "trained";
  label: string;
  loss: LossName;
  /** All eigenvalues, ascending. */
  eigenvalues: Float64Array;
  /**
   * Of the exact eigenvalues: extremes, largest |λ|, trace, and how many are negative and
   * how many zero (|λ| ≤ ZERO_EIGEN_TOL·max|λ|: rounding gives exact zeros either sign).
   */
  lambdaMin: number;
  lambdaMax: number;
  maxAbs: number;
  trace: number;
  negatives: number;
  zeros: number;
  /** The largest `topEigenvalues` exactly, largest first. */
  top: Float64Array;
  /**
   * What spectrum.svg draws: the SLQ density (PyHessian's settings with relative
   * smoothing: pad and σ² scaled to this point's own spectral range; seeded with the
   * study's seed), the exact spectrum smoothed alike, and the top eigenvalues by Lanczos.
   */
  summary: SpectrumSummary;
  /** Largest |Lanczos − exact| over the top eigenvalues, relative to the largest |λ|. */
  lanczosError: number;
}

/** What the captions state, computed from the runs. */
export interface NetworkClaims {
  /** Per run (run order): final accuracy reaches the target. */
  trains: boolean[];
  /** Per run: the loss curve never moves by FLAT_CURVE_SPAN of its largest value. */
  flat: boolean[];
  /** MSE from the bad start stays below the target while every proper MSE run reaches it. */
  mseStalls: boolean;
  /** Per layer: the fraction of saturated units × samples at the bad start. */
  badSaturation: number[];
  /** std of ∂ℓ_i/∂z at the first hidden layer, per run (run order), at its start. */
  firstLayerBackprop: number[];
  /** Smallest first-layer gradient std of the proper MSE runs over the bad MSE run's (Infinity when that is 0). */
  gradientRatio: number;
  /** Per run: the lowest and highest value of its loss curve. */
  curveExtent: Array<[number, number]>;
}

export interface NetworkStudy {
  settings: NetworkSettings;
  seed: number;
  arch: Architecture;
  data: Table;
  accuracyTarget: number;
  runs: NetworkRun[];
  slice: NetworkSlice;
  spectrum: NetworkSpectrumPoint[];
  claims: NetworkClaims;
  /** Sharpness of the MSE end points and the connection of two seeds' solutions (absent when skipped). */
  geometry?: NetworkGeometry;
}

// The study and its figure builders gain the section's members here, not in types.ts,
// which the explorer page bundles: the page's bytes stay those of the one-neuron code.
declare module "./types.js" {
  interface Study {
    /** The networks section (absent when skipped). */
    networks?: NetworkStudy;
  }
  interface FigureBuilder {
    /** Drawn from the study's networks part: skipped when the study has none. */
    networks?: true;
    /** Drawn from the networks part's geometry: skipped when it was not computed. */
    geometry?: true;
    /** The gallery section the figure opens or continues (none: the page's own). */
    section?(study: Study): { title: string; intro: string };
  }
}
