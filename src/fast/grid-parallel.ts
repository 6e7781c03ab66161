// evaluateGrid on all cores: rows of the grid are shared among the worker pool and the
// calling thread, all writing into one shared memory whose views become the fields.
// Small grids stay on one thread, where starting or waking workers costs more than it saves.

import type { Dataset } from "../data/dataset.js";
import type { LossName } from "../numerics/losses.js";
import { checkGridSpec, evaluateGrid, type GridResult, type GridSpec } from "../numerics/grid.js";
import {
  evaluateGridFast,
  evaluateLossGradFast,
  gridResult,
  LOSS_CODE,
  lossGradResult,
  prepareGridJob,
  type GridJob,
  type LossGradGrid,
} from "./grid-fast.js";
import { binaryLabels } from "./layout.js";
import { defaultThreads, kernelPool, kernelPoolRunning } from "./pool.js";

export interface ParallelOptions {
  /** Threads in all, the caller's included (default: one per core). 1 = single-thread. */
  threads?: number;
  /**
   * Work (points × samples) from which the pool is used; default PARALLEL_MIN_WORK once
   * the pool runs, POOL_START_MIN_WORK before. 0 always uses it (tests, tuning).
   */
  minWork?: number;
}

/** Work (points × samples) below which one thread is faster than waking the pool (~1–3 ms). */
export const PARALLEL_MIN_WORK = 2 ** 19;
/** Work below which a pool is not started for this call alone (worker start ≈ 30–50 ms). */
export const POOL_START_MIN_WORK = 2 ** 24;

/** Whether a job of `work` point·samples should use the pool. */
export function useParallel(work: number, threads: number, minWork?: number): boolean {
  return threads > 1 && work >= (minWork ?? (kernelPoolRunning() ? PARALLEL_MIN_WORK : POOL_START_MIN_WORK));
}

/** evaluateGrid with the WebAssembly kernel on all cores; same numbers as evaluateGridFast. */
export function evaluateGridParallel(loss: LossName, data: Dataset, spec: GridSpec, options: ParallelOptions = {}): Promise<GridResult> {
  return onCores(loss, data, spec, options, true, evaluateGridFast, gridResult);
}

/** evaluateLossGradFast on all cores: loss, gradient and gradient norm only. */
export function evaluateLossGradParallel(loss: LossName, data: Dataset, spec: GridSpec, options: ParallelOptions = {}): Promise<LossGradGrid> {
  return onCores(loss, data, spec, options, false, evaluateLossGradFast, lossGradResult);
}

/**
 * The shared plan: non-binary labels go to the reference, small grids to the
 * single-thread kernel `fast`, the rest to the pool, read back with `read`.
 */
async function onCores<R>(
  loss: LossName,
  data: Dataset,
  spec: GridSpec,
  options: ParallelOptions,
  full: boolean,
  fast: (loss: LossName, data: Dataset, spec: GridSpec) => R,
  read: (job: GridJob) => R,
): Promise<R | GridResult> {
  checkGridSpec(spec);
  const threads = options.threads ?? defaultThreads();
  if (!binaryLabels(data)) return evaluateGrid(loss, data, spec);
  if (!useParallel(spec.w.count * spec.b.count * data.x.length, threads, options.minWork)) return fast(loss, data, spec);
  const job = prepareGridJob(loss, data, spec, full);
  await runParallel(job, threads);
  return read(job);
}

/** Shares the job's rows among the pool's threads and the caller. */
async function runParallel(job: GridJob, threads: number): Promise<void> {
  const L = job.layout;
  await kernelPool().run(
    job.memory,
    {
      fn: "grid",
      args: [LOSS_CODE[job.loss], L.sp, job.n, L.wp, job.w.length, L.bp, 0, 0, L.out, L.stride, 0, job.full ? 1 : 0],
      lo: 6,
      acc: 10,
      unit: job.rowsPerChunk,
      total: job.b.length,
    },
    threads,
  );
}
