// trainMany (src/train/many.ts, the reference) with the WebAssembly SIMD kernel, on one
// thread or on all cores. Same contract (ManyTrainer) and the same numbers: every start
// follows the reference's arithmetic step for step (see train_sgd in wat/6-train.wat),
// all starts advanced each step (structure of arrays), starts shared among threads in
// chunks. Optimizers other than SGD and labels other than 0/1 take the reference path.
// A shuffled run stores the batch orders of a group of epochs at a time (at most
// maxOrderBytes), so memory stays bounded however many epochs or samples there are.

import type { Dataset } from "../data/dataset.js";
import type { Random } from "../init/random.js";
import { epochOrder } from "../train/dataloader.js";
import { DEFAULT_MANY_OPTIONS, trainMany, type AsyncManyTrainer, type ManyOptions, type ManyResult, type ManyTrainer, type Starts } from "../train/many.js";
import { checkTrainConfig, type TrainConfig } from "../train/train.js";
import { runHere, type KernelJob } from "./chunks.js";
import { LOSS_CODE } from "./grid-fast.js";
import { makeMemory, type WasmMemory } from "./kernel.js";
import { binaryLabels, padded, planManyLayout, RECORD_BYTES, writePadded, writeSamples, type ManyLayout } from "./layout.js";
import { createKernelPool } from "./pool.js";
import { threadsOf, useParallel, withPool, type ParallelOptions } from "./grid-parallel.js";

/** Memory for the stored batch orders of a shuffled run: epochs are trained in groups that fit. */
export const MAX_ORDER_BYTES = 64 * 2 ** 20;
/** Starts per chunk a thread claims (a multiple of 4: the kernel takes four at a time). */
const STARTS_PER_CHUNK = 256;

export interface FastTrainerOptions extends ParallelOptions {
  /** Memory the stored batch orders of a shuffled run may take (default MAX_ORDER_BYTES; at least one epoch's). */
  maxOrderBytes?: number;
}

interface ManyJob {
  memory: WasmMemory;
  layout: ManyLayout;
  /** The training calls, one per group of epochs (writing each group's batch orders first). */
  train: () => Iterable<KernelJob>;
  final: KernelJob;
  S: number;
  /** Work in sample evaluations: every epoch touches each sample once per start. */
  work: number;
}

/** The fast path's job, or null when the configuration needs the reference. */
function prepare(data: Dataset, starts: Starts, config: TrainConfig, options: ManyOptions, rng: Random | null, maxOrderBytes: number): ManyJob | null {
  const S = starts.w.length;
  if (starts.b.length !== S) throw new RangeError("trainMany: starts.w and starts.b differ in length");
  checkTrainConfig(config);
  const n = data.x.length;
  if (config.optimizer !== "sgd" || !binaryLabels(data) || S === 0) return null;
  if (config.shuffle && !rng) throw new Error("epochOrder: shuffle needs a seeded Random");
  const { epochs, shuffle } = config;
  const group = shuffle ? Math.max(1, Math.min(epochs, Math.floor(maxOrderBytes / (n * RECORD_BYTES)))) : epochs;
  const L = planManyLayout(n, S, group, shuffle);
  const memory = makeMemory(L.bytes, `training ${S} starts over ${n} samples`);
  writeSamples(memory.buffer, L.samples, data);
  writePadded(memory.buffer, L.wp, starts.w);
  writePadded(memory.buffer, L.bp, starts.b);
  new Float64Array(memory.buffer, L.fp, padded(S)).fill(-1);
  const loss = LOSS_CODE[config.loss];
  function* train(): Iterable<KernelJob> {
    for (let epoch0 = 0; epoch0 < epochs; epoch0 += group) {
      const count = Math.min(group, epochs - epoch0);
      // The same rng draws, in the same order, as the reference's DataLoader.
      if (shuffle) for (let e = 0; e < count; e++) writeSamples(memory.buffer, L.epochs + e * L.epochBytes, data, epochOrder(n, true, rng));
      yield {
        fn: "train_sgd",
        args: {
          loss, sp: L.epochs, n, batch: config.batchSize, epochs: count, epoch0, epochBytes: L.epochBytes,
          lr: config.optimizerOptions.lr, target: options.accuracyTarget, wp: L.wp, bp: L.bp, fp: L.fp,
        },
        unit: STARTS_PER_CHUNK,
        total: S,
      };
    }
  }
  // The final evaluation reads the data in its own order (accumulatePoint over data).
  const final: KernelJob = {
    fn: "points",
    args: { loss, sp: L.samples, n, wp: L.wp, bp: L.bp, out: L.out, stride: L.stride, full: 1 },
    unit: STARTS_PER_CHUNK,
    total: S,
  };
  return { memory, layout: L, train, final, S, work: S * n * epochs };
}

