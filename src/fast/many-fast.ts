// trainMany (src/train/many.ts, the reference) with the WebAssembly SIMD kernel, on one
// thread or on all cores. Same API and the same numbers: every start follows the
// reference's arithmetic step for step (see train_sgd in wat/6-train.wat), all starts
// advanced each step (structure of arrays), starts shared among threads in chunks.
// Optimizers other than SGD, and labels other than 0/1, take the reference path.

import type { Dataset } from "../data/dataset.js";
import type { Random } from "../init/random.js";
import { epochOrder } from "../train/dataloader.js";
import { DEFAULT_MANY_OPTIONS, trainMany, type ManyOptions, type ManyResult, type Starts } from "../train/many.js";
import { checkTrainConfig, type TrainConfig } from "../train/train.js";
import { LOSS_CODE } from "./grid-fast.js";
import { instantiateKernel, makeMemory, type WasmMemory } from "./kernel.js";
import { binaryLabels, COUNTER, padded, RECORD_BYTES, writePadded, writeSamples } from "./layout.js";
import { defaultThreads, kernelPool, runChunks, type KernelJob } from "./pool.js";
import { useParallel, type ParallelOptions } from "./grid-parallel.js";

/** Shuffled runs keep every epoch's sample order in memory; beyond this, the reference runs. */
const MAX_ORDER_BYTES = 512 * 2 ** 20;
/** Starts per chunk a thread claims (a multiple of 4: the kernel takes four at a time). */
const STARTS_PER_CHUNK = 256;

interface ManyJob {
  memory: WasmMemory;
  train: KernelJob;
  final: KernelJob;
  S: number;
  wp: number;
  bp: number;
  fp: number;
  out: number;
  stride: number;
}

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/** The fast path's job, or null when the configuration needs the reference. */
function prepare(data: Dataset, starts: Starts, config: TrainConfig, options: ManyOptions, rng: Random | null): ManyJob | null {
  const S = starts.w.length;
  if (starts.b.length !== S) throw new RangeError("trainMany: starts.w and starts.b differ in length");
  checkTrainConfig(config);
  const n = data.x.length;
  const epochBytes = config.shuffle ? n * RECORD_BYTES : 0;
  if (config.optimizer !== "sgd" || !binaryLabels(data) || S === 0 || epochBytes * config.epochs > MAX_ORDER_BYTES) return null;
  const recordBytes = n * RECORD_BYTES;
  const sp = COUNTER + 16;
  // Final evaluation reads the data in its own order (accumulatePoint over data).
  const fsp = align16(sp + (config.shuffle ? config.epochs * recordBytes : 0));
  const pad = 8 * padded(S);
  const wp = align16(fsp + recordBytes);
  const bp = wp + pad;
  const fp = bp + pad;
  const out = fp + pad;
  const stride = align16(8 * S);
  const memory = makeMemory(out + 7 * stride, `training ${S} starts over ${n} samples`);
  writeSamples(memory.buffer, fsp, data);
  if (config.shuffle) {
    if (!rng) throw new Error("epochOrder: shuffle needs a seeded Random");
    // The same rng draws, in the same order, as the reference's DataLoader.
    for (let e = 0; e < config.epochs; e++) writeSamples(memory.buffer, sp + e * recordBytes, data, epochOrder(n, true, rng));
  }
  writePadded(memory.buffer, wp, starts.w);
  writePadded(memory.buffer, bp, starts.b);
  new Float64Array(memory.buffer, fp, padded(S)).fill(-1);
  const loss = LOSS_CODE[config.loss];
  const train: KernelJob = {
    fn: "train_sgd",
    args: [loss, config.shuffle ? sp : fsp, n, config.batchSize, config.epochs, epochBytes,
      config.optimizerOptions.lr, options.accuracyTarget, wp, bp, fp, 0, 0],
    lo: 11,
    acc: -1,
    unit: STARTS_PER_CHUNK,
    total: S,
  };
  const final: KernelJob = { fn: "points", args: [loss, fsp, n, wp, bp, 0, 0, out, stride, 0, 1], lo: 5, acc: 9, unit: STARTS_PER_CHUNK, total: S };
  return { memory, train, final, S, wp, bp, fp, out, stride };
}

/** Copies the results out of the job's memory (so the memory can be dropped). */
function result(job: ManyJob): ManyResult {
  const { buffer } = job.memory;
  const f = (p: number): Float64Array => new Float64Array(buffer, p, job.S).slice();
  return {
    finalW: f(job.wp),
    finalB: f(job.bp),
    finalLoss: f(job.out),
    finalGradNorm: f(job.out + 3 * job.stride),
    accuracy: f(job.out + 6 * job.stride),
    firstEpochReaching: Int32Array.from(new Float64Array(buffer, job.fp, job.S)),
  };
}

function runHere(job: ManyJob, kernelJob: KernelJob): void {
  Atomics.store(new Int32Array(job.memory.buffer, COUNTER, 1), 0, 0);
  runChunks(instantiateKernel(job.memory), job.memory, kernelJob, 0);
}

/** Both phases (training, then the final full-data evaluation) on this thread. */
function runAllHere(job: ManyJob): void {
  runHere(job, job.train);
  runHere(job, job.final);
}

/**
 * Threads to use: 1 (this thread) for small runs. Work is counted in sample evaluations:
 * every epoch touches each sample once per start (twice with the accuracy check, which
 * is far cheaper).
 */
function threadsFor(job: ManyJob, data: Dataset, config: TrainConfig, parallel: ParallelOptions): number {
  const threads = parallel.threads ?? defaultThreads();
  return useParallel(job.S * data.x.length * config.epochs, threads, parallel.minWork) ? threads : 1;
}

/** trainMany on one thread with the WebAssembly kernel. */
export function trainManyFast(
  data: Dataset,
  starts: Starts,
  config: TrainConfig,
  options: ManyOptions = DEFAULT_MANY_OPTIONS,
  rng: Random | null = null,
): ManyResult {
  const job = prepare(data, starts, config, options, rng);
  if (!job) return trainMany(data, starts, config, options, rng);
  runAllHere(job);
  return result(job);
}

/**
 * trainMany on all cores, synchronously: the caller blocks until the workers are done
 * (for callers with trainMany's synchronous contract, e.g. the figure builders).
 */
export function trainManyThreaded(
  data: Dataset,
  starts: Starts,
  config: TrainConfig,
  options: ManyOptions = DEFAULT_MANY_OPTIONS,
  rng: Random | null = null,
  parallel: ParallelOptions = {},
): ManyResult {
  const job = prepare(data, starts, config, options, rng);
  if (!job) return trainMany(data, starts, config, options, rng);
  const threads = threadsFor(job, data, config, parallel);
  if (threads === 1) runAllHere(job);
  else {
    kernelPool().runSync(job.memory, job.train, threads);
    kernelPool().runSync(job.memory, job.final, threads);
  }
  return result(job);
}

/** trainMany on all cores without blocking (small runs stay on this thread). */
export async function trainManyParallel(
  data: Dataset,
  starts: Starts,
  config: TrainConfig,
  options: ManyOptions = DEFAULT_MANY_OPTIONS,
  rng: Random | null = null,
  parallel: ParallelOptions = {},
): Promise<ManyResult> {
  const job = prepare(data, starts, config, options, rng);
  if (!job) return trainMany(data, starts, config, options, rng);
  const threads = threadsFor(job, data, config, parallel);
  if (threads === 1) runAllHere(job);
  else {
    await kernelPool().run(job.memory, job.train, threads);
    await kernelPool().run(job.memory, job.final, threads);
  }
  return result(job);
}
