// The Householder tridiagonalization of ../nn/symmetric-eigen.ts on the WebAssembly kernel
// (wat/9b-eigen.wat): the matrix is copied into a fresh kernel memory, reduced there, and
// the diagonal and subdiagonal copied out. The caller's matrix is not touched.

import { callKernel, instantiateKernel, MAX_MEMORY_BYTES, makeMemory, type WasmMemory } from "./kernel.js";
import { COUNTER } from "./layout.js";

const F64 = 8;
const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/**
 * Reduces the symmetric n × n row-major `a` (lower triangle read) to tridiagonal form:
 * diagonal into d, subdiagonal e[i] = T[i][i−1]. Returns false, writing nothing, when the
 * kernel memory cannot be had (the caller then runs the TypeScript reduction).
 */
export function tridiagonalizeFast(a: Float64Array, n: number, d: Float64Array, e: Float64Array): boolean {
  const m = align16(COUNTER + 16);
  const vecs = align16(m + F64 * n * n);
  const bytes = vecs + 6 * align16(F64 * n);
  const memory = eigenMemory(bytes, n);
  if (memory === null) return false;
  new Float64Array(memory.buffer, m, n * n).set(a);
  const at = (k: number): number => vecs + k * align16(F64 * n);
  callKernel(instantiateKernel(memory), "tridiagonalize", { m, n, d: at(0), e: at(1), u: at(2), q: at(3), un: at(4), pn: at(5) });
  d.set(new Float64Array(memory.buffer, at(0), n));
  e.set(new Float64Array(memory.buffer, at(1), n));
  return true;
}

/** Kernel memory for an n × n eigenvalue problem, or null when it is over the limit or cannot be had (the caller falls back). */
export function eigenMemory(bytes: number, n: number): WasmMemory | null {
  if (bytes > MAX_MEMORY_BYTES) return null;
  try {
    return makeMemory(bytes, `a ${n} × ${n} eigenvalue problem`);
  } catch (err) {
    if (err instanceof RangeError) return null;
    throw err;
  }
}
