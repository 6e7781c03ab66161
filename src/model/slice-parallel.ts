// A model slice on all cores: the calling thread and worker threads (slice-worker.ts) claim the
// slice's rows from one atomic counter and write the fields into shared arrays. Each worker
// builds its own copy of the graph from the ONNX file's bytes (a graph's kernels are closures,
// which cannot cross threads); every point is still computed alone by the same code, so the
// fields are evaluateModelSlice's to the bit whichever thread takes a row.

import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { axisValues, makeField } from "../numerics/grid.js";
import type { SliceResult, SliceSpec } from "../slices/slice.js";
import type { ModelLossName } from "./losses.js";
import type { Model, ModelData } from "./model.js";
import { evaluateModelSliceRange } from "./slice.js";

/** What a worker gets: every array in shared memory, so the threads share one copy. */
export interface SliceJob {
  onnx: SharedArrayBuffer;
  source: string;
  theta: SharedArrayBuffer;
  d1: SharedArrayBuffer;
  d2: SharedArrayBuffer | null;
  xShape: number[];
  x: SharedArrayBuffer;
  y: SharedArrayBuffer;
  yShape: number[];
  loss: ModelLossName;
  spec: SliceSpec;
  /** Points [start, end) of the slice in β-major order, cut into blocks at row ends. */
  start: number;
  end: number;
  /** 3 × (end − start) doubles: loss, accuracy, ‖∇L‖ of each point from start. */
  fields: SharedArrayBuffer;
  /** Int32 [next block to claim]. */
  counter: SharedArrayBuffer;
  /** Int32 per block: 1 once its values are in fields. */
  done: SharedArrayBuffer;
}

export interface ModelSliceParallelOptions {
  /** Threads in all, the caller's included (default: one per core). */
  threads?: number;
  /** Called on the calling thread as rows are done, with the rows done and the rows in all. */
  onRow?: (done: number, total: number) => void;
  /** Below this many points the slice stays on the calling thread (default 64: a worker's start costs about one CNN point). */
  minPoints?: number;
  /** The worker module (default: slice-worker.js beside this file). */
  workerUrl?: URL;
}

/** Above this ONNX file size the workers are not used: each would hold its own decoded copy. */
export const MAX_WORKER_MODEL_BYTES = 64 << 20;

