// The single-thread WebAssembly grid evaluator: same signature and same numbers as
// evaluateGrid (src/numerics/grid.ts, the reference), several times faster per thread;
// and evaluateLossGradFast, the same for loss, gradient and gradient norm only (what the
// `grid` command writes), which skips the Hessian and accuracy work (~25% faster).
// Data sets with labels other than 0/1 (which the CSV loader never produces) take the
// reference path.

import ndarray from "ndarray";
import type { Dataset } from "../data/dataset.js";
import type { LossName } from "../numerics/losses.js";
import {
  axisValues,
  checkGridSpec,
  evaluateGrid,
  FIELD_NAMES,
  mendNonFinite,
  type Field,
  type FieldName,
  type GridResult,
  type GridSpec,
} from "../numerics/grid.js";
import { runHere, type KernelJob } from "./chunks.js";
import { makeMemory, type WasmMemory } from "./kernel.js";
import { binaryLabels, planLayout, writePadded, writeSamples, type Layout } from "./layout.js";

export const LOSS_CODE: Record<LossName, number> = { mse: 0, bce: 1 };

/** The fields of a loss-and-gradient grid: the first four of FIELD_NAMES. */
export const LOSS_GRAD_FIELDS = ["loss", "gradW", "gradB", "gradNorm"] as const satisfies readonly FieldName[];
export type LossGradField = (typeof LOSS_GRAD_FIELDS)[number];
/** A GridResult with only the loss and gradient fields (every GridResult is one). */
export interface LossGradGrid extends Omit<GridResult, "fields"> {
  fields: Record<LossGradField, Field>;
}

/** A grid job with its inputs written into a fresh shared memory, ready for the kernel. */
export interface GridJob {
  loss: LossName;
  /** The samples, for mending points whose plain sums overflowed (mendNonFinite). */
  data: Dataset;
  spec: GridSpec;
  w: Float64Array;
  b: Float64Array;
  n: number;
  layout: Layout;
  memory: WasmMemory;
  /** All seven fields, or the four of LOSS_GRAD_FIELDS. */
  full: boolean;
  /** Rows per kernel call: each call does ~2^18 point·samples of work at least. */
  rowsPerChunk: number;
}

export function prepareGridJob(loss: LossName, data: Dataset, spec: GridSpec, full = true, rows?: { start: number; end: number }): GridJob {
  checkGridSpec(spec);
  const w = axisValues(spec.w);
  // Rows [start, end) of the grid only (a tile's): the same b values, each point computed alone.
  const b = rows ? axisValues(spec.b).slice(rows.start, rows.end) : axisValues(spec.b);
  const n = data.x.length;
  const layout = planLayout(n, w.length, b.length, w.length * b.length, full ? FIELD_NAMES.length : LOSS_GRAD_FIELDS.length);
  const memory = makeMemory(layout.bytes, `a ${w.length}×${b.length} grid over ${n} samples`);
  writeSamples(memory.buffer, layout.sp, data);
  writePadded(memory.buffer, layout.wp, w);
  writePadded(memory.buffer, layout.bp, b);
  const rowsPerChunk = Math.max(1, Math.min(b.length, Math.ceil(2 ** 18 / (w.length * Math.max(1, n)))));
  return { loss, data, spec, w, b, n, layout, memory, full, rowsPerChunk };
}

/** The job's rows as a pool job: chunks of rowsPerChunk rows. */
export function gridKernelJob(job: GridJob): KernelJob {
  const { layout: L } = job;
  return {
    fn: "grid",
    args: { loss: LOSS_CODE[job.loss], sp: L.sp, n: job.n, wp: L.wp, cols: job.w.length, bp: L.bp, out: L.out, stride: L.stride, full: job.full ? 1 : 0 },
    unit: job.rowsPerChunk,
    total: job.b.length,
  };
}

/** Float64Array views of the job's memory as [rows, cols] fields, in kernel order. */
function views<F extends FieldName>(job: GridJob, names: readonly F[]): Record<F, Field> {
  const rows = job.b.length;
  const cols = job.w.length;
  const fields = {} as Record<F, Field>;
  names.forEach((f, i) => {
    fields[f] = ndarray(new Float64Array(job.memory.buffer, job.layout.out + i * job.layout.stride, rows * cols), [rows, cols]);
  });
  return fields;
}

/** The GridResult of a finished full job (fields are views of its memory: no copies). */
export function gridResult(job: GridJob): GridResult {
  if (!job.full) throw new Error("gridResult: the job computed loss and gradient only");
  const fields = views(job, FIELD_NAMES);
  mendNonFinite(job.loss, job.data, job.w, job.b, fields);
  return { loss: job.loss, spec: job.spec, w: job.w, b: job.b, fields };
}

/** The LossGradGrid of a finished job. */
export function lossGradResult(job: GridJob): LossGradGrid {
  const fields = views(job, LOSS_GRAD_FIELDS);
  mendNonFinite(job.loss, job.data, job.w, job.b, fields);
  return { loss: job.loss, spec: job.spec, w: job.w, b: job.b, fields };
}

function runJob(job: GridJob): void {
  // Chunked calls rather than one: V8 tiers a wasm function up (Liftoff → TurboFan)
  // between calls, never inside one, so a single long call would run unoptimised.
  runHere(job.memory, gridKernelJob(job));
}

/** evaluateGrid on one thread with the WebAssembly SIMD kernel. */
export function evaluateGridFast(loss: LossName, data: Dataset, spec: GridSpec): GridResult {
  if (!binaryLabels(data)) return evaluateGrid(loss, data, spec);
  const job = prepareGridJob(loss, data, spec, true);
  runJob(job);
  return gridResult(job);
}

/** Loss, gradient and gradient norm only (same numbers as evaluateGridFast's), one thread. */
export function evaluateLossGradFast(loss: LossName, data: Dataset, spec: GridSpec): LossGradGrid {
  if (!binaryLabels(data)) return evaluateGrid(loss, data, spec);
  const job = prepareGridJob(loss, data, spec, false);
  runJob(job);
  return lossGradResult(job);
}
