// The study stage: every number the figure set shows. Loss grids, training runs from
// every start, per-sample terms at the bad start, ε, the basin maps, the init-scheme
// study and the claims the captions make. Pure numerics: no DOM, no files, no CLI.

import type { ManyTrainer } from "../basins/basin-map.js";
import type { Dataset } from "../data/dataset.js";
import { describeInit, initialize, type InitSpec } from "../init/initializers.js";
import { seededRandom } from "../init/random.js";
import { evaluateGridFast } from "../fast/grid-fast.js";
import { evaluateGridParallel } from "../fast/grid-parallel.js";
import { threadedTrainer, trainManyThreaded } from "../fast/many-fast.js";
import type { KernelPool } from "../fast/pool.js";
import type { GridResult } from "../numerics/grid.js";
import { TERM_SLOTS, type LossName } from "../numerics/losses.js";
import { accumulatePoint, evaluatePoint, POINT_SLOTS } from "../numerics/point.js";
import { stepsPerEpoch, type TrainResult } from "../train/train.js";
import { chunkedTrainer } from "../train/chunked.js";
import { basinsStudy, BASIN_LOSSES, LANDSCAPE_STUDY_SAMPLES, landscapeInitStudy } from "./basins-study.js";
import { studyClaims } from "./claims.js";
import { autoEpsilon } from "./epsilon.js";
import { curveSteps, recordRun } from "./run-path.js";
import { SampleTable } from "./samples.js";
import { ACCURACY_TARGET, type Progress, type Run, type SampleRow, type Study, type StudyOptions, type StudyPart } from "./types.js";

export type { Progress, Run, SampleRow, Study, StudyOptions, StudyPart } from "./types.js";
export { curveSteps } from "./run-path.js";

/** Both expensive parts: what `landscape` computes unless told to skip one. */
export const ALL_PARTS: readonly StudyPart[] = ["basins", "init-study"];

/** Index of the bad start: the first fixed start, else the first start. */
export function badStartIndex(starts: InitSpec[]): number {
  const k = starts.findIndex((s) => s.kind === "fixed");
  return k < 0 ? 0 : k;
}

/**
 * Resolves the starts (random schemes draw in order from one seeded stream, so
 * pytorch and xavier, which share a distribution, still get different starts) and
 * trains every loss from every start, so MSE and BCE runs share their starts. The
 * basin maps and the init study train many starts at once with `trainer` (default:
 * the WebAssembly kernel on all cores, trainMany's contract and numbers).
 */
export function runStudy(data: Dataset, options: StudyOptions, progress: Progress = () => {}, trainer: ManyTrainer = trainManyThreaded): Study {
  const grids: Partial<Record<LossName, GridResult>> = {};
  for (const loss of gridLosses(options)) {
    progress(`evaluating the ${loss} grid (${options.grid.w.count}×${options.grid.b.count})`);
    // The WebAssembly kernel: evaluateGrid's numbers to ~1e-15 relative, several times faster.
    grids[loss] = evaluateGridFast(loss, data, options.grid);
  }
  return studyWithGrids(data, options, grids, progress, trainer);
}

/**
 * runStudy on a kernel pool the caller made (and closes): the grids on all its threads,
 * the basin maps and init study on the same workers. The same numbers as runStudy.
 */
export async function runStudyOnPool(data: Dataset, options: StudyOptions, pool: KernelPool, progress: Progress = () => {}): Promise<Study> {
  const grids: Partial<Record<LossName, GridResult>> = {};
  for (const loss of gridLosses(options)) {
    const stage = `evaluating the ${loss} grid (${options.grid.w.count}×${options.grid.b.count})`;
    progress(stage, 0);
    grids[loss] = await evaluateGridParallel(loss, data, options.grid, { pool, onProgress: (f) => progress(stage, f) });
  }
  return studyWithGrids(data, options, grids, progress, threadedTrainer({ pool }));
}

/** The MSE grid is needed for ε even when only BCE is drawn. */
function gridLosses(options: StudyOptions): LossName[] {
  return options.losses.includes("mse") ? options.losses : [...options.losses, "mse"];
}

