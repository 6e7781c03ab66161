// Conv (2-D, NCHW): strides, pads, dilations and groups (depthwise included). The input is unfolded
// into rows (im2col, one row of Cg·kh·kw window entries per output position), so y = cols·Wᵀ is
// a matrix product and both adjoints are products too: gWᵀ += colsᵀ·g, gcols = g·W folded back
// (col2im). Bilinear in (x, W): see bilinear.ts.
// The products run on the WebAssembly kernel (gemm-arena.ts) over chunks of samples at once, in
// the sample-major layout (row (s, l) per output position), so the weight operand is the small,
// cache-resident one and im2col writes each sample's rows as one contiguous block. im2col and
// col2im read one index map (window entry → input offset), so they cannot disagree.

import { bilinearKernel } from "../bilinear.js";
import { CHUNK_DOUBLES, gemmArena, pad4, type GemmArena } from "../gemm-arena.js";
import { attrInts, attrNumber, attrString, GraphError, type Kernel, type NodeSpec } from "../op.js";
import { showShape, type Tensor } from "../tensor.js";
import { f64Of, type Workspace } from "../workspace.js";

interface Geometry {
  N: number;
  C: number;
  H: number;
  W: number;
  O: number;
  kh: number;
  kw: number;
  Ho: number;
  Wo: number;
  groups: number;
  Cg: number;
  Og: number;
  /** Window entries per output position (Cg·kh·kw) and output positions (Ho·Wo). */
  K: number;
  L: number;
  /** index[l·K + k]: 1 + the input offset (within one sample's group of channels) that entry k of window l reads, 0 in the padding. */
  index: Int32Array;
  /** mask[l·K + k]: −1 (all bits) where the entry reads the input, 0 in the padding. */
  mask: Int32Array;
}

/** Samples per chunk, so a chunk's operands fit CHUNK_DOUBLES (at least one sample). */
const chunkOf = (G: Geometry): number => Math.max(1, Math.floor((CHUNK_DOUBLES - 8 * pad4(G.K) * pad4(G.Og)) / (2 * G.L * (pad4(G.K) + pad4(G.Og)) + 64)));

