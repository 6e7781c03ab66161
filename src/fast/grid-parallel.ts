// evaluateGrid on all cores: rows of the grid are shared among the worker pool and the
// calling thread, all writing into one shared memory whose views become the fields.
// Small grids stay on one thread, where starting or waking workers costs more than it saves.
// The pool comes from the caller (options.pool); without one, a pool is made for the call
// and closed after it.

import ndarray from "ndarray";
import type { Dataset } from "../data/dataset.js";
import type { LossName } from "../numerics/losses.js";
import { checkGridSpec, evaluateGrid, type GridResult, type GridSpec } from "../numerics/grid.js";
import { runHere, type ChunkProgress } from "./chunks.js";
import {
  gridKernelJob,
  gridResult,
  lossGradResult,
  prepareGridJob,
  type GridJob,
  type LossGradGrid,
} from "./grid-fast.js";
import { binaryLabels } from "./layout.js";
import { defaultThreads, usingKernelPool, type KernelPool } from "./pool.js";

export interface ParallelOptions {
  /** Threads in all, the caller's included (default: the pool's, or one per core). 1 = single-thread. */
  threads?: number;
  /**
   * Work (points × samples) from which the pool is used; default PARALLEL_MIN_WORK once
   * the pool's workers run, POOL_START_MIN_WORK before. 0 always uses it (tests, tuning).
   */
  minWork?: number;
  /** The pool to run on (its workers are reused across calls); default: one for this call. */
  pool?: KernelPool;
  /** Hears the fraction of the grid's rows done while the kernel runs (chunks.ts). */
  onProgress?: ChunkProgress;
}

/** Work (points × samples) below which one thread is faster than waking the pool (~1–3 ms). */
export const PARALLEL_MIN_WORK = 2 ** 19;
/** Work below which a pool is not started for this call alone (worker start ≈ 30–50 ms). */
export const POOL_START_MIN_WORK = 2 ** 24;

/** Threads a call with these options runs on. */
export function threadsOf(options: ParallelOptions): number {
  return options.threads ?? options.pool?.threads ?? defaultThreads();
}

/** Whether a job of `work` point·samples should use a pool. */
export function useParallel(work: number, options: ParallelOptions): boolean {
  const minWork = options.minWork ?? (options.pool?.started ? PARALLEL_MIN_WORK : POOL_START_MIN_WORK);
  return threadsOf(options) > 1 && work >= minWork;
}

/** Runs `use` with the options' pool, or with a pool made for it and closed after. */
export function withPool<R>(options: ParallelOptions, use: (pool: KernelPool) => Promise<R>): Promise<R> {
  return options.pool ? use(options.pool) : usingKernelPool(use, { threads: threadsOf(options) });
}

/** evaluateGrid with the WebAssembly kernel on all cores; same numbers as evaluateGridFast. */
export function evaluateGridParallel(loss: LossName, data: Dataset, spec: GridSpec, options: ParallelOptions = {}): Promise<GridResult> {
  return onCores(loss, data, spec, options, true, gridResult);
}

/** evaluateLossGradFast on all cores: loss, gradient and gradient norm only. */
export function evaluateLossGradParallel(loss: LossName, data: Dataset, spec: GridSpec, options: ParallelOptions = {}): Promise<LossGradGrid> {
  return onCores(loss, data, spec, options, false, lossGradResult);
}

/**
 * Rows [start, end) of evaluateLossGradParallel's grid (w and b as the whole grid's, b
 * the rows'): every point's numbers are the whole grid's (each point is computed alone).
 * Non-binary labels go to the reference over the whole grid, the rows cut out after.
 */
export async function evaluateLossGradRows(loss: LossName, data: Dataset, spec: GridSpec, rows: { start: number; end: number }, options: ParallelOptions = {}): Promise<LossGradGrid> {
  checkGridSpec(spec);
  if (!(Number.isSafeInteger(rows.start) && Number.isSafeInteger(rows.end) && 0 <= rows.start && rows.start < rows.end && rows.end <= spec.b.count)) {
    throw new RangeError(`rows [${rows.start}, ${rows.end}) are not within the grid's ${spec.b.count}`);
  }
  if (!binaryLabels(data)) {
    const g = evaluateGrid(loss, data, spec);
    const cols = spec.w.count;
    const cut = (f: GridResult["fields"]["loss"]) => ndarray((f.data as Float64Array).slice(rows.start * cols, rows.end * cols), [rows.end - rows.start, cols]);
    return { loss, spec, w: g.w, b: g.b.slice(rows.start, rows.end), fields: { loss: cut(g.fields.loss), gradW: cut(g.fields.gradW), gradB: cut(g.fields.gradB), gradNorm: cut(g.fields.gradNorm) } };
  }
  const job = prepareGridJob(loss, data, spec, false, rows);
  if (!useParallel(spec.w.count * (rows.end - rows.start) * data.x.length, options)) runHere(job.memory, gridKernelJob(job), options.onProgress);
  else await withPool(options, (pool) => pool.run(job.memory, gridKernelJob(job), threadsOf(options), options.onProgress));
  return lossGradResult(job);
}

/**
 * The shared plan: non-binary labels go to the reference, small grids to the kernel on
 * the calling thread (evaluateGridFast's path), the rest to the pool, read back with `read`.
 */
async function onCores<R>(
  loss: LossName,
  data: Dataset,
  spec: GridSpec,
  options: ParallelOptions,
  full: boolean,
  read: (job: GridJob) => R,
): Promise<R | GridResult> {
  checkGridSpec(spec);
  if (!binaryLabels(data)) return evaluateGrid(loss, data, spec);
  const job = prepareGridJob(loss, data, spec, full);
  if (!useParallel(spec.w.count * spec.b.count * data.x.length, options)) runHere(job.memory, gridKernelJob(job), options.onProgress);
  else await withPool(options, (pool) => pool.run(job.memory, gridKernelJob(job), threadsOf(options), options.onProgress));
  return read(job);
}
