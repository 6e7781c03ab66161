// A network slice (../slices/slice.ts's evaluateSlice) with the WebAssembly kernel on
// all cores: the slice's points are shared among the worker pool and the calling thread,
// each thread evaluating whole points in its own work area of one shared memory
// (wat/9-nn-exports.wat, nn_slice), so every point's numbers are those of the
// one-thread kernel whichever thread takes it. Rows are run in blocks so `onRow` can
// report progress; cases the kernel does not take run evaluateSlice.

import { axisValues, makeField } from "../numerics/grid.js";
import { parameterCount } from "../nn/architecture.js";
import { checkSliceInput, evaluateSlice, type SliceInput, type SliceResult, type SliceSpec } from "../slices/slice.js";
import { runHere, type KernelJob } from "./chunks.js";
import { netArgs, prepareNetJob } from "./nn-fast.js";
import { threadsOf, useParallel, withPool, type ParallelOptions } from "./grid-parallel.js";

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/** Points [start, end) of a slice in its β-major order (point p is row ⌊p/cols⌋, column p mod cols). */
export interface SliceRange {
  start: number;
  end: number;
}

export interface SliceBlockOptions {
  /** The points to evaluate (default: all). */
  range?: SliceRange;
  /** Hears each finished block of points: its first point and loss, accuracy, ‖∇L‖ (views, valid during the call). */
  onBlock?: (at: number, values: Float64Array[]) => void;
  /** Asked between blocks; true stops the evaluation (the blocks already heard are complete). */
  shouldStop?: () => boolean;
}

/** evaluateSlice's result on `threads` threads (default: the pool's, or one per core). */
export async function evaluateSliceParallel(
  input: SliceInput,
  spec: SliceSpec,
  options: ParallelOptions = {},
  onRow?: (done: number, total: number) => void,
): Promise<SliceResult> {
  const alpha = axisValues(spec.alpha);
  const beta = spec.beta ? axisValues(spec.beta) : Float64Array.of(0);
  const rows = beta.length, cols = alpha.length;
  if (input.engine === "reference") return evaluateSlice(input, spec, onRow);
  const fields = [makeField(rows, cols), makeField(rows, cols), makeField(rows, cols)];
  const ran = await evaluateSliceBlocks(input, spec, options, {
    onBlock: (at, v) => v.forEach((f, i) => (fields[i].data as Float64Array).set(f, at)),
  }, onRow);
  if (!ran) return evaluateSlice(input, spec, onRow);
  return { alpha, beta, fields: { loss: fields[0], accuracy: fields[1], gradNorm: fields[2] } };
}

/**
 * Evaluates a range of the slice's points in blocks with the kernel, handing each block
 * to onBlock; every point's numbers are those of evaluateSliceParallel over the whole
 * slice. Returns false (evaluating nothing) where the kernel does not take the case.
 */
export async function evaluateSliceBlocks(
  input: SliceInput,
  spec: SliceSpec,
  options: ParallelOptions,
  blocks: SliceBlockOptions,
  onRow?: (done: number, total: number) => void,
): Promise<boolean> {
  const { arch, theta, d1, d2, data, loss } = input;
  const P = parameterCount(arch);
  const alpha = axisValues(spec.alpha);
  const beta = spec.beta ? axisValues(spec.beta) : Float64Array.of(0);
  const rows = beta.length, cols = alpha.length, points = rows * cols;
  const threads = Math.max(1, threadsOf(options));
  checkSliceInput(input, spec);
  const range = blocks.range ?? { start: 0, end: points };
  if (!(Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end) && 0 <= range.start && range.start <= range.end && range.end <= points)) {
    throw new RangeError(`points [${range.start}, ${range.end}) are not within the slice's ${points}`);
  }
  // The extra area: θ*, d1, d2, α, β, then the three fields.
  const stride = align16(8 * points);
  const sizes = [P, P, P, cols, rows].map((k) => align16(8 * k));
  const at = sizes.map((_, i) => sizes.slice(0, i).reduce((s, b) => s + b, 0));
  const fieldsAt = at[4] + sizes[4];
  // With input.batch each thread's work area holds that many samples' activations, not all n.
  const job = prepareNetJob(arch, data, loss, threads, fieldsAt + 3 * stride, input.batch);
  if (!job) return false;
  const { layout: L, memory } = job;
  const put = (offset: number, v: Float64Array): void => new Float64Array(memory.buffer, L.extra + offset, v.length).set(v);
  put(at[0], theta);
  put(at[1], d1);
  if (d2) put(at[2], d2);
  put(at[3], alpha);
  put(at[4], beta);
  const args = {
    ...netArgs(job),
    wbytes: L.workBytes,
    batch: input.batch ?? 0,
    P,
    theta: L.extra + at[0],
    d1: L.extra + at[1],
    d2: d2 ? L.extra + at[2] : 0,
    alpha: L.extra + at[3],
    cols,
    beta: L.extra + at[4],
    out: L.extra + fieldsAt,
    stride,
  };
  // Blocks of whole rows of ~2^22 point·parameter·samples each (tens of ms), at least one row.
  const work = P * Math.max(1, L.n);
  const blockPoints = cols * Math.max(1, Math.min(rows, Math.ceil(2 ** 22 / (cols * work))));
  const parallel = useParallel((range.end - range.start) * L.n, options);
  const fieldView = (f: number, at: number, count: number): Float64Array => new Float64Array(memory.buffer, L.extra + fieldsAt + f * stride + 8 * at, count);
  const runAll = async (pool: ((j: KernelJob) => Promise<void>) | null): Promise<void> => {
    for (let p = range.start; p < range.end; ) {
      if (blocks.shouldStop?.()) return;
      // Block edges on row edges, so a whole slice runs in the same blocks as always.
      const end = Math.min(range.end, (Math.floor(p / blockPoints) + 1) * blockPoints);
      const job: KernelJob = { fn: "nn_slice", args: { ...args, base: p }, unit: 1, total: end - p };
      if (pool) await pool(job);
      else {
        runHere(memory, job);
        // Let signal handlers run between blocks.
        if (blocks.shouldStop) await new Promise((r) => setImmediate(r));
      }
      blocks.onBlock?.(p, [0, 1, 2].map((f) => fieldView(f, p, end - p)));
      p = end;
      if (range.start === 0 && range.end === points) onRow?.(Math.ceil(p / cols), rows);
      else onRow?.(p - range.start, range.end - range.start);
    }
  };
  if (parallel) await withPool(options, (pool) => runAll((j) => pool.run(memory, j, threads)));
  else await runAll(null);
  return true;
}
