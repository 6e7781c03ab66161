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

/** evaluateSlice's result on `threads` threads (default: the pool's, or one per core). */
export async function evaluateSliceParallel(
  input: SliceInput,
  spec: SliceSpec,
  options: ParallelOptions = {},
  onRow?: (done: number, total: number) => void,
): Promise<SliceResult> {
  const { arch, theta, d1, d2, data, loss } = input;
  const P = parameterCount(arch);
  const alpha = axisValues(spec.alpha);
  const beta = spec.beta ? axisValues(spec.beta) : Float64Array.of(0);
  const rows = beta.length, cols = alpha.length, points = rows * cols;
  const threads = Math.max(1, threadsOf(options));
  if (input.engine === "reference") return evaluateSlice(input, spec, onRow);
  checkSliceInput(input, spec);
  // The extra area: θ*, d1, d2, α, β, then the three fields.
  const stride = align16(8 * points);
  const sizes = [P, P, P, cols, rows].map((k) => align16(8 * k));
  const at = sizes.map((_, i) => sizes.slice(0, i).reduce((s, b) => s + b, 0));
  const fieldsAt = at[4] + sizes[4];
  const job = prepareNetJob(arch, data, loss, threads, fieldsAt + 3 * stride);
  if (!job) return evaluateSlice(input, spec, onRow);
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
  // Blocks of rows of ~2^22 point·parameter·samples each (tens of ms), at least one row.
  const work = P * Math.max(1, L.n);
  const blockRows = Math.max(1, Math.min(rows, Math.ceil(2 ** 22 / (cols * work))));
  const parallel = useParallel(points * L.n, options);
  const runBlock = async (first: number, count: number, pool: ((j: KernelJob) => Promise<void>) | null): Promise<void> => {
    const job: KernelJob = { fn: "nn_slice", args: { ...args, base: first * cols }, unit: 1, total: count * cols };
    if (pool) return pool(job);
    runHere(memory, job);
  };
  const runAll = async (pool: ((j: KernelJob) => Promise<void>) | null): Promise<void> => {
    for (let r = 0; r < rows; r += blockRows) {
      const count = Math.min(blockRows, rows - r);
      await runBlock(r, count, pool);
      onRow?.(r + count, rows);
    }
  };
  if (parallel) await withPool(options, (pool) => runAll((j) => pool.run(memory, j, threads)));
  else await runAll(null);
  const field = (f: number) => {
    const out = makeField(rows, cols);
    (out.data as Float64Array).set(new Float64Array(memory.buffer, L.extra + fieldsAt + f * stride, points));
    return out;
  };
  return { alpha, beta, fields: { loss: field(0), accuracy: field(1), gradNorm: field(2) } };
}
