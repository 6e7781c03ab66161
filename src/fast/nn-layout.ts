// Memory layout of a network job for the kernel's nn exports (wat/7-nn-layers.wat,
// 8-nn-net.wat, 9-nn-exports.wat): the one place that decides where a network's data,
// layer table and per-thread buffers live.
//
// [0, COUNTER + 16)  exp table, thread scratch, pool words (layout.ts)
// desc               the layer table: a header, then one 64-byte record per layer
// x, y               the samples, rows padded to a multiple of 4 with zeros, x's rows
//                    padded to a multiple of 4 inputs
// extra              caller's bytes (a slice's θ*, directions, axes and fields)
// work               `threads` work areas of workBytes each: per layer Wᵀ, W, b, z → f(z),
//                    f′ → δ, Σδᵀa, Σδ; the output's δ; θ; the flat gradient; the loss sums
// Every row of every matrix is padded to a multiple of 4 entries and every matrix to a
// multiple of 4 rows, so the kernel's 4 × 4 tiles need no remainder loops; the padding
// of W, Wᵀ, b and x is zero (fresh memory) and never written, which keeps every padded
// product zero (see 8-nn-net.wat).

import { layerShapes, parameterCount, type Architecture, type LayerShape } from "../nn/architecture.js";
import type { ActivationName } from "../nn/activations.js";
import { sampleCount, type Table } from "../nn/table.js";
import { COUNTER, padded } from "./layout.js";

const align16 = (n: number): number => Math.ceil(n / 16) * 16;
const F64 = 8;
/** Bytes of the layer table's header and of each layer record (wat/8-nn-net.wat). */
const RECORD = 64;

/** The kernel's activation codes (wat/7-nn-layers.wat, $act). */
export const ACTIVATION_CODE: Record<ActivationName, number> = { sigmoid: 0, tanh: 1, relu: 2, softsign: 3, linear: 4 };

export interface NetLayout {
  desc: number;
  layers: number;
  n: number;
  /** Sample rows, n padded to a multiple of 4. */
  rows: number;
  x: number;
  /** Bytes per row of x. */
  xs: number;
  y: number;
  /** The caller's extra bytes. */
  extra: number;
  work: number;
  workBytes: number;
  /** Offsets inside a work area: θ and the flat gradient (P f64 each). */
  theta: number;
  grad: number;
  P: number;
  bytes: number;
  /** The i32 words of the layer table, written by writeNetJob. */
  table: Int32Array;
}

/**
 * Layout for arch over n samples with `threads` work areas and `extraBytes` for the caller;
 * the work areas hold `batch` samples' activations (the kernel streams the data through
 * them in batches: nn_slice's $batch), all n by default.
 */
export function planNetLayout(arch: Architecture, n: number, threads = 1, extraBytes = 0, batch = n): NetLayout {
  const shapes = layerShapes(arch);
  const L = shapes.length;
  const P = parameterCount(arch);
  const rows = padded(n);
  const workRows = padded(Math.max(1, Math.min(batch, n)));
  const table = new Int32Array((RECORD / 4) * (L + 1));
  let w = 0;
  const take = (bytes: number): number => {
    const at = w;
    w = align16(w + bytes);
    return at;
  };
  for (const s of shapes) {
    const inP = padded(s.fanIn), outP = padded(s.fanOut);
    const r = (RECORD / 4) * (s.index + 1);
    table.set([s.fanIn, s.fanOut, inP, outP, s.weightOffset, s.biasOffset], r);
    table[r + 6] = take(F64 * s.fanIn * outP);
    table[r + 7] = take(F64 * s.fanOut * inP);
    table[r + 8] = take(F64 * outP);
    table[r + 9] = take(F64 * workRows * outP);
    table[r + 10] = take(F64 * workRows * outP);
    table[r + 11] = take(F64 * outP * inP);
    table[r + 12] = take(F64 * outP);
  }
  // The output's δ (rows × 4); each hidden layer's δ is written over its f′.
  table[0] = take(F64 * workRows * 4);
  table[1] = 0;
  const theta = (table[2] = take(F64 * P));
  const grad = (table[3] = take(F64 * P));
  table[4] = take(16);
  const workBytes = w;
  const desc = align16(COUNTER + 16);
  const xs = F64 * padded(arch.inputs);
  const x = align16(desc + table.byteLength);
  const y = align16(x + rows * xs);
  const extra = align16(y + F64 * rows);
  const work = align16(extra + extraBytes);
  return { desc, layers: L, n, rows, x, xs, y, extra, work, workBytes, theta, grad, P, bytes: work + threads * workBytes, table };
}

/** Writes the layer table and the samples into a fresh memory laid out by `layout`. */
export function writeNetJob(buffer: SharedArrayBuffer, layout: NetLayout, data: Table): void {
  new Int32Array(buffer, layout.desc, layout.table.length).set(layout.table);
  const d = data.inputs, dP = layout.xs / F64;
  const x = new Float64Array(buffer, layout.x, layout.rows * dP);
  for (let i = 0; i < layout.n; i++) for (let k = 0; k < d; k++) x[i * dP + k] = data.x[i * d + k];
  new Float64Array(buffer, layout.y, layout.n).set(data.y.subarray(0, layout.n));
}

/** Whether the kernel computes this case: a hidden layer (the one-neuron model keeps its reference numbers), labels 0/1, n ≥ 1. */
export function kernelHandles(arch: Architecture, data: Table): boolean {
  if (arch.hidden.length === 0 || sampleCount(data) === 0) return false;
  for (const v of data.y) if (v !== 0 && v !== 1) return false;
  return true;
}

/**
 * Packs layer s's weights from θ into the kernel's two layouts, T for a·Wᵀ (panels of 4 outputs,
 * a × outP entries) and P for δ·W (panels of 4 inputs, o × inP entries), and its bias into B.
 */
export function packLayerWeights(theta: Float64Array, s: LayerShape, T: Float64Array, P: Float64Array, B: Float64Array): void {
  const { fanIn: a, fanOut: o, weightOffset: wo, biasOffset: bo } = s;
  for (let r = 0; r < o; r++) {
    const tBase = 4 * a * (r >> 2) + (r & 3);
    const row = wo + r * a;
    for (let c = 0; c < a; c++) {
      const w = theta[row + c];
      T[tBase + 4 * c] = w;
      P[4 * (o * (c >> 2) + r) + (c & 3)] = w;
    }
  }
  B.set(theta.subarray(bo, bo + o));
}
