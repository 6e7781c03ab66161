// Matrix products of the graph's ops on the WebAssembly kernel's register-tiled f64x2 product
// (src/fast/wat/7-nn-layers.wat $mm, exported as nn_mm): an op writes its operands into an arena
// (one WebAssembly memory), multiplies them there and reads the result back. Each kernel that
// uses one owns it, so it lives as long as the graph; it grows on demand up to what one chunk of
// samples needs (the ops split their work into chunks of at most CHUNK_DOUBLES).
//
// $mm's contract, restated in doubles: O[r, c] = Σ_{k<K} X[r·xr + k·xk]·Y[k·yk + c] (Y row-major,
// its rows padded to a multiple of 4), O at r·os + c; R and C are multiples of 4, K ≥ 1. Mode 2
// writes O, mode 3 adds to it (a sum over k continued in order across calls). Each entry sums
// its K products in order, without fused multiply-add, as the TypeScript loops did.

import type { Mm } from "../fast/curvature-core.js";
import { KERNEL_PARAMS } from "../fast/kernel.generated.js";
import { instantiateKernel, makeMemory, type WasmMemory } from "../fast/kernel.js";

/** Bytes [0, 2048) of every kernel memory hold its exp table; operands start after it. */
const BASE_BYTES = 4096;
/** A chunk of work needs at most about this many doubles of arena (16 MiB). */
export const CHUNK_DOUBLES = 1 << 21;
const MM_ORDER = ["X", "xr", "xk", "K", "Y", "yk", "yc", "R", "C", "O", "os", "mode", "post"];

export const pad4 = (n: number): number => (n + 3) & ~3;

export interface GemmArena {
  /** The arena's first `doubles` entries as a view (valid until a later call asks for more). */
  view(doubles: number): Float64Array;
  /** O = X·Y (mode 2) or O += X·Y (mode 3), every offset and stride in doubles from the view's start. */
  mm(X: number, xr: number, xk: number, K: number, Y: number, yk: number, R: number, C: number, O: number, os: number, mode: 2 | 3): void;
}

export function gemmArena(what: string): GemmArena {
  if (KERNEL_PARAMS.nn_mm.join() !== MM_ORDER.join()) throw new Error("gemm-arena: nn_mm's parameters changed");
  let memory: WasmMemory | null = null;
  let mmFn: Mm | null = null;
  let size = 0;
  let view: Float64Array = new Float64Array(0);
  return {
    view(doubles) {
      if (doubles > size) {
        size = Math.max(doubles, Math.ceil(size * 1.5));
        memory = makeMemory(BASE_BYTES + 8 * size, what);
        mmFn = instantiateKernel(memory).nn_mm as Mm;
      }
      if (view.length !== doubles || (view.buffer as ArrayBufferLike) !== memory!.buffer) view = new Float64Array(memory!.buffer, BASE_BYTES, doubles);
      return view;
    },
    mm(X, xr, xk, K, Y, yk, R, C, O, os, mode) {
      if (R === 0 || C === 0) return;
      if (K === 0) {
        // an empty sum: $mm needs K ≥ 1
        if (mode === 2) for (let r = 0; r < R; r++) view.fill(0, O + r * os, O + r * os + C);
        return;
      }
      const b = (d: number): number => BASE_BYTES + 8 * d;
      mmFn!(b(X), 8 * xr, 8 * xk, K, b(Y), 8 * yk, 32, R, C, b(O), 8 * os, mode, 0);
    },
  };
}

/** Below this many multiply-adds a product stays in TypeScript (copying in and out would cost more). */
export const WASM_MIN_WORK = 1 << 14;

/**
 * out[M×N] += scale·op(X)·op(Y) on the arena, op(X) = Xᵀ when tX; X stored row-major as M×K
 * (K×M when tX), Y as K×N (N×K when tY). Rows of the result are done in chunks that fit the arena.
 */
export function arenaMatmul(A: GemmArena, X: Float64Array, tX: boolean, Y: Float64Array, tY: boolean, M: number, N: number, K: number, out: Float64Array, scale: number): void {
  const Np = pad4(N);
  const Mp = pad4(M);
  // op(X) = Xᵀ read in place by $mm's strides (row r of Xᵀ is column r of X) when all of X fits:
  // no transposing copy. Rows M…Mp − 1 of the product read past a row (and 3 doubles past X, into
  // slack) and are dropped.
  if (tX && K * M + 4 + K * Np + Mp * Np <= CHUNK_DOUBLES) {
    const xAt = K * Np;
    const oAt = xAt + K * M + 4;
    const m = A.view(oAt + Mp * Np);
    opY(m, Y, tY, K, N, Np);
    m.set(X.subarray(0, K * M), xAt);
    m.fill(0, xAt + K * M, oAt);
    A.mm(xAt, 1, M, K, 0, Np, Mp, Np, oAt, Np, 2);
    addOut(m, oAt, Np, out, 0, M, N, scale);
    return;
  }
  const rows = Math.max(4, Math.floor((CHUNK_DOUBLES - K * Np) / (K + Np)) & ~3);
  const xAt = K * Np;
  for (let r0 = 0; r0 < M; r0 += rows) {
    const r1 = Math.min(M, r0 + rows);
    const Rp = pad4(r1 - r0);
    const oAt = xAt + Rp * K;
    const m = A.view(oAt + Rp * Np);
    if (r0 === 0) opY(m, Y, tY, K, N, Np);
    // rows [r0, r1) of op(X) as Rp × K, zero-padded rows
    if (tX) for (let r = r0; r < r1; r++) for (let k = 0; k < K; k++) m[xAt + (r - r0) * K + k] = X[k * M + r];
    else m.set(X.subarray(r0 * K, r1 * K), xAt);
    m.fill(0, xAt + (r1 - r0) * K, oAt);
    A.mm(xAt, K, 1, K, 0, Np, Rp, Np, oAt, Np, 2);
    addOut(m, oAt, Np, out, r0, r1, N, scale);
  }
}

/** op(Y) as K × Np at m[0], row-major, zero-padded. */
function opY(m: Float64Array, Y: Float64Array, tY: boolean, K: number, N: number, Np: number): void {
  if (tY) {
    for (let k = 0; k < K; k++) {
      const row = k * Np;
      for (let j = 0; j < N; j++) m[row + j] = Y[j * K + k];
      m.fill(0, row + N, row + Np);
    }
  } else if (Np === N) m.set(Y.subarray(0, K * N), 0);
  else for (let k = 0; k < K; k++) (m.set(Y.subarray(k * N, (k + 1) * N), k * Np), m.fill(0, k * Np + N, (k + 1) * Np));
}

/** out rows [r0, r1) += scale · the product's rows (from m[oAt], row stride Np). */
function addOut(m: Float64Array, oAt: number, Np: number, out: Float64Array, r0: number, r1: number, N: number, scale: number): void {
  for (let r = r0; r < r1; r++) {
    const src = oAt + (r - r0) * Np;
    const dst = r * N;
    if (scale === 1) for (let j = 0; j < N; j++) out[dst + j] += m[src + j];
    else for (let j = 0; j < N; j++) out[dst + j] += scale * m[src + j];
  }
}
