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
import { evaluateModelSlice, evaluateModelSliceRange } from "./slice.js";

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
  /** 3 × points doubles: loss, accuracy, ‖∇L‖, point after point in β-major order. */
  fields: SharedArrayBuffer;
  /** Int32 [next row to claim]. */
  counter: SharedArrayBuffer;
}

export interface ModelSliceParallelOptions {
  /** Threads in all, the caller's included (default: one per core). */
  threads?: number;
  /** Called on the calling thread after each row it computes, with the rows claimed so far. */
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

/** Claims rows until none are left; returns how many this thread computed. */
export function runSliceRows(model: Model, job: SliceJob, data: ModelData, onRow?: (claimed: number) => void): number {
  const cols = axisValues(job.spec.alpha).length;
  const rows = job.spec.beta ? axisValues(job.spec.beta).length : 1;
  const counter = new Int32Array(job.counter);
  const fields = new Float64Array(job.fields);
  const total = rows * cols;
  const theta = new Float64Array(job.theta), d1 = new Float64Array(job.d1), d2 = job.d2 ? new Float64Array(job.d2) : null;
  let mine = 0;
  for (let row = Atomics.add(counter, 0, 1); row < rows; row = Atomics.add(counter, 0, 1)) {
    evaluateModelSliceRange(model, theta, d1, d2, data, job.loss, job.spec, { start: row * cols, end: (row + 1) * cols }, (at, v) => {
      for (let f = 0; f < 3; f++) fields.set(v[f], f * total + at);
    });
    mine++;
    onRow?.(Math.min(rows, Atomics.load(counter, 0)));
  }
  return mine;
}

/**
 * evaluateModelSlice's fields on `threads` threads. `onnx` is the file the model was loaded from
 * (each worker loads it again); the model itself serves the calling thread. Small slices, one
 * thread, and models over MAX_WORKER_MODEL_BYTES run on the calling thread alone.
 */
export async function evaluateModelSliceParallel(
  onnx: { bytes: Uint8Array; source: string }, model: Model, theta: Float64Array, d1: Float64Array, d2: Float64Array | null, data: ModelData, loss: ModelLossName, spec: SliceSpec,
  options: ModelSliceParallelOptions = {},
): Promise<SliceResult> {
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const alpha = axisValues(spec.alpha);
  const beta = spec.beta ? axisValues(spec.beta) : Float64Array.of(0);
  const rows = beta.length, cols = alpha.length, total = rows * cols;
  const workers = Math.min(threads, rows) - 1;
  if (workers < 1 || total < (options.minPoints ?? 64) || onnx.bytes.byteLength > MAX_WORKER_MODEL_BYTES) {
    return evaluateModelSlice(model, theta, d1, d2, data, loss, spec, options.onRow);
  }
  evaluateModelSliceRange(model, theta, d1, d2, data, loss, spec, { start: 0, end: 0 }, () => undefined); // checks the arguments before any worker starts
  const job: SliceJob = {
    onnx: shared(onnx.bytes), source: onnx.source, theta: shared(theta), d1: shared(d1), d2: d2 ? shared(d2) : null,
    xShape: data.x.shape, x: shared(data.x.data), y: shared(data.y), yShape: data.yShape, loss, spec,
    fields: new SharedArrayBuffer(3 * total * 8), counter: new SharedArrayBuffer(4),
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
    runSliceRows(model, job, data, (claimed) => options.onRow?.(claimed, rows));
    await Promise.all(finished);
  } finally {
    await Promise.all(started.map((w) => w.terminate()));
  }
  const f = new Float64Array(job.fields);
  const fields = { loss: makeField(rows, cols), accuracy: makeField(rows, cols), gradNorm: makeField(rows, cols) };
  fields.loss.data.set(f.subarray(0, total));
  fields.accuracy.data.set(f.subarray(total, 2 * total));
  fields.gradNorm.data.set(f.subarray(2 * total));
  return { alpha, beta, fields };
}