/** Copies the results out of the job's memory (so the memory can be dropped). */
function result(job: ManyJob): ManyResult {
  const { buffer } = job.memory;
  const L = job.layout;
  const f = (p: number): Float64Array => new Float64Array(buffer, p, job.S).slice();
  return {
    finalW: f(L.wp),
    finalB: f(L.bp),
    finalLoss: f(L.out),
    finalGradNorm: f(L.out + 3 * L.stride),
    accuracy: f(L.out + 6 * L.stride),
    firstEpochReaching: Int32Array.from(new Float64Array(buffer, L.fp, job.S)),
  };
}

/** Both phases (training, then the final full-data evaluation) on this thread. */
function runAllHere(job: ManyJob): void {
  for (const t of job.train()) runHere(job.memory, t);
  runHere(job.memory, job.final);
}

/** trainMany on one thread with the WebAssembly kernel. */
export const trainManyFast: ManyTrainer = (data, starts, config, options = DEFAULT_MANY_OPTIONS, rng = null) => {
  const job = prepare(data, starts, config, options, rng, MAX_ORDER_BYTES);
  if (!job) return trainMany(data, starts, config, options, rng);
  runAllHere(job);
  return result(job);
};

/**
 * trainMany on all cores, synchronously: the caller blocks until the workers are done
 * (for callers with trainMany's synchronous contract). Without `pool`, each call that
 * is worth it makes a pool and closes it after.
 */
export function threadedTrainer(parallel: FastTrainerOptions = {}): ManyTrainer {
  return (data, starts, config, options = DEFAULT_MANY_OPTIONS, rng = null) => {
    const job = prepare(data, starts, config, options, rng, parallel.maxOrderBytes ?? MAX_ORDER_BYTES);
    if (!job) return trainMany(data, starts, config, options, rng);
    if (!useParallel(job.work, parallel)) runAllHere(job);
    else {
      const pool = parallel.pool ?? createKernelPool({ threads: threadsOf(parallel) });
      try {
        for (const t of job.train()) pool.runSync(job.memory, t, threadsOf(parallel));
        pool.runSync(job.memory, job.final, threadsOf(parallel));
      } finally {
        if (!parallel.pool) void pool.close();
      }
    }
    return result(job);
  };
}

/** trainMany on all cores without blocking (small runs stay on this thread). */
export function parallelTrainer(parallel: FastTrainerOptions = {}): AsyncManyTrainer {
  return async (data, starts, config, options = DEFAULT_MANY_OPTIONS, rng = null) => {
    const job = prepare(data, starts, config, options, rng, parallel.maxOrderBytes ?? MAX_ORDER_BYTES);
    if (!job) return trainMany(data, starts, config, options, rng);
    if (!useParallel(job.work, parallel)) runAllHere(job);
    else {
      await withPool(parallel, async (pool) => {
        for (const t of job.train()) await pool.run(job.memory, t, threadsOf(parallel));
        await pool.run(job.memory, job.final, threadsOf(parallel));
      });
    }
    return result(job);
  };
}

/** threadedTrainer() with its defaults: all cores, a pool per call that needs one. */
export const trainManyThreaded: ManyTrainer = threadedTrainer();
/** parallelTrainer() with its defaults. */
export const trainManyParallel: AsyncManyTrainer = parallelTrainer();
