// Conv (2-D, NCHW): strides, pads, dilations and groups (depthwise included). The input is unfolded
// into rows (im2col, one row of Cg·kh·kw window entries per output position), so y = cols·Wᵀ is
// a matrix product and both adjoints are products too: gWᵀ += colsᵀ·g, gcols = g·W folded back
// (col2im). Bilinear in (x, W): see bilinear.ts.
// The products run on the WebAssembly kernel (gemm-arena.ts) over chunks of samples at once, in
// the sample-major layout (row (s, l) per output position), so the weight operand is the small,
// cache-resident one and im2col writes each sample's rows as one contiguous block. im2col and
// col2im read one index map (window entry → input offset), so they cannot disagree.

import { callKernel } from "../../fast/kernel.js";
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
  /**
   * index[l·K + k]: the byte offset 8·(1 + the input offset within one sample's group of channels)
   * that entry k of window l reads, 0 in the padding (the kernel's input block starts with a zero).
   */
  index: Int32Array;
  /** mask[l·K + k]: −1 (all bits) where the entry reads the input, 0 in the padding. */
  mask: Int32Array;
}

/**
 * Samples per chunk, so a chunk's arena (conv's layout below) fits about CONV_BLOCK_DOUBLES, at
 * least one sample: 512 KiB, about one core's L2 cache, so what one step writes (the columns, a
 * block) is still in cache when the next reads it (16 MiB chunks went to memory and back). The
 * weight's gradient sums over the chunks in order, so the chunk size never changes a number.
 */
