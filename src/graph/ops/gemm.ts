// Gemm (Y = alpha·A'·B' + beta·C, A' = Aᵀ when transA, B' likewise; C broadcast to Y) and MatMul
// (A of rank ≥ 2 times a 2-D B, or equal batch dimensions). Both are bilinear: see bilinear.ts.

import { bilinearKernel } from "../bilinear.js";
import { arenaMatmul, gemmArena, WASM_MIN_WORK, type GemmArena } from "../gemm-arena.js";
import { attrNumber, GraphError, type Kernel, type NodeSpec } from "../op.js";
import { showShape, type Tensor } from "../tensor.js";
import { f64Of } from "../workspace.js";
import { broadcastIndex, broadcastShape, unbroadcast } from "./binary.js";

/**
 * out[M×N] (+)= op(X)·op(Y), op(X) = Xᵀ when tX; X stored row-major as M×K (K×M when tX).
 * Loops ordered so the inner one runs over contiguous memory in the common cases.
 */
export function matmul(X: Float64Array, tX: boolean, Y: Float64Array, tY: boolean, M: number, N: number, K: number, out: Float64Array, scale = 1): void {
  for (let i = 0; i < M; i++) {
    const row = i * N;
    for (let k = 0; k < K; k++) {
      const xv = scale * (tX ? X[k * M + i] : X[i * K + k]);
      if (xv === 0) continue;
      if (tY) for (let j = 0; j < N; j++) out[row + j] += xv * Y[j * K + k];
      else {
        const yr = k * N;
        for (let j = 0; j < N; j++) out[row + j] += xv * Y[yr + j];
      }
    }
  }
}

/**
 * matmul's contract; with a row bias b[N] and out all zeros, out = scale·op(X)·op(Y) + b (the
 * product, then the bias's pass over it, in one).
 */
type Product = (X: Float64Array, tX: boolean, Y: Float64Array, tY: boolean, M: number, N: number, K: number, out: Float64Array, scale?: number, bias?: Float64Array | null) => void;

/** A kernel's matmul: large products on its own WebAssembly arena (gemm-arena.ts), small ones in TypeScript. */
function productFor(what: string): Product {
  let arena: GemmArena | null = null;
  return (X, tX, Y, tY, M, N, K, out, scale = 1, bias = null) => {
    if (M * N * K < WASM_MIN_WORK || K === 0) {
      matmul(X, tX, Y, tY, M, N, K, out, scale);
      if (bias) for (let i = 0, k = 0; i < M; i++) for (let j = 0; j < N; j++, k++) out[k] += bias[j];
      return;
    }
    arenaMatmul((arena ??= gemmArena(what)), X, tX, Y, tY, M, N, K, out, scale, bias);
  };
}

export function gemmKernel(n: NodeSpec): Kernel {
  const alpha = attrNumber(n, "alpha", 1);
  const beta = attrNumber(n, "beta", 1);
  const tA = attrNumber(n, "transA", 0) !== 0;
  const tB = attrNumber(n, "transB", 0) !== 0;
  const where = `node ${n.name} (Gemm)`;
  const mm = productFor(`the product at ${where}`);
  const dims = (a: Tensor, b: Tensor): [number, number, number] => {
    if (a.shape.length !== 2 || b.shape.length !== 2) throw new GraphError(`${where}: inputs must be 2-D (got ${showShape(a.shape)} and ${showShape(b.shape)})`);
    const [M, K] = tA ? [a.shape[1], a.shape[0]] : a.shape;
    const [K2, N] = tB ? [b.shape[1], b.shape[0]] : b.shape;
    if (K !== K2) throw new GraphError(`${where}: A ${showShape(a.shape)} and B ${showShape(b.shape)} do not multiply (transA=${+tA}, transB=${+tB})`);
    return [M, N, K];
  };
  const addBias = (y: Tensor, c: Tensor): void => {
    const shape = broadcastShape(c.shape, y.shape, where);
    if (shape.length !== y.shape.length || shape.some((d, i) => d !== y.shape[i])) throw new GraphError(`${where}: C ${showShape(c.shape)} does not broadcast to ${showShape(y.shape)}`);
    const yd = y.data, cd = c.data;
    if (rowBias(c, y)) {
      // C of shape [N] or [1, N] (nn.Linear's bias): the broadcast index of entry (i, j) is j
      const N = y.shape[1];
      for (let i = 0, k = 0; i < y.shape[0]; i++) for (let j = 0; j < N; j++, k++) yd[k] += beta * cd[j];
      return;
    }
    const idx = broadcastIndex(c.shape, y.shape);
    for (let k = 0; k < yd.length; k++) yd[k] += beta * cd[idx[k]];
  };
  return bilinearKernel({
    product: (a, b, ws) => {
      const [M, N, K] = dims(a, b);
      const out = f64Of(ws, M * N);
      mm(a.data, tA, b.data, tB, M, N, K, out, alpha);
      return { shape: [M, N], data: out };
    },
    productWithBias: (a, b, c, ws) => {
      const [M, N, K] = dims(a, b);
      const fused = rowBias(c, { shape: [M, N], data: c.data }) && M * N * K >= WASM_MIN_WORK && K > 0;
      // the arena's fused row bias writes every entry, so its array need not be zeroed first
      const y = { shape: [M, N], data: f64Of(ws, M * N, fused) };
      if (!rowBias(c, y)) {
        mm(a.data, tA, b.data, tB, M, N, K, y.data, alpha);
        addBias(y, c);
        return y;
      }
      // addBias's row-bias pass adds beta·c[j] to entry (i, j) of the product
      const bc = new Float64Array(N);
      for (let j = 0; j < N; j++) bc[j] = beta * c.data[j];
      mm(a.data, tA, b.data, tB, M, N, K, y.data, alpha, bc);
      return y;
    },
    adjointA: (g, b, a, ws) => {
      const [M, N, K] = dims(a, b);
      const out = f64Of(ws, M * K);
      // A' = op(A): gA' = alpha·g·B'ᵀ (M×K); stored transposed when transA
      if (!tA) mm(g.data, false, b.data, !tB, M, K, N, out, alpha);
      else mm(b.data, tB, g.data, true, K, M, N, out, alpha);
      return { shape: a.shape, data: out };
    },
    adjointB: (a, g, b) => {
      const [M, N, K] = dims(a, b);
      const out = new Float64Array(K * N);
      if (!tB) mm(a.data, !tA, g.data, false, K, N, M, out, alpha);
      else mm(g.data, true, a.data, tA, N, K, M, out, alpha);
      return { shape: b.shape, data: out };
    },
    addBias,
    biasAdjoint: (g, c) => {
      let t: Tensor;
      if (rowBias(c, g)) {
        // unbroadcast's sum, in its order (row by row)
        const N = g.shape[1];
        const out = new Float64Array(N);
        const gd = g.data;
        for (let i = 0, k = 0; i < g.shape[0]; i++) for (let j = 0; j < N; j++, k++) out[j] += gd[k];
        t = { shape: c.shape, data: out };
      } else t = unbroadcast(g.data, broadcastIndex(c.shape, g.shape), c.shape);
      if (beta !== 1) for (let i = 0; i < t.data.length; i++) t.data[i] *= beta;
      return t;
    },
  });
}