function defaultWorkerUrl(): URL {
  const beside = new URL("./slice-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const built = new URL("../../dist/model/slice-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new Error("the slice worker (dist/model/slice-worker.js) is missing: run `npm run build` first");
}

const shared = (a: ArrayLike<number> & { byteLength: number; buffer: ArrayBufferLike; byteOffset: number }): SharedArrayBuffer => {
  const s = new SharedArrayBuffer(a.byteLength);
  new Uint8Array(s).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return s;
};

/** The job's model data as ModelData (views of the shared arrays). */
export function jobData(job: SliceJob): ModelData {
  return { x: { shape: job.xShape, data: new Float64Array(job.x) }, y: new Float64Array(job.y), yShape: job.yShape, source: "" };
}

/** Points [start, end) cut at the ends of the slice's rows: each block's first point. */
function blocksOf(spec: SliceSpec, start: number, end: number): number[] {
  const cols = axisValues(spec.alpha).length;
  const at: number[] = [];
  for (let p = start; p < end; p = Math.min(end, (Math.floor(p / cols) + 1) * cols)) at.push(p);
  return at;
}

/** The job's blocks (count) and a function that computes block b into the shared fields and flags it done. */
export function sliceBlocks(model: Model, job: SliceJob, data: ModelData): { count: number; run(b: number): void } {
  const at = blocksOf(job.spec, job.start, job.end);
  const done = new Int32Array(job.done);
  const fields = new Float64Array(job.fields);
  const n = job.end - job.start;
  const theta = new Float64Array(job.theta), d1 = new Float64Array(job.d1), d2 = job.d2 ? new Float64Array(job.d2) : null;
  return {
    count: at.length,
    run(b) {
      evaluateModelSliceRange(model, theta, d1, d2, data, job.loss, job.spec, { start: at[b], end: b + 1 < at.length ? at[b + 1] : job.end }, (p, v) => {
        for (let f = 0; f < 3; f++) fields.set(v[f], f * n + p - job.start);
      });
      Atomics.store(done, b, 1);
    },
  };
}

/** A worker's loop: claims blocks from the job's counter until none are left (or it was pushed past them). */
export function runSliceBlocks(model: Model, job: SliceJob, data: ModelData): void {
  const blocks = sliceBlocks(model, job, data);
  const counter = new Int32Array(job.counter);
  for (let b = Atomics.add(counter, 0, 1); b < blocks.count; b = Atomics.add(counter, 0, 1)) blocks.run(b);
}

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * evaluateModelSliceRange on `threads` threads: points [start, end) of the slice, handed to
 * onBlock(first point, [loss, accuracy, ‖∇L‖]) a row's worth at a time and in order, the same
 * numbers to the bit. `onnx` is the file the model was loaded from (each worker loads it again);
 * the model itself serves the calling thread, which yields to the event loop between its rows.
 * When shouldStop() turns true, no further rows are started and the rows done before the first
 * unfinished one are handed over. Small ranges, one thread, and models over
 * MAX_WORKER_MODEL_BYTES run on the calling thread alone.
 */
export async function evaluateModelSliceRangeParallel(
  onnx: { bytes: Uint8Array; source: string }, model: Model, theta: Float64Array, d1: Float64Array, d2: Float64Array | null, data: ModelData, loss: ModelLossName, spec: SliceSpec,
  range: { start: number; end: number }, onBlock: (at: number, values: Float64Array[]) => void, shouldStop: () => boolean = () => false, options: ModelSliceParallelOptions = {},
): Promise<void> {
  evaluateModelSliceRange(model, theta, d1, d2, data, loss, spec, { start: range.start, end: range.start }, () => undefined); // checks the arguments before any worker starts
  const at = blocksOf(spec, range.start, range.end);
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const workers = Math.min(threads, at.length) - 1;
  const rowsDone = (emitted: number): void => options.onRow?.(emitted, at.length);
  if (workers < 1 || range.end - range.start < (options.minPoints ?? 64) || onnx.bytes.byteLength > MAX_WORKER_MODEL_BYTES) {
    let emitted = 0;
    evaluateModelSliceRange(model, theta, d1, d2, data, loss, spec, range, (p, v) => (onBlock(p, v), rowsDone(++emitted)), shouldStop);
    return;
  }
  const n = range.end - range.start;
  const job: SliceJob = {
    onnx: shared(onnx.bytes), source: onnx.source, theta: shared(theta), d1: shared(d1), d2: d2 ? shared(d2) : null,
    xShape: data.x.shape, x: shared(data.x.data), y: shared(data.y), yShape: data.yShape, loss, spec, start: range.start, end: range.end,
    fields: new SharedArrayBuffer(3 * n * 8), counter: new SharedArrayBuffer(4), done: new SharedArrayBuffer(4 * at.length),
  };
  const fields = new Float64Array(job.fields), done = new Int32Array(job.done), counter = new Int32Array(job.counter);
  let emitted = 0;
  // the finished blocks from the first not yet handed over, in order
  const emit = (): void => {
    while (emitted < at.length && Atomics.load(done, emitted) === 1) {
      const p = at[emitted], stop = emitted + 1 < at.length ? at[emitted + 1] : range.end;
      onBlock(p, [0, 1, 2].map((f) => fields.slice(f * n + p - range.start, f * n + stop - range.start)));
      rowsDone(++emitted);
    }
  };
  const url = options.workerUrl ?? defaultWorkerUrl();
  const started = Array.from({ length: workers }, () => new Worker(url, { workerData: job }));
  const finished = started.map((w, i) => new Promise<void>((resolve, reject) => {
    w.once("message", (m: { ok: boolean; message?: string }) => (m.ok ? resolve() : reject(new Error(`slice worker ${i + 1}: ${m.message}`))));
    w.once("error", (e) => reject(new Error(`slice worker ${i + 1}: ${e.message}`)));
    w.once("exit", (code) => reject(new Error(`slice worker ${i + 1} exited (code ${code}) before finishing`)));
  }));
  for (const p of finished) p.catch(() => undefined); // awaited below; a failure after the caller's own failure is not unhandled
  try {
    // the calling thread's share, a block at a time, with a stop check and a yield between blocks
    const blocks = sliceBlocks(model, job, data);
    for (let b = Atomics.add(counter, 0, 1); b < at.length; b = Atomics.add(counter, 0, 1)) {
      if (shouldStop()) {
        // no worker claims another block; block b stays undone, so nothing from it on is handed over
        Atomics.store(counter, 0, at.length);
        break;
      }
      blocks.run(b);
      emit();
      await yieldToLoop();
    }
    await Promise.all(finished);
    emit();
  } finally {
    await Promise.all(started.map((w) => w.terminate()));
  }
}

/**
 * evaluateModelSlice's fields on `threads` threads (evaluateModelSliceRangeParallel over the whole
 * slice); `onnx` is the file the model was loaded from.
 */
export async function evaluateModelSliceParallel(
  onnx: { bytes: Uint8Array; source: string }, model: Model, theta: Float64Array, d1: Float64Array, d2: Float64Array | null, data: ModelData, loss: ModelLossName, spec: SliceSpec,
  options: ModelSliceParallelOptions = {},
): Promise<SliceResult> {
  const alpha = axisValues(spec.alpha);
  const beta = spec.beta ? axisValues(spec.beta) : Float64Array.of(0);
  const rows = beta.length, cols = alpha.length;
  const fields = { loss: makeField(rows, cols), accuracy: makeField(rows, cols), gradNorm: makeField(rows, cols) };
  await evaluateModelSliceRangeParallel(onnx, model, theta, d1, d2, data, loss, spec, { start: 0, end: rows * cols }, (at, v) => {
    fields.loss.data.set(v[0], at);
    fields.accuracy.data.set(v[1], at);
    fields.gradNorm.data.set(v[2], at);
  }, () => false, options);
  return { alpha, beta, fields };
}