const CONV_BLOCK_DOUBLES = 1 << 16;
const chunkOf = (G: Geometry): number => {
  const Kp = pad4(G.K), Op = pad4(G.Og);
  const fixed = Kp * Op + G.Og * Kp + G.K * G.L + 3 * (G.K + Op + Kp) + 16;
  const perSample = G.L * (G.K + Op + Kp + G.Og) + 2 * G.Cg * G.H * G.W + G.Og + 2;
  const budget = Math.min(CHUNK_DOUBLES, Math.max(CONV_BLOCK_DOUBLES, 2 * fixed));
  return Math.max(1, Math.floor((budget - fixed) / perSample));
};

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
              index[(oy * Wo + ox) * K + k] = inside ? 8 * (1 + (c * H + iy) * W + ix) : 0;
              mask[(oy * Wo + ox) * K + k] = inside ? -1 : 0;
            }
          }
        }
      }
    }
    return (last = { N, C, H, W, O, kh, kw, Ho, Wo, groups, Cg, Og: O / groups, K, L, index, mask });
  };

  /** Group g's channels of samples [s0, s1) of NCHW t (per sample `per` = channels·positions entries, group blocks of `blk`) to m[at…], back-to-back. */
  const gather = (t: Float64Array, per: number, blk: number, g: number, s0: number, s1: number, m: Float64Array, at: number): void => {
    if (per === blk) m.set(t.subarray(s0 * per, s1 * per), at);
    else for (let s = s0; s < s1; s++) m.set(t.subarray(s * per + g * blk, s * per + (g + 1) * blk), at + (s - s0) * blk);
  };
  /** gather's inverse: m[at…] back into group g's channels of samples [s0, s1) of t. */
  const scatter = (m: Float64Array, at: number, per: number, blk: number, g: number, s0: number, s1: number, t: Float64Array): void => {
    if (per === blk) t.set(m.subarray(at, at + (s1 - s0) * per), s0 * per);
    else for (let s = s0; s < s1; s++) t.set(m.subarray(at + (s - s0) * blk, at + (s - s0 + 1) * blk), s * per + g * blk);
  };
  /** The geometry's index map (two Int32Arrays of L·K) at m[at] (doubles): its byte address. */
  const putMap = (A: GemmArena, G: Geometry, at: number): number => {
    const KL = G.K * G.L;
    const v = A.i32(at, 2 * KL);
    v.set(G.index, 0);
    v.set(G.mask, KL);
    return A.byte(at);
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
    const { K, L, Og, Cg } = G;
    // every (sample, group) block of gx is written once, by its chunk's scatter
    const gx = wantX ? f64Of(ws, G.N * G.C * G.H * G.W, true) : null;
    const gw = wantW ? new Float64Array(w.data.length) : null;
    const gb = b ? new Float64Array(G.O) : null;
    const Op = pad4(Og);
    const Kp = pad4(K);
    const A = mem();
    const HW = G.H * G.W;
    const S = chunkOf(G);
    const RpMax = pad4(S * L);
    // gWgᵀ (Kp × Op) at 0, summed over the chunks in order; Wg (Og × Kp, zero columns past K);
    // gy's block (Rp × Op); cols (Rp × K, read transposed: rows K…Kp − 1 of that product read past
    // a row and are dropped) and 4 doubles of slack; gy·Wg (Rp × Kp); the chunk's input (a zero,
    // then its group's channels), its input gradient likewise, gy's channels, the bias sums
    // per sample and channel, and the index map
    const wAt = Kp * Op;
    const gAt = wAt + Og * Kp;
    const colsAt = gAt + RpMax * Op;
    const cAt = colsAt + RpMax * K + 4;
    const xsAt = cAt + RpMax * Kp;
    const gxAt = xsAt + 1 + S * Cg * HW;
    const tAt = gxAt + 1 + S * Cg * HW;
    const sumsAt = tAt + S * Og * L;
    const mapAt = sumsAt + S * Og;
    const m = A.view(mapAt + K * L);
    const k = A.kernel();
    const map = putMap(A, G, mapAt);
    const msk = map + 4 * K * L;
    eachChunk(
      G,
      (g, s0, s1, Rp) => {
        const n = s1 - s0;
        gather(gy.data, G.O * L, Og * L, g, s0, s1, m, tAt);
        m.fill(0, gAt, gAt + Rp * Op);
        callKernel(k, "conv_to_block", { t: A.byte(tAt), S: n, L, Og, blk: A.byte(gAt), os: 8 * Op, sums: A.byte(sumsAt) });
        if (gb) for (let s = 0; s < n; s++) for (let o = 0; o < Og; o++) gb[g * Og + o] += m[sumsAt + s * Og + o];
        if (gw) {
          m[xsAt] = 0;
          gather(x.data, G.C * HW, Cg * HW, g, s0, s1, m, xsAt + 1);
          callKernel(k, "conv_im2col", { xs: A.byte(xsAt), idx: map, msk, KL: K * L, S: n, base0: 0, sstride: 8 * Cg * HW, out: A.byte(colsAt) });
          m.fill(0, colsAt + n * L * K, cAt);
          A.mm(colsAt, 1, K, Rp, gAt, Op, Kp, Op, 0, Op, s0 === 0 ? 2 : 3);
        }
        if (gx) {
          for (let o = 0; o < Og; o++) {
            m.set(w.data.subarray((g * Og + o) * K, (g * Og + o + 1) * K), wAt + o * Kp);
            m.fill(0, wAt + o * Kp + K, wAt + (o + 1) * Kp);
          }
          A.mm(gAt, Op, 1, Og, wAt, Kp, Rp, Kp, cAt, Kp, 2);
          m.fill(0, gxAt, gxAt + 1 + n * Cg * HW);
          callKernel(k, "conv_col2im", { cols: A.byte(cAt), ks: 8 * Kp, idx: map, msk, K, L, S: n, base0: 0, sstride: 8 * Cg * HW, gxs: A.byte(gxAt) });
          scatter(m, gxAt + 1, G.C * HW, Cg * HW, g, s0, s1, gx);
        }
      },
      (g) => {
        if (gw) for (let o = 0; o < Og; o++) for (let q = 0; q < K; q++) gw[(g * Og + o) * K + q] = m[q * Op + o];
      },
    );
    return [gx ? { shape: [G.N, G.C, G.H, G.W], data: gx } : null, gw ? { shape: w.shape, data: gw } : null, gb && b ? { shape: b.shape, data: gb } : null];
  }

  function checkBias(b: Tensor, O: number): void {
    if (b.data.length !== O) throw new GraphError(`${where}: bias ${showShape(b.shape)} does not match ${O} output channels`);
  }

  /** Wg·cols per group and chunk, plus the bias (when given) as the block is written out: product, then addBias, in one pass. */
  function convolve(x: Tensor, w: Tensor, b: Tensor | null, ws?: Workspace): Tensor {
    const G = geometry(x, w);
    if (b) checkBias(b, G.O);
    const { K, L, Og, Cg } = G;
    const out = f64Of(ws, G.N * G.O * L, true); // every block written once, by its chunk's scatter
    const Op = pad4(Og);
    const A = mem();
    const HW = G.H * G.W;
    const S = chunkOf(G);
    const RpMax = pad4(S * L);
    // Wgᵀ (K × Op, zero columns past Og) at 0, cols (Rp × K) after it, cols·Wgᵀ (Rp × Op), the
    // chunk's input (a zero, then its group's channels), its output channels, the group's bias
    // and the index map
    const colsAt = K * Op;
    const outAt = colsAt + RpMax * K;
    const xsAt = outAt + RpMax * Op;
    const tAt = xsAt + 1 + S * Cg * HW;
    const biasAt = tAt + S * Og * L;
    const mapAt = biasAt + Og;
    const m = A.view(mapAt + K * L);
    const k = A.kernel();
    const map = putMap(A, G, mapAt);
    eachChunk(G, (g, s0, s1, Rp) => {
      const n = s1 - s0;
      m.fill(0, 0, colsAt);
      for (let o = 0; o < Og; o++) for (let q = 0, src = (g * Og + o) * K; q < K; q++) m[q * Op + o] = w.data[src + q];
      if (b) m.set(b.data.subarray(g * Og, (g + 1) * Og), biasAt);
      m[xsAt] = 0;
      gather(x.data, G.C * HW, Cg * HW, g, s0, s1, m, xsAt + 1);
      callKernel(k, "conv_im2col", { xs: A.byte(xsAt), idx: map, msk: map + 4 * K * L, KL: K * L, S: n, base0: 0, sstride: 8 * Cg * HW, out: A.byte(colsAt) });
      m.fill(0, colsAt + n * L * K, colsAt + Rp * K);
      A.mm(colsAt, K, 1, K, 0, Op, Rp, Op, outAt, Op, 2);
      callKernel(k, "conv_from_block", { blk: A.byte(outAt), os: 8 * Op, S: n, L, Og, bias: A.byte(biasAt), hasBias: b ? 1 : 0, t: A.byte(tAt) });
      scatter(m, tAt, G.O * L, Og * L, g, s0, s1, out);
    });
    return { shape: [G.N, G.O, G.Ho, G.Wo], data: out };
  }
}
