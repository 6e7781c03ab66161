// Conv (2-D, NCHW): strides, pads, dilations and groups (depthwise included). Per sample and group
// the input is unfolded into columns (im2col), so y = W·cols is a matrix product and both adjoints
// are products too: gW += g·colsᵀ, gcols = Wᵀ·g folded back (col2im). Bilinear in (x, W): see bilinear.ts.

import { bilinearKernel } from "../bilinear.js";
import { attrInts, attrNumber, attrString, GraphError, type Kernel, type NodeSpec } from "../op.js";
import { showShape, type Tensor } from "../tensor.js";
import { matmul } from "./gemm.js";

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
}

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

  const geometry = (x: Tensor, w: Tensor): Geometry => {
    if (x.shape.length !== 4 || w.shape.length !== 4) throw new GraphError(`${where}: only 2-D convolutions (4-D input and weight) are supported (got ${showShape(x.shape)} and ${showShape(w.shape)})`);
    const [N, C, H, W] = x.shape;
    const [O, Cg, kh, kw] = w.shape;
    if (C % groups !== 0 || O % groups !== 0 || Cg * groups !== C) throw new GraphError(`${where}: input ${showShape(x.shape)} and weight ${showShape(w.shape)} do not match group=${groups}`);
    const Ho = Math.floor((H + pt + pb - dh * (kh - 1) - 1) / sh) + 1;
    const Wo = Math.floor((W + pl + pr - dw * (kw - 1) - 1) / sw) + 1;
    if (Ho < 1 || Wo < 1) throw new GraphError(`${where}: kernel larger than the padded input ${showShape(x.shape)}`);
    return { N, C, H, W, O, kh, kw, Ho, Wo, groups, Cg, Og: O / groups };
  };

  /** Columns [Cg·kh·kw × Ho·Wo] of sample s, group g (zero where the window leaves the input). */
  const im2col = (x: Float64Array, G: Geometry, s: number, g: number, cols: Float64Array): void => {
    const L = G.Ho * G.Wo;
    let r = 0;
    for (let c = 0; c < G.Cg; c++) {
      const base = (s * G.C + g * G.Cg + c) * G.H * G.W;
      for (let ky = 0; ky < G.kh; ky++) {
        for (let kx = 0; kx < G.kw; kx++, r++) {
          const row = r * L;
          for (let oy = 0; oy < G.Ho; oy++) {
            const iy = oy * sh - pt + ky * dh;
            for (let ox = 0; ox < G.Wo; ox++) {
              const ix = ox * sw - pl + kx * dw;
              cols[row + oy * G.Wo + ox] = iy >= 0 && iy < G.H && ix >= 0 && ix < G.W ? x[base + iy * G.W + ix] : 0;
            }
          }
        }
      }
    }
  };

  const col2im = (cols: Float64Array, G: Geometry, s: number, g: number, gx: Float64Array): void => {
    const L = G.Ho * G.Wo;
    let r = 0;
    for (let c = 0; c < G.Cg; c++) {
      const base = (s * G.C + g * G.Cg + c) * G.H * G.W;
      for (let ky = 0; ky < G.kh; ky++) {
        for (let kx = 0; kx < G.kw; kx++, r++) {
          const row = r * L;
          for (let oy = 0; oy < G.Ho; oy++) {
            const iy = oy * sh - pt + ky * dh;
            if (iy < 0 || iy >= G.H) continue;
            for (let ox = 0; ox < G.Wo; ox++) {
              const ix = ox * sw - pl + kx * dw;
              if (ix >= 0 && ix < G.W) gx[base + iy * G.W + ix] += cols[row + oy * G.Wo + ox];
            }
          }
        }
      }
    }
  };

  return bilinearKernel({
    product: (x, w) => {
      const G = geometry(x, w);
      const L = G.Ho * G.Wo;
      const K = G.Cg * G.kh * G.kw;
      const out = new Float64Array(G.N * G.O * L);
      const cols = new Float64Array(K * L);
      for (let s = 0; s < G.N; s++) {
        for (let g = 0; g < G.groups; g++) {
          im2col(x.data, G, s, g, cols);
          matmul(w.data.subarray(g * G.Og * K), false, cols, false, G.Og, L, K, out.subarray((s * G.O + g * G.Og) * L));
        }
      }
      return { shape: [G.N, G.O, G.Ho, G.Wo], data: out };
    },
    adjointA: (gy, w, x) => {
      const G = geometry(x, w);
      const L = G.Ho * G.Wo;
      const K = G.Cg * G.kh * G.kw;
      const gx = new Float64Array(x.data.length);
      const cols = new Float64Array(K * L);
      for (let s = 0; s < G.N; s++) {
        for (let g = 0; g < G.groups; g++) {
          cols.fill(0);
          // cols = Wgᵀ (K×Og) · g (Og×L)
          matmul(w.data.subarray(g * G.Og * K), true, gy.data.subarray((s * G.O + g * G.Og) * L), false, K, L, G.Og, cols);
          col2im(cols, G, s, g, gx);
        }
      }
      return { shape: x.shape, data: gx };
    },
    adjointB: (x, gy, w) => {
      const G = geometry(x, w);
      const L = G.Ho * G.Wo;
      const K = G.Cg * G.kh * G.kw;
      const gw = new Float64Array(w.data.length);
      const cols = new Float64Array(K * L);
      for (let s = 0; s < G.N; s++) {
        for (let g = 0; g < G.groups; g++) {
          im2col(x.data, G, s, g, cols);
          // gW_g (Og×K) += g (Og×L) · colsᵀ (L×K)
          matmul(gy.data.subarray((s * G.O + g * G.Og) * L), false, cols, true, G.Og, K, L, gw.subarray(g * G.Og * K));
        }
      }
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
