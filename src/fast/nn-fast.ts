// Mean loss, gradient and accuracy of a network with the WebAssembly SIMD kernel
// (wat/7-nn-layers.wat … 9-nn-exports.wat): the numbers of ../nn/forward.ts's
// evaluateNetwork (the reference) to a few ulp, several times faster. The forward
// products and the weight gradients sum in the reference's order; only δ·W and the
// exp inside σ and tanh (within 1–2 ulp of Math's) differ.

import type { LossName } from "../numerics/losses.js";
import type { Architecture } from "../nn/architecture.js";
import { sampleCount, type Table } from "../nn/table.js";
import { LOSS_CODE } from "./grid-fast.js";
import { callKernel, instantiateKernel, makeMemory, type KernelExports, type WasmMemory } from "./kernel.js";
import { ACTIVATION_CODE, kernelHandles, planNetLayout, writeNetJob, type NetLayout } from "./nn-layout.js";

/** Largest job memory the fast path takes on; larger jobs run the reference. */
export const MAX_NET_JOB_BYTES = 2 ** 31;

/** A network job's memory with the samples and layer table in place. */
export interface NetJob {
  arch: Architecture;
  loss: LossName;
  layout: NetLayout;
  memory: WasmMemory;
}

/** A job for arch on data with `threads` work areas, or null when the kernel does not handle the case or its memory is too large or cannot be had. */
export function prepareNetJob(arch: Architecture, data: Table, loss: LossName, threads = 1, extraBytes = 0, batch?: number): NetJob | null {
  if (!kernelHandles(arch, data)) return null;
  const layout = planNetLayout(arch, sampleCount(data), threads, extraBytes, batch);
  if (layout.bytes > MAX_NET_JOB_BYTES) return null;
  let memory: WasmMemory;
  try {
    memory = makeMemory(layout.bytes, `a ${arch.hidden.join(",")} network over ${layout.n} samples`);
  } catch (err) {
    // Memory the system will not give: the reference path needs far less.
    if (err instanceof RangeError) return null;
    throw err;
  }
  writeNetJob(memory.buffer, layout, data);
  return { arch, loss, layout, memory };
}

/** The nn export arguments every call shares. */
export function netArgs(job: NetJob): { desc: number; layers: number; n: number; act: number; loss: number; x: number; xs: number; y: number; work: number } {
  const L = job.layout;
  return { desc: L.desc, layers: L.layers, n: L.n, act: ACTIVATION_CODE[job.arch.activation], loss: LOSS_CODE[job.loss], x: L.x, xs: L.xs, y: L.y, work: L.work };
}

export interface FastPoint {
  loss: number;
  accuracy: number;
  gradNorm: number;
  /** A view of the job's memory, overwritten by the next evaluation. */
  grad: Float64Array;
}

/** Evaluates θ in work area 0 of the job (instance k on its memory). */
export function evaluateOnJob(job: NetJob, k: KernelExports, theta: Float64Array): FastPoint {
  const { layout: L, memory } = job;
  const base = L.work;
  new Float64Array(memory.buffer, base + L.theta, L.P).set(theta);
  const res = L.extra;
  callKernel(k, "nn_eval", { ...netArgs(job), P: L.P, res });
  const out = new Float64Array(memory.buffer, res, 3);
  return { loss: out[0], accuracy: out[1], gradNorm: out[2], grad: new Float64Array(memory.buffer, base + L.grad, L.P) };
}

/**
 * A job memory and kernel instance for one architecture's widths and sample count, made
 * by the caller and passed to evaluateNetwork (options.workspace) to be reused across
 * calls: a fresh memory costs its page faults on first touch (~0.2 ms for 2-16-1 on
 * 1000 samples, more than the evaluation itself), as a NumPy temporary would without
 * the allocator's reuse. Any data of that size may be evaluated on it.
 */
export interface NetworkWorkspace {
  job: NetJob;
  k: KernelExports;
}

/** A workspace for arch on data's sample count, or null where the kernel does not take the case. */
export function createNetworkWorkspace(arch: Architecture, data: Table, loss: LossName): NetworkWorkspace | null {
  const job = prepareNetJob(arch, data, loss, 1, 32);
  return job ? { job, k: instantiateKernel(job.memory) } : null;
}

const sameShape = (a: Architecture, b: Architecture): boolean =>
  a.inputs === b.inputs && a.hidden.length === b.hidden.length && a.hidden.every((w, i) => w === b.hidden[i]);

/** evaluateNetwork through the kernel (on `workspace` when it fits), or null when the kernel does not take this case. */
export function evaluateNetworkFast(arch: Architecture, theta: Float64Array, data: Table, loss: LossName, workspace?: NetworkWorkspace | null): FastPoint | null {
  if (!kernelHandles(arch, data)) return null;
  let ws = workspace && sameShape(workspace.job.arch, arch) && workspace.job.layout.n === sampleCount(data) ? workspace : null;
  if (ws) writeNetJob(ws.job.memory.buffer, ws.job.layout, data);
  else ws = createNetworkWorkspace(arch, data, loss);
  if (!ws) return null;
  const point = evaluateOnJob({ ...ws.job, arch, loss }, ws.k, theta);
  return { ...point, grad: point.grad.slice() };
}
