// The numbers behind the figure set: loss grids, training runs from every start and
// per-sample terms at the bad start. Pure numerics: no DOM, no files, no CLI.

import type { Dataset } from "../data/dataset.js";
import { describeInit, initialize, type InitSpec } from "../init/initializers.js";
import { seededRandom } from "../init/random.js";
import { evaluateGridFast } from "../fast/grid-fast.js";
import type { GridResult, GridSpec } from "../numerics/grid.js";
import { sampleTerms, TERM_SLOTS, type LossName } from "../numerics/losses.js";
import { accumulatePoint, evaluatePoint, POINT_SLOTS } from "../numerics/point.js";
import { train, type TrainConfig, type TrainResult } from "../train/train.js";
import { autoEpsilon, type EpsilonChoice } from "./epsilon.js";

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
  /** Draws per scheme of the init study in basins.svg/init-study.svg (default LANDSCAPE_STUDY_SAMPLES). */
  studySamples?: number;
}

export interface Run {
  /** "mse-1": loss and 1-based start index. */
  key: string;
  loss: LossName;
  init: InitSpec;
  /** Index into StudyOptions.starts. */
  startIndex: number;
  start: [number, number];
  result: TrainResult;
  /** Loss on all samples at the params after every step (start first): the loss curve. */
  fullLosses: Float64Array;
}

/** One sample's terms at the bad start, for the saturation figure. */
export interface SampleRow {
  x: number;
  y: number;
  z: number;
  p: number;
  /** dℓ/dz of each loss; the sample adds (dℓ/dz)/n · (x, 1) to ∇L. */
  dldz: Record<LossName, number>;
}

export interface Study {
  options: StudyOptions;
  data: Dataset;
  grids: Partial<Record<LossName, GridResult>>;
  runs: Run[];
  /** Resolved starts, in the order of options.starts. */
  starts: Array<[number, number]>;
  badStart: [number, number];
  badStartIndex: number;
  epsilon: EpsilonChoice;
  /** |∇L| at the bad start, per loss. */
  badStartGradNorm: Partial<Record<LossName, number>>;
  samples: SampleRow[];
}

export type Progress = (message: string) => void;

/** Index of the bad start: the first fixed start, else the first start. */
export function badStartIndex(starts: InitSpec[]): number {
  const k = starts.findIndex((s) => s.kind === "fixed");
  return k < 0 ? 0 : k;
}

/**
 * Resolves the starts (random schemes draw in order from one seeded stream, so
 * pytorch and xavier, which share a distribution, still get different starts) and
 * trains every loss from every start, so MSE and BCE runs share their starts.
 */
export function runStudy(data: Dataset, options: StudyOptions, progress: Progress = () => {}): Study {
  const rng = seededRandom(options.seed);
  const starts = options.starts.map((s) => initialize(s, rng));
  const grids: Partial<Record<LossName, GridResult>> = {};
  // The MSE grid is needed for ε even when only BCE is drawn.
  const gridLosses = options.losses.includes("mse") ? options.losses : [...options.losses, "mse" as const];
  for (const loss of gridLosses) {
    progress(`evaluating the ${loss} grid (${options.grid.w.count}×${options.grid.b.count})`);
    // The WebAssembly kernel: evaluateGrid's numbers to ~1e-15 relative, several times faster.
    grids[loss] = evaluateGridFast(loss, data, options.grid);
  }
  const runs: Run[] = [];
  for (const loss of options.losses) {
    progress(`training ${loss} from ${starts.length} starts`);
    starts.forEach((start, k) => {
      // Shuffling, when asked for, draws from a stream fixed by the seed and the run.
      const result = train(data, start, { ...options.train, loss }, seededRandom(options.seed + 1000 * (k + 1)));
      runs.push({ key: `${loss}-${k + 1}`, loss, init: options.starts[k], startIndex: k, start, result, fullLosses: fullLosses(loss, data, result) });
    });
  }
  const bi = badStartIndex(options.starts);
  const badStart = starts[bi];
  const epsilon =
    options.epsilon === "auto"
      ? autoEpsilon(runs, bi, badStart, grids.mse as GridResult, options.train, data.x.length)
      : { value: options.epsilon, rule: "set by --epsilon" };
  const badStartGradNorm: Partial<Record<LossName, number>> = {};
  for (const loss of gridLosses) badStartGradNorm[loss] = evaluatePoint(loss, data, badStart[0], badStart[1]).gradNorm;
  return { options, data, grids, runs, starts, badStart, badStartIndex: bi, epsilon, badStartGradNorm, samples: sampleRows(data, badStart) };
}

/** The full-data loss at every point of a trajectory. */
export function fullLosses(loss: LossName, data: Dataset, r: TrainResult): Float64Array {
  const out = new Float64Array(POINT_SLOTS);
  const terms = new Float64Array(TERM_SLOTS);
  const losses = new Float64Array(r.w.length);
  for (let i = 0; i < r.w.length; i++) {
    accumulatePoint(loss, data, r.w[i], r.b[i], out, terms);
    losses[i] = out[0];
  }
  return losses;
}

/** Per-sample logit, prediction and dℓ/dz for both losses at (w, b). */
export function sampleRows(data: Dataset, [w, b]: [number, number]): SampleRow[] {
  const t = new Float64Array(TERM_SLOTS);
  const rows: SampleRow[] = [];
  for (let i = 0; i < data.x.length; i++) {
    const z = w * data.x[i] + b;
    sampleTerms("mse", z, data.y[i], t);
    const mse = t[1];
    const p = t[3];
    sampleTerms("bce", z, data.y[i], t);
    rows.push({ x: data.x[i], y: data.y[i], z, p, dldz: { mse, bce: t[1] } });
  }
  return rows;
}

/** "he", "pytorch", or "(−5, −10)" for a fixed start. */
export function initLabel(spec: InitSpec): string {
  return spec.kind === "fixed" ? `(${fmt(spec.w)}, ${fmt(spec.b)})` : describeInit(spec);
}

const fmt = (v: number): string => String(v).replace("-", "−");
