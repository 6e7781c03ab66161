// The chunk loop every thread of a kernel job runs, the calling thread and the pool's
// workers (worker.ts) alike: claim the next chunk of [0, total) from the atomic counter
// in the job's memory, run the kernel on it, repeat until none are left. Each point or
// start is computed by the same code whichever thread claims it, so results do not
// depend on the split.

import { callKernel, instantiateKernel, type KernelArgs, type KernelExports, type WasmMemory } from "./kernel.js";
import { accOffset, COUNTER } from "./layout.js";

/** The kernels that run over a range [lo, hi) of rows, points or starts. */
export type ChunkedFn = "grid" | "points" | "train_sgd" | "nn_slice";

/** Everything a chunked call needs except the range and the thread's scratch or slot. */
type JobArgs<F extends ChunkedFn> = Omit<KernelArgs<F>, "lo" | "hi" | "acc" | "slot">;

/** One kernel export called over [0, total) in chunks of `unit`. */
export type KernelJob = {
  [F in ChunkedFn]: { fn: F; args: JobArgs<F>; unit: number; total: number };
}[ChunkedFn];

/**
 * Told, on the calling thread after each chunk it ran, the fraction of the job claimed so
 * far: chunks are claimed in order, so all before the one just done are taken (some may
 * still be running on a worker). A counter read per chunk: nothing inside the kernel.
 */
export type ChunkProgress = (fraction: number) => void;

/** Claims and runs chunks of `job` on instance k (thread `slot`) until the counter passes the end. */
export function runChunks(k: KernelExports, memory: WasmMemory, job: KernelJob, slot: number, onChunk?: ChunkProgress): void {
  const counter = new Int32Array(memory.buffer, COUNTER, 1);
  // acc (the thread's scratch) and slot (its index, for kernels with a work area per
  // thread) are ignored by kernels that take neither.
  const args = { ...job.args, acc: accOffset(slot), slot, lo: 0, hi: 0 };
  for (;;) {
    const lo = Atomics.add(counter, 0, 1) * job.unit;
    if (lo >= job.total) break;
    args.lo = lo;
    args.hi = Math.min(job.total, lo + job.unit);
    callKernel(k, job.fn, args as KernelArgs<typeof job.fn>);
    onChunk?.(args.hi / job.total);
  }
}

/** The whole job on the calling thread (slot 0), from the first chunk. */
export function runHere(memory: WasmMemory, job: KernelJob, onChunk?: ChunkProgress): void {
  Atomics.store(new Int32Array(memory.buffer, COUNTER, 1), 0, 0);
  runChunks(instantiateKernel(memory), memory, job, 0, onChunk);
}
