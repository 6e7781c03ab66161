// A kernel pool: threads − 1 worker_threads (worker.ts) that run kernel jobs together
// with the calling thread on one shared WebAssembly memory. Created by whoever runs the
// work (the CLI makes one per command) and passed to the parallel functions; they make a
// temporary one when given none. Nothing here is module-level state.
//
// A job is one kernel export over [0, total) cut into chunks (chunks.ts); every thread
// claims chunks from an atomic counter in the job's memory until none are left.
// Workers start on the first job that needs them and are unref'd between jobs, so an
// idle pool never keeps the process alive; close() ends them. A worker that fails or
// does not finish in time fails the job with a clear error, and the pool terminates its
// workers (the next job starts fresh ones).

import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { runChunks, type ChunkProgress, type KernelJob } from "./chunks.js";
import { instantiateKernel, kernelModule, type WasmMemory } from "./kernel.js";
import { COUNTER, MAX_THREADS, STATE_WORDS } from "./layout.js";
import type { WorkerReply, WorkerRequest } from "./worker.js";

export interface KernelPoolOptions {
  /** Threads in all, the caller's included (default: one per core, at most MAX_THREADS). */
  threads?: number;
  /**
   * How long a job waits for the workers once the calling thread has done its share:
   * at least this (default 60 s), and at least twice the caller's own time.
   */
  timeoutMs?: number;
  /** The worker module (default: worker.js beside this file; tests inject failing ones). */
  workerUrl?: URL;
}

export interface KernelPool {
  /** Threads a job runs on by default: the workers plus the caller. */
  readonly threads: number;
  /** True once workers are running (the next job pays no start-up). */
  readonly started: boolean;
  /** Worker threads alive now (0 before the first parallel job and after close). */
  readonly liveWorkers: number;
  /**
   * Runs job on `threads` threads; jobs are serialised (a second call waits for the first).
   * onChunk hears the calling thread's progress through the job (chunks.ts).
   */
  run(memory: WasmMemory, job: KernelJob, threads?: number, onChunk?: ChunkProgress): Promise<void>;
  /**
   * run(), blocking: the caller waits with Atomics.wait, for synchronous APIs. Workers
   * never need the caller's event loop, so this cannot deadlock.
   */
  runSync(memory: WasmMemory, job: KernelJob, threads?: number): void;
  /** Terminates the workers; later jobs are refused. */
  close(): Promise<void>;
}

/** Default thread count: the machine's cores (the caller's thread counts as one). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(MAX_THREADS, availableParallelism()));
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * worker.js beside this module: in dist/ after `npm run build`. Run from the TypeScript
 * sources (vitest) there is no worker.js beside pool.ts, so the built one in dist/ serves.
 */