function studyWithGrids(data: Dataset, options: StudyOptions, grids: Partial<Record<LossName, GridResult>>, progress: Progress, trainer: ManyTrainer): Study {
  const rng = seededRandom(options.seed);
  const starts = options.starts.map((s) => initialize(s, rng));
  const runs: Run[] = [];
  const epochs = options.train.epochs;
  for (const loss of options.losses) {
    const stage = `training ${loss} from ${starts.length} starts`;
    progress(stage, 0);
    starts.forEach((start, k) => {
      // Shuffling, when asked for, draws from a stream fixed by the seed and the run.
      // Recorded while training: long runs keep a reduced path, never every step.
      const stride = lossStride(stepsPerEpoch(data.x.length, options.train.batchSize) * epochs, data.x.length);
      const onEpoch = (e: number): void => progress(stage, (k + (e + 1) / epochs) / starts.length);
      const { result, fullLosses } = recordRun(data, start, { ...options.train, loss }, seededRandom(options.seed + 1000 * (k + 1)), stride, undefined, onEpoch);
      runs.push({ key: `${loss}-${k + 1}`, loss, init: options.starts[k], startIndex: k, start, result, fullLosses, lossStride: stride });
    });
  }
  const bi = badStartIndex(options.starts);
  const badStart = starts[bi];
  const epsilon =
    options.epsilon === "auto"
      ? autoEpsilon(runs, bi, badStart, grids.mse as GridResult, options.train, data.x.length)
      : { value: options.epsilon, rule: "set by --epsilon" };
  const badStartGradNorm: Partial<Record<LossName, number>> = {};
  for (const loss of gridLosses(options)) badStartGradNorm[loss] = evaluatePoint(loss, data, badStart[0], badStart[1]).gradNorm;
  const samples = new SampleTable(data, badStart);
  const parts = options.parts ?? ALL_PARTS;
  const both = BASIN_LOSSES.every((l) => options.losses.includes(l));
  const params = { data, config: options.train, seed: options.seed, accuracyTarget: ACCURACY_TARGET, epsilon: epsilon.value, badStart };
  let basins: Study["basins"];
  let initStudy: Study["initStudy"];
  if (both && parts.includes("basins")) {
    progress("training the basin maps");
    basins = basinsStudy(params, reporting(trainer, "training the basin maps", progress));
  }
  if (both && parts.includes("init-study")) {
    progress("training the init study");
    initStudy = landscapeInitStudy(params, options.studySamples ?? LANDSCAPE_STUDY_SAMPLES, reporting(trainer, "training the init study", progress));
  }
  return {
    options,
    data,
    accuracyTarget: ACCURACY_TARGET,
    grids,
    runs,
    starts,
    badStart,
    badStartIndex: bi,
    epsilon,
    badStartGradNorm,
    samples,
    ...(basins ? { basins } : {}),
    ...(initStudy ? { initStudy } : {}),
    claims: studyClaims(runs, bi, data, samples, badStart, ACCURACY_TARGET, epsilon.value),
  };
}

/** Starts per chunk of the many-start training, between progress reports. */
const PROGRESS_STARTS = 4096;

/** `trainer` in chunks of starts, reporting each call's fraction done under `stage` and its loss. */
function reporting(trainer: ManyTrainer, stage: string, progress: Progress): ManyTrainer {
  return (data, starts, config, options, rng) =>
    chunkedTrainer(trainer, PROGRESS_STARTS, (done, total) => progress(`${stage} (${config.loss})`, done / total))(data, starts, config, options, rng);
}

/**
 * Full-data loss evaluations per loss curve at most, in sample terms (points × samples):
 * 2·10⁷ is well under a second. Within it the curve has every step; beyond, every k-th.
 */
export const LOSS_CURVE_BUDGET = 2e7;
/** Points a loss curve keeps at most, whatever the data size (2 MB per curve). */
export const MAX_CURVE_POINTS = 2 ** 18;

/** The step stride of a loss curve over `steps` steps on `n` samples (1 = every step). */
export function lossStride(steps: number, n: number): number {
  return Math.max(1, Math.ceil(((steps + 1) * n) / LOSS_CURVE_BUDGET), Math.ceil((steps + 1) / MAX_CURVE_POINTS));
}

/**
 * The full-data loss along a trajectory: at every step (stride 1), else at steps
 * 0, stride, 2·stride, … and at the last step.
 */
export function fullLosses(loss: LossName, data: Dataset, r: TrainResult, stride = 1): Float64Array {
  const out = new Float64Array(POINT_SLOTS);
  const terms = new Float64Array(TERM_SLOTS);
  const steps = r.w.length - 1;
  const losses = new Float64Array(curveSteps(steps, stride));
  for (let i = 0; i < losses.length; i++) {
    const k = Math.min(i * stride, steps);
    accumulatePoint(loss, data, r.w[k], r.b[k], out, terms);
    losses[i] = out[0];
  }
  return losses;
}

/** Per-sample logit, prediction and dℓ/dz for both losses at (w, b), as an array. */
export function sampleRows(data: Dataset, at: [number, number]): SampleRow[] {
  return Array.from(new SampleTable(data, at));
}

/** "he", "pytorch", or "(−5, −10)" for a fixed start. */
export function initLabel(spec: InitSpec): string {
  return spec.kind === "fixed" ? `(${fmt(spec.w)}, ${fmt(spec.b)})` : describeInit(spec);
}

// Legend text, not data: 4 significant digits keep a clicked or drawn start readable
// (landscape.json keeps the exact start).
const fmt = (v: number): string => String(Number(v.toPrecision(4))).replace("-", "−");
