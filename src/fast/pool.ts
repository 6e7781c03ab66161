// The worker pool: threads − 1 worker_threads, started on first use and reused, that
// run kernel jobs together with the calling thread on one shared WebAssembly memory.
//
// A job is one kernel export called over a range [0, total) cut into chunks of `unit`;
// every thread (the caller included) claims chunks from an atomic counter in the job's
// memory until none are left. Each point or start is computed by the same code whichever
// thread claims it, so results do not depend on the split. Workers are unref'd between
// jobs: an idle pool never keeps the process alive, and shutdownKernelPool() ends it.

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { instantiateKernel, kernelModule, type KernelExports, type WasmMemory, type WasmModule } from "./kernel.js";
import { accOffset, ACC_BYTES, COUNTER, MAX_THREADS, TABLE_BYTES } from "./layout.js";

/** One kernel export over [0, total): args[lo], args[lo + 1] get each chunk's bounds. */
export interface KernelJob {
  fn: "grid" | "points" | "train_sgd";
  args: number[];
  lo: number;
  /** Index of the scratch-offset argument (per thread), or −1. */
  acc: number;
  unit: number;
  total: number;
}

// The worker body, plain CommonJS so it runs the same from src/ (vitest) and dist/.
// It mirrors runChunks() below. When done it counts itself in the job memory's DONE
// word (waking a caller blocked in runSync) and also posts a message (for run()).
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", ({ id, module, memory, job, slot }) => {
  const state = new Int32Array(memory.buffer, ${COUNTER}, 3);
  const finish = () => { Atomics.add(state, 1, 1); Atomics.notify(state, 1); };
  try {
    const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
    const counter = new Int32Array(memory.buffer, ${COUNTER}, 1);
    const a = job.args.slice();
    if (job.acc >= 0) a[job.acc] = ${TABLE_BYTES} + slot * ${ACC_BYTES};
    for (;;) {
      const s = Atomics.add(counter, 0, 1) * job.unit;
      if (s >= job.total) break;
      a[job.lo] = s;
      a[job.lo + 1] = Math.min(job.total, s + job.unit);
      k[job.fn](...a);
    }
    finish();
    parentPort.postMessage({ id, ok: true });
  } catch (err) {
    Atomics.store(state, 2, 1);
    finish();
    parentPort.postMessage({ id, ok: false, error: String(err && err.stack || err) });
  }
});
`;

/** Words at COUNTER: [0] next chunk, [1] workers done, [2] a worker failed. */
const STATE_WORDS = 3;
/** How long runSync waits for workers after its own share before giving up. */
const SYNC_TIMEOUT_MS = 120_000;

/** Claims and runs chunks of `job` on instance k until the counter passes the end. */
export function runChunks(k: KernelExports, memory: WasmMemory, job: KernelJob, slot: number): void {
  const counter = new Int32Array(memory.buffer, COUNTER, 1);
  const a = job.args.slice();
  if (job.acc >= 0) a[job.acc] = accOffset(slot);
  const f = k[job.fn] as (...args: number[]) => void;
  for (;;) {
    const s = Atomics.add(counter, 0, 1) * job.unit;
    if (s >= job.total) break;
    a[job.lo] = s;
    a[job.lo + 1] = Math.min(job.total, s + job.unit);
    f(...a);
  }
}

/** Default thread count: the machine's cores (the caller's thread counts as one). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(MAX_THREADS, availableParallelism()));
}

export class KernelPool {
  private readonly workers: Worker[];
  private readonly module: WasmModule;
  private busy: Promise<void> = Promise.resolve();
  /** Job counter: workers echo the id, so run() never takes a message from an earlier job. */
  private jobs = 0;

  constructor(size: number) {
    this.module = kernelModule();
    this.workers = Array.from({ length: size }, () => {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.unref();
      return w;
    });
  }

  /** Number of threads a job runs on: the workers plus the caller. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /**
   * Runs job on `threads` threads (the caller and threads − 1 workers, at most all),
   * resolving when all are done. Jobs are serialised: a second call waits for the first.
   */
  run(memory: WasmMemory, job: KernelJob, threads: number = this.threads): Promise<void> {
    const next = this.busy.then(() => this.runNow(memory, job, threads));
    this.busy = next.catch(() => undefined);
    return next;
  }

  /**
   * run(), but blocking: the caller waits (Atomics.wait) for the workers instead of
   * awaiting messages, for synchronous APIs. Workers never need the caller's event
   * loop, so this cannot deadlock; a worker that fails makes it throw.
   */
  runSync(memory: WasmMemory, job: KernelJob, threads: number = this.threads): void {
    const state = new Int32Array(memory.buffer, COUNTER, STATE_WORDS);
    state.fill(0);
    const workers = this.workers.slice(0, Math.max(0, threads - 1));
    const id = ++this.jobs;
    workers.forEach((w, i) => w.postMessage({ id, module: this.module, memory, job, slot: i + 1 }));
    runChunks(instantiateKernel(memory, this.module), memory, job, 0);
    const deadline = Date.now() + SYNC_TIMEOUT_MS;
    for (let done = Atomics.load(state, 1); done < workers.length; done = Atomics.load(state, 1)) {
      if (Date.now() > deadline) throw new Error("kernel workers did not finish");
      Atomics.wait(state, 1, done, 1000);
    }
    if (Atomics.load(state, 2)) throw new Error("a kernel worker failed");
  }

  private async runNow(memory: WasmMemory, job: KernelJob, threads: number): Promise<void> {
    new Int32Array(memory.buffer, COUNTER, STATE_WORDS).fill(0);
    const id = ++this.jobs;
    const done = this.workers.slice(0, Math.max(0, threads - 1)).map(
      (w, i) =>
        new Promise<void>((resolve, reject) => {
          const onMessage = (m: { id: number; ok: boolean; error?: string }): void => {
            if (m.id !== id) return; // a reply to an earlier (e.g. runSync) job
            w.off("message", onMessage);
            w.off("error", onError);
            w.unref();
            if (m.ok) resolve();
            else reject(new Error(`kernel worker failed: ${m.error}`));
          };
          const onError = (err: Error): void => {
            w.off("message", onMessage);
            w.unref();
            reject(err);
          };
          w.ref();
          w.on("message", onMessage);
          w.once("error", onError);
          w.postMessage({ id, module: this.module, memory, job, slot: i + 1 });
        }),
    );
    // The caller's share, synchronously, while the workers run theirs.
    try {
      runChunks(instantiateKernel(memory, this.module), memory, job, 0);
    } finally {
      await Promise.allSettled(done);
    }
    await Promise.all(done);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

let pool: KernelPool | undefined;

/** The shared pool, created on first call with one thread per core in all. */
export function kernelPool(): KernelPool {
  pool ??= new KernelPool(defaultThreads() - 1);
  return pool;
}

/** True once kernelPool() has started workers (and they have not been shut down). */
export function kernelPoolRunning(): boolean {
  return pool !== undefined;
}

/** Terminates the pool's workers; the next parallel call starts a new pool. */
export async function shutdownKernelPool(): Promise<void> {
  const p = pool;
  pool = undefined;
  if (p) await p.close();
}
