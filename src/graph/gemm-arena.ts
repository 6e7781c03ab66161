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
import { instantiateKernel, makeMemory, type KernelExports, type WasmMemory } from "../fast/kernel.js";

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
  /** The kernel's exports on the arena's memory (valid until a later view() asks for more). */
  kernel(): KernelExports;
  /** The byte address of the arena's double d (what the kernel's pointers are). */
  byte(d: number): number;
  /** n Int32 entries from the arena's double `at` as a view (valid like view()'s). */
  i32(at: number, n: number): Int32Array;
}

export function gemmArena(what: string): GemmArena {
  if (KERNEL_PARAMS.nn_mm.join() !== MM_ORDER.join()) throw new Error("gemm-arena: nn_mm's parameters changed");
  let memory: WasmMemory | null = null;
  let mmFn: Mm | null = null;
  let exports: KernelExports | null = null;
  let size = 0;
  let view: Float64Array = new Float64Array(0);
  return {
    view(doubles) {
      if (doubles > size) {
        size = Math.max(doubles, Math.ceil(size * 1.5));
        memory = makeMemory(BASE_BYTES + 8 * size, what);
        exports = instantiateKernel(memory);
        mmFn = exports.nn_mm as Mm;
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
    kernel: () => exports!,
    byte: (d) => BASE_BYTES + 8 * d,
    i32: (at, n) => new Int32Array(memory!.buffer, BASE_BYTES + 8 * at, n),
  };
}

/** Below this many multiply-adds a product stays in TypeScript (copying in and out would cost more). */
export const WASM_MIN_WORK = 1 << 14;

/**
 * Doubles of operands one block of a product works on (256 KiB, half a core's L2 cache): a block
 * written into the arena is still in cache when the kernel reads it, and the kernel's passes over
 * it stay there. Blocking never changes a number: each entry's sum runs over k in order.
 */
export const BLOCK_DOUBLES = 1 << 15;

/**
 * out[M×N] += scale·op(X)·op(Y) on the arena, op(X) = Xᵀ when tX; X stored row-major as M×K
 * (K×M when tX), Y as K×N (N×K when tY). With `fresh` (out is all zeros) and a row bias b[N],
 * out = (scale·op(X)·op(Y)) + b instead, the numbers of the product followed by the bias's pass.
 */
export function arenaMatmul(A: GemmArena, X: Float64Array, tX: boolean, Y: Float64Array, tY: boolean, M: number, N: number, K: number, out: Float64Array, scale: number, bias: Float64Array | null = null): void {
  const Np = pad4(N);
  const Mp = pad4(M);
  // op(X) = Xᵀ: the sum runs over X's stored rows, so blocks of kc of them (and the same rows of
  // op(Y)) go through in order, each continuing the product's sums (mode 3). Xᵀ is read in place
  // by $mm's strides (row r of Xᵀ is column r of X); rows M…Mp − 1 of the product read past a row
  // (and 3 doubles past the block, into slack) and are dropped.
  if (tX && Mp * Np + 4 + M + Np <= CHUNK_DOUBLES) {
    const budget = Math.min(CHUNK_DOUBLES, Math.max(BLOCK_DOUBLES, 4 * Mp * Np));
    const kc = Math.max(1, Math.min(K, Math.floor((budget - Mp * Np - 4) / (M + Np))));
    const yAt = Mp * Np;
    const xAt = yAt + kc * Np;
    const m = A.view(xAt + kc * M + 4);
    for (let k0 = 0; k0 < K; k0 += kc) {
      const kn = Math.min(K, k0 + kc) - k0;
      opY(m, yAt, Y, tY, k0, kn, K, N, Np);
      m.set(X.subarray(k0 * M, (k0 + kn) * M), xAt);
      m.fill(0, xAt + kn * M, xAt + kn * M + 4);
      A.mm(xAt, 1, M, kn, yAt, Np, Mp, Np, 0, Np, k0 === 0 ? 2 : 3);
    }
    addOut(m, 0, Np, out, 0, M, N, scale, bias);
    return;
  }
  const budget = Math.min(CHUNK_DOUBLES, Math.max(BLOCK_DOUBLES, 2 * K * Np));
  const rows = Math.max(4, Math.floor((budget - K * Np) / (K + Np)) & ~3);
  const xAt = K * Np;
  for (let r0 = 0; r0 < M; r0 += rows) {
    const r1 = Math.min(M, r0 + rows);
    const Rp = pad4(r1 - r0);
    const oAt = xAt + Rp * K;
    const m = A.view(oAt + Rp * Np);
    if (r0 === 0) opY(m, 0, Y, tY, 0, K, K, N, Np);
    // rows [r0, r1) of op(X) as Rp × K, zero-padded rows
    if (tX) for (let r = r0; r < r1; r++) for (let k = 0; k < K; k++) m[xAt + (r - r0) * K + k] = X[k * M + r];
    else m.set(X.subarray(r0 * K, r1 * K), xAt);
    m.fill(0, xAt + (r1 - r0) * K, oAt);
    A.mm(xAt, K, 1, K, 0, Np, Rp, Np, oAt, Np, 2);
    addOut(m, oAt, Np, out, r0, r1, N, scale, bias);
  }
}

/** Rows [k0, k0 + kn) of op(Y) (K × N) as kn × Np at m[at], row-major, zero-padded. */
function opY(m: Float64Array, at: number, Y: Float64Array, tY: boolean, k0: number, kn: number, K: number, N: number, Np: number): void {
  if (tY) {
    for (let k = 0; k < kn; k++) {
      const row = at + k * Np;
      for (let j = 0, src = k0 + k; j < N; j++, src += K) m[row + j] = Y[src];
      m.fill(0, row + N, row + Np);
    }
  } else if (Np === N) m.set(Y.subarray(k0 * N, (k0 + kn) * N), at);
  else for (let k = 0; k < kn; k++) (m.set(Y.subarray((k0 + k) * N, (k0 + k + 1) * N), at + k * Np), m.fill(0, at + k * Np + N, at + (k + 1) * Np));
}

/**
 * out rows [r0, r1) += scale · the product's rows (from m[oAt], row stride Np); with a bias, out
 * (all zeros) = (0 + scale · product) + bias, the numbers of the two passes it replaces.
 */
function addOut(m: Float64Array, oAt: number, Np: number, out: Float64Array, r0: number, r1: number, N: number, scale: number, bias: Float64Array | null): void {
  for (let r = r0; r < r1; r++) {
    const src = oAt + (r - r0) * Np;
    const dst = r * N;
    if (bias) {
      // $mm's sums start from +0, so the product is never −0 and 0 + p = p
      if (scale === 1) for (let j = 0; j < N; j++) out[dst + j] = m[src + j] + bias[j];
      else for (let j = 0; j < N; j++) out[dst + j] = (0 + scale * m[src + j]) + bias[j];
    } else if (scale === 1) for (let j = 0; j < N; j++) out[dst + j] += m[src + j];
    else for (let j = 0; j < N; j++) out[dst + j] += scale * m[src + j];
  }
}
