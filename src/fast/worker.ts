// A kernel pool worker (pool.ts): runs its share of each job it is sent with the chunk
// loop the calling thread runs too (chunks.ts), then counts itself done in the job
// memory's state words (waking a caller blocked in runSync) and replies (for run()).
// Any failure is caught, flagged in the state words and reported, so the caller fails
// with the worker's message instead of waiting.

import { parentPort } from "node:worker_threads";
import { runChunks, type KernelJob } from "./chunks.js";
import { instantiateKernel, type WasmMemory, type WasmModule } from "./kernel.js";
import { COUNTER, STATE_WORDS } from "./layout.js";

/** What the pool posts for one job. */
export interface WorkerRequest {
  id: number;
  module: WasmModule;
  memory: WasmMemory;
  job: KernelJob;
  slot: number;
}

/** What a worker replies when its share of job `id` is done. */
export interface WorkerReply {
  id: number;
  ok: boolean;
  error?: string;
}

parentPort?.on("message", ({ id, module, memory, job, slot }: WorkerRequest) => {
  const state = new Int32Array(memory.buffer, COUNTER, STATE_WORDS);
  let reply: WorkerReply = { id, ok: true };
  try {
    runChunks(instantiateKernel(memory, module), memory, job, slot);
  } catch (err) {
    Atomics.store(state, 2, 1);
    reply = { id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  Atomics.add(state, 1, 1);
  Atomics.notify(state, 1);
  parentPort?.postMessage(reply);
});