export function convKernel(n: NodeSpec): Kernel {
  const where = `node ${n.name} (Conv)`;
  const autoPad = attrString(n, "auto_pad", "NOTSET");
  if (autoPad !== "NOTSET") throw new GraphError(`${where}: auto_pad=${autoPad} is not supported (explicit pads only)`);
  const groups = attrNumber(n, "group", 1);
  const strides = attrInts(n, "strides", [1, 1])!;
  const dil = attrInts(n, "dilations", [1, 1])!;
  const pads = attrInts(n, "pads", [0, 0, 0, 0])!;
  if (strides.length !== 2 || dil.length !== 2 || pads.length !== 4) throw new GraphError(`${where}: only 2-D convolutions are supported`);
  const [sh, sw] = strides;
  const [dh, dw] = dil;
  const [pt, pl, pb, pr] = pads;
  let arena: GemmArena | null = null;
  const mem = (): GemmArena => (arena ??= gemmArena(`the convolution at ${where}`));
  // the last geometry, kept with the kernel: a graph's Conv sees the same shapes call after call
  let last: Geometry | null = null;

  const geometry = (x: Tensor, w: Tensor): Geometry => {
    if (x.shape.length !== 4 || w.shape.length !== 4) throw new GraphError(`${where}: only 2-D convolutions (4-D input and weight) are supported (got ${showShape(x.shape)} and ${showShape(w.shape)})`);
    const [N, C, H, W] = x.shape;
    const [O, Cg, kh, kw] = w.shape;
    if (last && last.N === N && last.C === C && last.H === H && last.W === W && last.O === O && last.Cg === Cg && last.kh === kh && last.kw === kw) return last;
    if (C % groups !== 0 || O % groups !== 0 || Cg * groups !== C) throw new GraphError(`${where}: input ${showShape(x.shape)} and weight ${showShape(w.shape)} do not match group=${groups}`);
    const Ho = Math.floor((H + pt + pb - dh * (kh - 1) - 1) / sh) + 1;
    const Wo = Math.floor((W + pl + pr - dw * (kw - 1) - 1) / sw) + 1;
    if (Ho < 1 || Wo < 1) throw new GraphError(`${where}: kernel larger than the padded input ${showShape(x.shape)}`);
    const K = Cg * kh * kw;
    const L = Ho * Wo;
    const index = new Int32Array(K * L);
    const mask = new Int32Array(K * L);
    let k = 0;
    for (let c = 0; c < Cg; c++) {
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++, k++) {
          for (let oy = 0; oy < Ho; oy++) {
            const iy = oy * sh - pt + ky * dh;
            for (let ox = 0; ox < Wo; ox++) {
              const ix = ox * sw - pl + kx * dw;
              const inside = iy >= 0 && iy < H && ix >= 0 && ix < W;
              index[(oy * Wo + ox) * K + k] = inside ? 1 + (c * H + iy) * W + ix : 0;
              mask[(oy * Wo + ox) * K + k] = inside ? -1 : 0;
            }
          }
        }
      }
    }
    return (last = { N, C, H, W, O, kh, kw, Ho, Wo, groups, Cg, Og: O / groups, K, L, index, mask });
  };

  /**
   * Rows of samples [s0, s1), group g, at m[at] (row (s − s0)·L + l of K entries), then zero rows
   * up to Rp. xs is the input shifted by one with xs[0] = 0: a padding entry reads that zero
   * through its mask (integer arithmetic, no branch per entry).
   */
  const im2col = (xs: Float64Array, G: Geometry, s0: number, s1: number, g: number, m: Float64Array, at: number, Rp: number): void => {
    const { K, L, index, mask } = G;
    const HW = G.H * G.W;
    const KL = K * L;
    let o = at;
    for (let s = s0; s < s1; s++) {
      const base = (s * G.C + g * G.Cg) * HW;
      for (let j = 0; j < KL; j++, o++) m[o] = xs[(base & mask[j]) + index[j]];
    }
    m.fill(0, o, at + Rp * K);
  };

  /**
   * gxs += rows of samples [s0, s1), group g (row r = (s − s0)·L + l at m[at + r·ks], entries
   * k < K), folded back into the input shifted by one (padding entries land in gxs[0], unused).
   * Each input entry receives its terms in the order window entry k, then position l.
   */
  const col2im = (m: Float64Array, at: number, ks: number, G: Geometry, s0: number, s1: number, g: number, gxs: Float64Array): void => {
    const { K, L, index, mask } = G;
    const HW = G.H * G.W;
    for (let s = s0; s < s1; s++) {
      const base = (s * G.C + g * G.Cg) * HW;
      const rows = at + (s - s0) * L * ks;
      for (let k = 0; k < K; k++) {
        for (let l = 0, j = k, o = rows + k; l < L; l++, j += K, o += ks) gxs[(base & mask[j]) + index[j]] += m[o];
      }
    }
  };

  /**
   * Between NCHW t (group g's channels, samples [s0, s1)) and the sample-major block at m[at]
   * (row (s − s0)·L + l, column o < Og, row stride Op): into the block when `toBlock` (its padding
   * rows and columns zeroed; per channel, bias[o] += the sample's sum over positions, biasAdjoint's
   * order), else out of it (plus bias[o], as addBias adds it).
   */
  const channels = (t: Float64Array, G: Geometry, s0: number, s1: number, g: number, m: Float64Array, at: number, Rp: number, Op: number, toBlock: boolean, bias: Float64Array | null): void => {
    const { L, Og } = G;
    if (toBlock) m.fill(0, at, at + Rp * Op);
    for (let s = s0; s < s1; s++) {
      const rows = at + (s - s0) * L * Op;
      for (let o = 0; o < Og; o++) {
        const base = (s * G.O + g * Og + o) * L;
        if (toBlock) {
          let acc = 0;
          for (let l = 0, r = rows + o; l < L; l++, r += Op) acc += m[r] = t[base + l];
          if (bias) bias[g * Og + o] += acc;
        } else if (bias) {
          const v = bias[g * Og + o];
          for (let l = 0, r = rows + o; l < L; l++, r += Op) t[base + l] = m[r] + v;
        } else for (let l = 0, r = rows + o; l < L; l++, r += Op) t[base + l] = m[r];
      }
    }
  };

  /** The input shifted by one, xs[0] = 0 (what im2col reads). */
  const shifted = (x: Float64Array, ws?: Workspace): Float64Array => {
    const xs = f64Of(ws, x.length + 1);
    xs.set(x, 1);
    return xs;
  };

  /** fn for each group g and chunk [s0, s1) of samples (R = (s1 − s0)·L rows, Rp = R padded to 4); endGroup after a group's chunks. */
  const eachChunk = (G: Geometry, fn: (g: number, s0: number, s1: number, Rp: number) => void, endGroup?: (g: number) => void): void => {
    const step = chunkOf(G);
    for (let g = 0; g < G.groups; g++) {
      for (let s0 = 0; s0 < G.N; s0 += step) {
        const s1 = Math.min(G.N, s0 + step);
        fn(g, s0, s1, pad4((s1 - s0) * G.L));
      }
      endGroup?.(g);
    }
  };

  return bilinearKernel({
    product: (x, w, ws) => convolve(x, w, null, ws),
    productWithBias: (x, w, b, ws) => convolve(x, w, b, ws),
    adjoints: (x, w, b, gy, want, ws) => adjoints(geometry(x, w), x, gy, w, want[0], want[1], b !== null && want[2] ? b : null, ws),
    adjointA: (gy, w, x) => adjoints(geometry(x, w), x, gy, w, true, false, null)[0]!,
    adjointB: (x, gy, w) => adjoints(geometry(x, w), x, gy, w, false, true, null)[1]!,
    addBias: (y, b) => {
      const [N, O, Ho, Wo] = y.shape;
      checkBias(b, O);
      const L = Ho * Wo;
      for (let s = 0; s < N; s++) for (let o = 0; o < O; o++) {
        const v = b.data[o];
        const at = (s * O + o) * L;
        for (let k = 0; k < L; k++) y.data[at + k] += v;
      }
    },
    biasAdjoint: (g, b) => {
      const [N, O, Ho, Wo] = g.shape;
      const L = Ho * Wo;
      const out = new Float64Array(O);
      for (let s = 0; s < N; s++) for (let o = 0; o < O; o++) {
        let acc = 0;
        const at = (s * O + o) * L;
        for (let k = 0; k < L; k++) acc += g.data[at + k];
        out[o] += acc;
      }
      return { shape: b.shape, data: out };
    },
  });

  /**
   * The wanted cotangents [gx, gW, gb] from one pass over gy per chunk: gy's block (written once)
   * feeds both products, and the bias's sums ride along in biasAdjoint's order. Each is the
   * number its own rule (adjointA, adjointB, biasAdjoint) gives.
   */
  function adjoints(G: Geometry, x: Tensor, gy: Tensor, w: Tensor, wantX: boolean, wantW: boolean, b: Tensor | null, ws?: Workspace): [Tensor | null, Tensor | null, Tensor | null] {
    const { K, Og } = G;
    const gxs = wantX ? f64Of(ws, G.N * G.C * G.H * G.W + 1) : null;
    const gw = wantW ? new Float64Array(w.data.length) : null;
    const gb = b ? new Float64Array(G.O) : null;
    const Op = pad4(Og);
    const Kp = pad4(K);
    const A = mem();
    const xs = wantW ? shifted(x.data, ws) : null;
    // gWgᵀ (Kp × Op) at 0, summed over the chunks in order (the first chunk is the largest, so
    // the arena does not grow under the sum); Wg (Og × Kp, zero columns past K); gy's block
    // (Rp × Op); cols (Rp × K, read transposed: rows K…Kp − 1 of that product read past a row
    // and are dropped) and 4 doubles of slack; gy·Wg (Rp × Kp)
    const wAt = Kp * Op;
    const gAt = wAt + Og * Kp;
    eachChunk(
      G,
      (g, s0, s1, Rp) => {
        const colsAt = gAt + Rp * Op;
        const cAt = colsAt + Rp * K + 4;
        const m = A.view(cAt + Rp * Kp);
        channels(gy.data, G, s0, s1, g, m, gAt, Rp, Op, true, gb);
        if (xs) {
          im2col(xs, G, s0, s1, g, m, colsAt, Rp);
          m.fill(0, cAt - 4, cAt);
          A.mm(colsAt, 1, K, Rp, gAt, Op, Kp, Op, 0, Op, s0 === 0 ? 2 : 3);
        }
        if (gxs) {
          for (let o = 0; o < Og; o++) {
            m.set(w.data.subarray((g * Og + o) * K, (g * Og + o + 1) * K), wAt + o * Kp);
            m.fill(0, wAt + o * Kp + K, wAt + (o + 1) * Kp);
          }
          A.mm(gAt, Op, 1, Og, wAt, Kp, Rp, Kp, cAt, Kp, 2);
          col2im(m, cAt, Kp, G, s0, s1, g, gxs);
        }
      },
      (g) => {
        if (!gw) return;
        const m = A.view(Kp * Op);
        for (let o = 0; o < Og; o++) for (let k = 0; k < K; k++) gw[(g * Og + o) * K + k] = m[k * Op + o];
      },
    );
    return [gxs ? { shape: [G.N, G.C, G.H, G.W], data: gxs.subarray(1) } : null, gw ? { shape: w.shape, data: gw } : null, gb && b ? { shape: b.shape, data: gb } : null];
  }

  function checkBias(b: Tensor, O: number): void {
    if (b.data.length !== O) throw new GraphError(`${where}: bias ${showShape(b.shape)} does not match ${O} output channels`);
  }

  /** Wg·cols per group and chunk, plus the bias (when given) as the block is written out: product, then addBias, in one pass. */
  function convolve(x: Tensor, w: Tensor, b: Tensor | null, ws?: Workspace): Tensor {
    const G = geometry(x, w);
    if (b) checkBias(b, G.O);
    const { K, Og } = G;
    const out = f64Of(ws, G.N * G.O * G.L);
    const Op = pad4(Og);
    const A = mem();
    const xs = shifted(x.data, ws);
    eachChunk(G, (g, s0, s1, Rp) => {
      // Wgᵀ (K × Op, zero columns past Og) at 0, cols (Rp × K) after it, cols·Wgᵀ (Rp × Op) last
      const colsAt = K * Op;
      const outAt = colsAt + Rp * K;
      const m = A.view(outAt + Rp * Op);
      m.fill(0, 0, colsAt);
      for (let o = 0; o < Og; o++) for (let k = 0, src = (g * Og + o) * K; k < K; k++) m[k * Op + o] = w.data[src + k];
      im2col(xs, G, s0, s1, g, m, colsAt, Rp);
      A.mm(colsAt, K, 1, K, 0, Op, Rp, Op, outAt, Op, 2);
      channels(out, G, s0, s1, g, m, outAt, Rp, Op, false, b ? b.data : null);
    });
    return { shape: [G.N, G.O, G.Ho, G.Wo], data: out };
  }
}
