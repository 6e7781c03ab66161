// Conv (2-D, NCHW): strides, pads, dilations and groups (depthwise included). The input is unfolded
// into columns (im2col), so y = W·cols is a matrix product and both adjoints are products too:
// gW += g·colsᵀ, gcols = Wᵀ·g folded back (col2im). Bilinear in (x, W): see bilinear.ts.
// The products run on the WebAssembly kernel (gemm-arena.ts) over chunks of samples at once;
// im2col and col2im read one index map (window entry → input offset), so they cannot disagree.

import { bilinearKernel } from "../bilinear.js";
import { CHUNK_DOUBLES, gemmArena, pad4, type GemmArena } from "../gemm-arena.js";
import { attrInts, attrNumber, attrString, GraphError, type Kernel, type NodeSpec } from "../op.js";
import { showShape, type Tensor } from "../tensor.js";

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
  /** index[k·L + l]: the input offset (within one sample's group of channels) that entry k of window l reads, −1 in the padding. */
  index: Int32Array;
}

/** Samples per chunk, so a chunk's operands fit CHUNK_DOUBLES (at least one sample). */
const chunkOf = (G: Geometry): number => Math.max(1, Math.floor(CHUNK_DOUBLES / (2 * G.L * (pad4(G.K) + pad4(G.Og)) + 64)));

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

  const geometry = (x: Tensor, w: Tensor): Geometry => {
    if (x.shape.length !== 4 || w.shape.length !== 4) throw new GraphError(`${where}: only 2-D convolutions (4-D input and weight) are supported (got ${showShape(x.shape)} and ${showShape(w.shape)})`);
    const [N, C, H, W] = x.shape;
    const [O, Cg, kh, kw] = w.shape;
    if (C % groups !== 0 || O % groups !== 0 || Cg * groups !== C) throw new GraphError(`${where}: input ${showShape(x.shape)} and weight ${showShape(w.shape)} do not match group=${groups}`);
    const Ho = Math.floor((H + pt + pb - dh * (kh - 1) - 1) / sh) + 1;
    const Wo = Math.floor((W + pl + pr - dw * (kw - 1) - 1) / sw) + 1;
    if (Ho < 1 || Wo < 1) throw new GraphError(`${where}: kernel larger than the padded input ${showShape(x.shape)}`);
    const K = Cg * kh * kw;
    const L = Ho * Wo;
    const index = new Int32Array(K * L);
    let r = 0;
    for (let c = 0; c < Cg; c++) {
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++, r++) {
          for (let oy = 0; oy < Ho; oy++) {
            const iy = oy * sh - pt + ky * dh;
            for (let ox = 0; ox < Wo; ox++) {
              const ix = ox * sw - pl + kx * dw;
              index[r * L + oy * Wo + ox] = iy >= 0 && iy < H && ix >= 0 && ix < W ? (c * H + iy) * W + ix : -1;
            }
          }
        }
      }
    }
    return { N, C, H, W, O, kh, kw, Ho, Wo, groups, Cg, Og: O / groups, K, L, index };
  };

  /** Columns of samples [s0, s1), group g, into cols (K rows of stride Rp; entry (k, (s − s0)·L + l)). */
  const im2col = (x: Float64Array, G: Geometry, s0: number, s1: number, g: number, cols: Float64Array, at: number, Rp: number): void => {
    const { K, L, index } = G;
    const HW = G.H * G.W;
    for (let k = 0; k < K; k++) {
      const row = at + k * Rp;
      let o = row;
      for (let s = s0; s < s1; s++) {
        const base = (s * G.C + g * G.Cg) * HW;
        for (let l = 0; l < L; l++) {
          const i = index[k * L + l];
          cols[o++] = i >= 0 ? x[base + i] : 0;
        }
      }
      cols.fill(0, o, row + Rp);
    }
  };

  /** gx += columns of samples [s0, s1), group g (cols layout, as im2col writes it), folded back. */
  const col2im = (cols: Float64Array, at: number, Rp: number, G: Geometry, s0: number, s1: number, g: number, gx: Float64Array): void => {
    const { K, L, index } = G;
    const HW = G.H * G.W;
    for (let k = 0; k < K; k++) {
      let o = at + k * Rp;
      for (let s = s0; s < s1; s++) {
        const base = (s * G.C + g * G.Cg) * HW;
        for (let l = 0; l < L; l++, o++) {
          const i = index[k * L + l];
          if (i >= 0) gx[base + i] += cols[o];
        }
      }
    }
  };

  /** Rows (s − s0)·L + l, columns o < Og of an Rp × Op block from gy (channels of group g), zero-padded. */
  const gather = (gy: Float64Array, G: Geometry, s0: number, s1: number, g: number, m: Float64Array, at: number, Rp: number, Op: number): void => {
    const { L, Og } = G;
    m.fill(0, at, at + Rp * Op);
    let r = 0;
    for (let s = s0; s < s1; s++) {
      for (let o = 0; o < Og; o++) {
        const src = (s * G.O + g * Og + o) * L;
        for (let l = 0; l < L; l++) m[at + (r + l) * Op + o] = gy[src + l];
      }
      r += L;
    }
  };

  /** fn for each group g and chunk [s0, s1) of samples (R = (s1 − s0)·L rows, Rp = R padded to 4); endGroup after a group's chunks. */
  const eachChunk = (G: Geometry, fn: (g: number, s0: number, s1: number, R: number, Rp: number) => void, endGroup?: (g: number) => void): void => {
    const step = chunkOf(G);
    for (let g = 0; g < G.groups; g++) {
      for (let s0 = 0; s0 < G.N; s0 += step) {
        const s1 = Math.min(G.N, s0 + step);
        const R = (s1 - s0) * G.L;
        fn(g, s0, s1, R, pad4(R));
      }
      endGroup?.(g);
    }
  };

  /**
   * Between an NCHW tensor t (group g's channels, samples [s0, s1)) and the channel-major block at
   * m[at] (Og rows of Rp: row o holds each sample's L positions in turn): into the block when
   * `toBlock` (its padding zeroed), else out of it. Plain loops: a subarray per run would allocate N·O views.
   */
  const channels = (t: Float64Array, G: Geometry, s0: number, s1: number, g: number, m: Float64Array, at: number, Rp: number, toBlock: boolean): void => {
    const { L, Og } = G;
    for (let o = 0; o < Og; o++) {
      let r = at + o * Rp;
      for (let s = s0; s < s1; s++) {
        const base = (s * G.O + g * Og + o) * L;
        if (toBlock) for (let l = 0; l < L; l++, r++) m[r] = t[base + l];
        else for (let l = 0; l < L; l++, r++) t[base + l] = m[r];
      }
      if (toBlock) m.fill(0, r, at + (o + 1) * Rp);
    }
  };

  return bilinearKernel({
    product: (x, w) => {
      const G = geometry(x, w);
      const { K, Og } = G;
      const out = new Float64Array(G.N * G.O * G.L);
      const Op = pad4(Og);
      const A = mem();
      eachChunk(G, (g, s0, s1, _R, Rp) => {
        // Wg (Op × K, zero rows past Og) at 0, cols (K × Rp) after it, Wg·cols (Op × Rp) last
        const colsAt = Op * K;
        const outAt = colsAt + K * Rp;
        const m = A.view(outAt + Op * Rp);
        m.set(w.data.subarray(g * Og * K, (g + 1) * Og * K), 0);
        m.fill(0, Og * K, colsAt);
        im2col(x.data, G, s0, s1, g, m, colsAt, Rp);
        A.mm(0, K, 1, K, colsAt, Rp, Op, Rp, outAt, Rp, 2);
        channels(out, G, s0, s1, g, m, outAt, Rp, false);
      });
      return { shape: [G.N, G.O, G.Ho, G.Wo], data: out };
    },
    adjointA: (gy, w, x) => {
      const G = geometry(x, w);
      const { K, Og } = G;
      const gx = new Float64Array(x.data.length);
      const Kp = pad4(K);
      const A = mem();
      eachChunk(G, (g, s0, s1, _R, Rp) => {
        // Wg (Og × Kp, zero columns past K) at 0, gy's channels (Og × Rp) after it, Wgᵀ·gy (Kp × Rp) last
        const gAt = Og * Kp;
        const cAt = gAt + Og * Rp;
        const m = A.view(cAt + Kp * Rp);
        for (let o = 0; o < Og; o++) {
          m.set(w.data.subarray((g * Og + o) * K, (g * Og + o + 1) * K), o * Kp);
          m.fill(0, o * Kp + K, (o + 1) * Kp);
        }
        channels(gy.data, G, s0, s1, g, m, gAt, Rp, true);
        A.mm(0, 1, Kp, Og, gAt, Rp, Kp, Rp, cAt, Rp, 2);
        col2im(m, cAt, Rp, G, s0, s1, g, gx);
      });
      return { shape: x.shape, data: gx };
    },
    adjointB: (x, gy, w) => {
      const G = geometry(x, w);
      const { K, Og } = G;
      const gw = new Float64Array(w.data.length);
      const Op = pad4(Og);
      const Kp = pad4(K);
      const A = mem();
      // gWgᵀ (Kp × Op) at 0, summed over the chunks in order (the first chunk is the largest, so
      // the arena does not grow under the sum); cols (Kp × Rp) and gy's block (Rp × Op) after it
      eachChunk(
        G,
        (g, s0, s1, _R, Rp) => {
          const colsAt = Kp * Op;
          const gAt = colsAt + Kp * Rp;
          const m = A.view(gAt + Rp * Op);
          im2col(x.data, G, s0, s1, g, m, colsAt, Rp);
          m.fill(0, colsAt + K * Rp, gAt);
          gather(gy.data, G, s0, s1, g, m, gAt, Rp, Op);
          A.mm(colsAt, Rp, 1, Rp, gAt, Op, Kp, Op, 0, Op, s0 === 0 ? 2 : 3);
        },
        (g) => {
          const m = A.view(Kp * Op);
          for (let o = 0; o < Og; o++) for (let k = 0; k < K; k++) gw[(g * Og + o) * K + k] = m[k * Op + o];
        },
      );
      return { shape: w.shape, data: gw };
    },
    addBias: (y, b) => {
      const [N, O, Ho, Wo] = y.shape;
      if (b.data.length !== O) throw new GraphError(`${where}: bias ${showShape(b.shape)} does not match ${O} output channels`);
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
}