/** Whether C (of a Gemm with output y [M, N]) is a row vector broadcast down the rows: shape [N] or [1, N]. */
function rowBias(c: Tensor, y: Tensor): boolean {
  const N = y.shape[1];
  return (c.shape.length === 1 && c.shape[0] === N) || (c.shape.length === 2 && c.shape[0] === 1 && c.shape[1] === N);
}

/** MatMul: [..., M, K] × [K, N], or [..., M, K] × [..., K, N] with the same leading dimensions. */
export function matmulKernel(n: NodeSpec): Kernel {
  const where = `node ${n.name} (MatMul)`;
  const mm = productFor(`the product at ${where}`);
  const dims = (a: Tensor, b: Tensor): { batch: number; shared: boolean; M: number; N: number; K: number; shape: number[] } => {
    const ra = a.shape.length;
    const rb = b.shape.length;
    if (ra < 2 || rb < 2) throw new GraphError(`${where}: 1-D operands are not supported (got ${showShape(a.shape)} and ${showShape(b.shape)})`);
    const K = a.shape[ra - 1];
    const M = a.shape[ra - 2];
    const N = b.shape[rb - 1];
    if (b.shape[rb - 2] !== K) throw new GraphError(`${where}: ${showShape(a.shape)} and ${showShape(b.shape)} do not multiply`);
    const lead = a.shape.slice(0, ra - 2);
    if (rb === 2) return { batch: 1, shared: true, M: lead.reduce((x, y) => x * y, 1) * M, N, K, shape: [...lead, M, N] };
    const leadB = b.shape.slice(0, rb - 2);
    if (leadB.length !== lead.length || leadB.some((d, i) => d !== lead[i])) throw new GraphError(`${where}: batch dimensions ${showShape(a.shape)} and ${showShape(b.shape)} differ (broadcast batches are not supported)`);
    return { batch: lead.reduce((x, y) => x * y, 1), shared: false, M, N, K, shape: [...lead, M, N] };
  };
  return bilinearKernel({
    product: (a, b, ws) => {
      const d = dims(a, b);
      const out = f64Of(ws, d.batch * d.M * d.N);
      for (let s = 0; s < d.batch; s++) {
        mm(a.data.subarray(s * d.M * d.K), false, d.shared ? b.data : b.data.subarray(s * d.K * d.N), false, d.M, d.N, d.K, out.subarray(s * d.M * d.N));
      }
      return { shape: d.shape, data: out };
    },
    adjointA: (g, b, a, ws) => {
      const d = dims(a, b);
      const out = f64Of(ws, a.data.length);
      for (let s = 0; s < d.batch; s++) {
        mm(g.data.subarray(s * d.M * d.N), false, d.shared ? b.data : b.data.subarray(s * d.K * d.N), true, d.M, d.K, d.N, out.subarray(s * d.M * d.K));
      }
      return { shape: a.shape, data: out };
    },
    adjointB: (a, g, b) => {
      const d = dims(a, b);
      const out = new Float64Array(b.data.length);
      for (let s = 0; s < d.batch; s++) {
        const o = d.shared ? out : out.subarray(s * d.K * d.N);
        mm(a.data.subarray(s * d.M * d.K), true, g.data.subarray(s * d.M * d.N), false, d.K, d.N, d.M, o);
      }
      return { shape: b.shape, data: out };
    },
  });
}