function defaultWorkerUrl(): URL {
  const beside = new URL("./worker.js", import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const built = new URL("../../dist/fast/worker.js", import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new Error("the kernel worker (dist/fast/worker.js) is missing: run `npm run build` first");
}

export function createKernelPool(options: KernelPoolOptions = {}): KernelPool {
  const threads = Math.max(1, Math.min(MAX_THREADS, Math.floor(options.threads ?? defaultThreads())));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let workers: Worker[] = [];
  let live = 0;
  let closed = false;
  let jobs = 0;
  let busy: Promise<void> = Promise.resolve();

  /** The first `count` workers, started if need be. */
  const workersFor = (count: number): Worker[] => {
    if (closed) throw new Error("the kernel pool is closed");
    while (workers.length < count) {
      const w = new Worker(options.workerUrl ?? defaultWorkerUrl());
      live++;
      w.once("exit", () => live--);
      w.unref();
      workers.push(w);
    }
    return workers.slice(0, count);
  };
  /** Ends every worker after a failure: their state is unknown, the next job starts anew. */
  const discard = (): void => {
    for (const w of workers) void w.terminate();
    workers = [];
  };
  const prepare = (memory: WasmMemory, job: KernelJob, n: number): { id: number; share: Worker[]; state: Int32Array } => {
    const share = workersFor(Math.max(0, Math.min(n, threads) - 1));
    const state = new Int32Array(memory.buffer, COUNTER, STATE_WORDS);
    state.fill(0);
    const id = ++jobs;
    const module = kernelModule();
    share.forEach((w, i) => w.postMessage({ id, module, memory, job, slot: i + 1 } satisfies WorkerRequest));
    return { id, share, state };
  };
  /** The caller's share; returns how long it took. */
  const ownShare = (memory: WasmMemory, job: KernelJob, onChunk?: ChunkProgress): number => {
    const t0 = Date.now();
    runChunks(instantiateKernel(memory), memory, job, 0, onChunk);
    return Date.now() - t0;
  };
  const waitMs = (own: number): number => Math.max(timeoutMs, 2 * own);

  const runSync = (memory: WasmMemory, job: KernelJob, n: number = threads): void => {
    const { share, state } = prepare(memory, job, n);
    let own: number;
    try {
      own = ownShare(memory, job);
    } catch (err) {
      if (share.length > 0) discard();
      throw err;
    }
    const deadline = Date.now() + waitMs(own);
    for (let done = Atomics.load(state, 1); done < share.length; done = Atomics.load(state, 1)) {
      const left = deadline - Date.now();
      if (left <= 0) {
        discard();
        throw new Error(`kernel workers did not finish ${job.fn} within ${waitMs(own)} ms`);
      }
      Atomics.wait(state, 1, done, Math.min(left, 1000));
    }
    if (Atomics.load(state, 2)) {
      discard();
      throw new Error(`a kernel worker failed in ${job.fn}`);
    }
  };

  const runNow = async (memory: WasmMemory, job: KernelJob, n: number, onChunk?: ChunkProgress): Promise<void> => {
    const { id, share } = prepare(memory, job, n);
    const cleanups: Array<() => void> = [];
    const replies = share.map(
      (w, i) =>
        new Promise<void>((resolve, reject) => {
          const onMessage = (m: WorkerReply): void => {
            if (m.id !== id) return; // a reply to an earlier (e.g. timed-out) job
            if (m.ok) resolve();
            else reject(new Error(`kernel worker ${i + 1} failed in ${job.fn}: ${m.error}`));
          };
          const onError = (err: Error): void => reject(new Error(`kernel worker ${i + 1} failed in ${job.fn}: ${err.message}`));
          const onExit = (code: number): void => reject(new Error(`kernel worker ${i + 1} exited (code ${code}) during ${job.fn}`));
          w.ref();
          w.on("message", onMessage);
          w.on("error", onError);
          w.on("exit", onExit);
          cleanups.push(() => {
            w.off("message", onMessage);
            w.off("error", onError);
            w.off("exit", onExit);
            w.unref();
          });
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    try {
      // The caller's share, synchronously, while the workers run theirs.
      const own = ownShare(memory, job, onChunk);
      const ms = waitMs(own);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`kernel workers did not finish ${job.fn} within ${ms} ms`)), ms);
      });
      await Promise.race([Promise.all(replies), timeout]);
    } catch (err) {
      discard();
      throw err;
    } finally {
      clearTimeout(timer);
      for (const c of cleanups) c();
      // Rejections after the first (e.g. exits caused by discard()) are expected.
      void Promise.allSettled(replies);
    }
  };

  return {
    threads,
    get started() {
      return workers.length > 0;
    },
    get liveWorkers() {
      return live;
    },
    run(memory, job, n = threads, onChunk) {
      const next = busy.then(() => runNow(memory, job, n, onChunk));
      busy = next.catch(() => undefined);
      return next;
    },
    runSync,
    async close() {
      closed = true;
      const ending = workers;
      workers = [];
      await Promise.all(ending.map((w) => w.terminate()));
    },
  };
}

/** Runs `use` with a fresh pool and closes the pool after, whatever happens. */
export async function usingKernelPool<R>(use: (pool: KernelPool) => R | Promise<R>, options: KernelPoolOptions = {}): Promise<R> {
  const pool = createKernelPool(options);
  try {
    return await use(pool);
  } finally {
    await pool.close();
  }
}
