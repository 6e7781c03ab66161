// `init-study` as one library call: seeded starts from each init scheme (and wide normals),
// each trained under each loss, with P(reach the accuracy target) and how often a run ends
// stuck in the flat region, with Wilson 95% intervals.

import { DEFAULT_BASIN_OPTIONS } from "../basins/basin-map.js";
import { DEFAULT_STUDY_SIGMAS, defaultStudySchemes, FULL_STUDY_SAMPLES, initStudy as runInitStudy, type InitStudy } from "../basins/init-study.js";
import { studyJson } from "../basins/study-json.js";
import type { Dataset } from "../data/dataset.js";
import { threadedTrainer } from "../fast/many-fast.js";
import { usingKernelPool } from "../fast/pool.js";
import { LOSS_NAMES, type LossName } from "../numerics/losses.js";
import { chunkedTrainer } from "../train/chunked.js";
import { progressOf, type RunControl } from "./run-control.js";
import { DEFAULT_TRAINING_OPTIONS, trainConfigOf, type TrainingOptions } from "./training-options.js";

export interface InitStudyOptions extends TrainingOptions {
  /** --samples: seeded draws per scheme. */
  samples: number;
  /** --sigmas: σ of the extra N(0, σ²) rows. */
  sigmas: number[];
  /** --loss: the losses each draw trains under. */
  loss: LossName[];
  /** --seed of the draws (seed + 1 seeds --shuffle). */
  seed: number;
  /** --target: the accuracy a run must reach. */
  target: number;
  /** --epsilon: a run ends flat when its final full-data |∇L| is below it. */
  epsilon: number;
}

export const DEFAULT_INIT_STUDY_OPTIONS: Readonly<InitStudyOptions> = {
  samples: FULL_STUDY_SAMPLES,
  sigmas: [...DEFAULT_STUDY_SIGMAS],
  loss: [...LOSS_NAMES],
  seed: 0,
  ...DEFAULT_TRAINING_OPTIONS,
  target: DEFAULT_BASIN_OPTIONS.accuracyTarget,
  epsilon: DEFAULT_BASIN_OPTIONS.epsilon,
};

/** `init-study --format json`: the settings and one row per scheme with each loss's outcome. */
export type InitStudyResult = ReturnType<typeof studyJson>;

/** Starts trained between progress reports (large enough to keep both cores busy). */
const PROGRESS_CHUNK = 16_384;

/** The study itself (what the Markdown and CSV tables are written from). */
export async function initStudyTables(data: Dataset, options: Partial<InitStudyOptions> = {}, control?: RunControl): Promise<InitStudy> {
  const o = { ...DEFAULT_INIT_STUDY_OPTIONS, ...options };
  if (o.loss.length === 0) throw new RangeError("loss: give at least one loss");
  const progress = progressOf(control);
  const params = {
    data,
    schemes: defaultStudySchemes(o.sigmas),
    losses: o.loss,
    samples: o.samples,
    seed: o.seed,
    config: trainConfigOf(o, o.loss[0]!),
    options: { accuracyTarget: o.target, epsilon: o.epsilon },
  };
  // One trainer call per loss, in order; progress per chunk of starts within each.
  let calls = 0;
  const onChunk = (done: number, total: number): void => {
    if (done === 0) calls++;
    progress("training", (calls - 1 + done / total) / o.loss.length);
  };
  // The WebAssembly many-start trainer on all cores (trainMany's contract, ~10× faster).
  return usingKernelPool((pool) => runInitStudy(params, chunkedTrainer(threadedTrainer({ pool }), PROGRESS_CHUNK, onChunk)));
}

export async function initStudy(data: Dataset, options: Partial<InitStudyOptions> = {}, control?: RunControl): Promise<InitStudyResult> {
  return studyJson(await initStudyTables(data, options, control));
}
