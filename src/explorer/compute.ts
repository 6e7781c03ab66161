// The page's expensive work, as messages a worker can take: one run as `train` makes it
// (recorded with run-path.ts's bounded reducer, never every step) and the study behind
// the view. Pure: the worker (worker.ts) and the in-page fallback (jobs.ts) call it alike.

import type { Dataset } from "../data/dataset.js";
import type { InitSpec } from "../init/initializers.js";
import { recordRun } from "../landscape/run-path.js";
import { runStudy, type Study } from "../landscape/study.js";
import type { RunPath } from "../landscape/types.js";
import type { GridSpec } from "../numerics/grid.js";
import { seededStart } from "../train/from-init.js";
import { stepsPerEpoch } from "../train/train.js";
import { CLI_DEFAULT_STARTS, studyOptions } from "./figure-adapter.js";
import { trainConfigOf, type ExplorerState } from "./state.js";

export type Job =
  | { kind: "run"; data: Dataset; init: InitSpec; state: ExplorerState }
  | { kind: "study"; data: Dataset; grid: GridSpec; state: ExplorerState; starts: ReadonlyArray<readonly [number, number]> };

export type JobResult = { kind: "run"; run: RunPath } | { kind: "study"; study: Study };

/**
 * `train --json`'s run for the state's settings: the seeded stream draws the start (for
 * an init scheme), then the batch orders. The path is reduced while training (at most
 * some 49,000 points plus the epoch ends); final values are trainStream's.
 */
export function trainRun(data: Dataset, init: InitSpec, state: ExplorerState): RunPath {
  const { start, rng } = seededStart(init, state.seed);
  const steps = stepsPerEpoch(data.x.length, state.batch) * state.epochs;
  // The loss curve is not needed here (the study draws the curves): one stride = the whole run.
  return recordRun(data, start, trainConfigOf(state), rng, steps).result;
}

/**
 * A job's work in sample evaluations (grid points × samples, training steps × batch,
 * the study's full-data loss per step), to decide whether it may run on the page's thread.
 */
export function jobCost(job: Job): number {
  const n = job.data.x.length;
  // A step costs its batch plus about as much as 8 samples (optimizer, path recording).
  const step = Math.min(job.state.batch, n) + 8;
  const steps = stepsPerEpoch(n, job.state.batch) * job.state.epochs;
  if (job.kind === "run") return steps * step;
  const starts = job.starts.length > 0 ? job.starts.length : CLI_DEFAULT_STARTS.length;
  return 2 * (job.grid.w.count * job.grid.b.count * n + starts * steps * (step + n));
}

export function computeJob(job: Job, progress: (message: string) => void = () => {}): JobResult {
  if (job.kind === "run") return { kind: "run", run: trainRun(job.data, job.init, job.state) };
  const { data, grid, state, starts } = job;
  return { kind: "study", study: runStudy(data, studyOptions({ data, grid, state, starts }), progress) };
}
