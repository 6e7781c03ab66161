// MaxPool, AveragePool and GlobalAveragePool over NCHW. Max pooling is piecewise linear: its routing
// (the first maximum of each window, as torch picks it) is fixed at the point, so backward and both
// R-ops reuse it and its second derivative is zero. Average pooling is linear.

import { attrInts, attrNumber, attrString, GraphError, linearKernel, type Kernel, type NodeSpec } from "../op.js";
import { showShape, type Tensor } from "../tensor.js";
import { f64Of, i32Of, type Workspace } from "../workspace.js";

interface Window {
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  pt: number;
  pl: number;
  pb: number;
  pr: number;
  ceil: boolean;
}

function windowOf(n: NodeSpec): Window {
  const where = `node ${n.name} (${n.opType})`;
  const autoPad = attrString(n, "auto_pad", "NOTSET");
  if (autoPad !== "NOTSET") throw new GraphError(`${where}: auto_pad=${autoPad} is not supported (explicit pads only)`);
  const k = attrInts(n, "kernel_shape", null);
  if (!k || k.length !== 2) throw new GraphError(`${where}: only 2-D pooling is supported (kernel_shape ${k ? showShape(k) : "missing"})`);
  const s = attrInts(n, "strides", [1, 1])!;
  const d = attrInts(n, "dilations", [1, 1])!;
  const p = attrInts(n, "pads", [0, 0, 0, 0])!;
  return { kh: k[0], kw: k[1], sh: s[0], sw: s[1], dh: d[0], dw: d[1], pt: p[0], pl: p[1], pb: p[2], pr: p[3], ceil: attrNumber(n, "ceil_mode", 0) !== 0 };
}

function outSize(len: number, k: number, s: number, d: number, p0: number, p1: number, ceil: boolean): number {
  const span = len + p0 + p1 - (d * (k - 1) + 1);
  let o = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  // a last window starting inside the right padding is dropped (torch and ONNX agree)
  if (ceil && (o - 1) * s >= len + p0) o--;
  return o;
}

function geometry(x: Tensor, w: Window, where: string): [number, number, number, number, number, number] {
  if (x.shape.length !== 4) throw new GraphError(`${where}: only 2-D pooling of NCHW input is supported (got ${showShape(x.shape)})`);
  const [N, C, H, W] = x.shape;
  const Ho = outSize(H, w.kh, w.sh, w.dh, w.pt, w.pb, w.ceil);
  const Wo = outSize(W, w.kw, w.sw, w.dw, w.pl, w.pr, w.ceil);
  if (Ho < 1 || Wo < 1) throw new GraphError(`${where}: window larger than the input ${showShape(x.shape)}`);
  return [N, C, H, W, Ho, Wo];
}

function gather(src: Float64Array, route: Int32Array, shape: number[]): Tensor {
  const out = new Float64Array(route.length);
  for (let i = 0; i < route.length; i++) out[i] = src[route[i]];
  return { shape, data: out };
}

function scatter(g: Float64Array, route: Int32Array, shape: number[], size: number, ws?: Workspace): Tensor {
  const out = f64Of(ws, size);
  for (let i = 0; i < route.length; i++) out[route[i]] += g[i];
  return { shape, data: out };
}

export function maxPoolKernel(n: NodeSpec): Kernel {
  const where = `node ${n.name} (MaxPool)`;
  const w = windowOf(n);
  return {
    forward: ([x], ws) => {
      const [N, C, H, W, Ho, Wo] = geometry(x, w, where);
      // window entry j of output position l reads in-plane offset index[l·kk + j] (−1 in the padding)
      const kk = w.kh * w.kw;
      const L = Ho * Wo;
      const index = new Int32Array(L * kk);
      for (let oy = 0, q = 0; oy < Ho; oy++) {
        for (let ox = 0; ox < Wo; ox++) {
          for (let ky = 0; ky < w.kh; ky++) {
            const iy = oy * w.sh - w.pt + ky * w.dh;
            for (let kx = 0; kx < w.kw; kx++, q++) {
              const ix = ox * w.sw - w.pl + kx * w.dw;
              index[q] = iy >= 0 && iy < H && ix >= 0 && ix < W ? iy * W + ix : -1;
            }
          }
        }
      }
      const xd = x.data;
      const route = i32Of(ws, N * C * L);
      const y = f64Of(ws, N * C * L);
      let o = 0;
      for (let nc = 0; nc < N * C; nc++) {
        const base = nc * H * W;
        for (let l = 0; l < L; l++, o++) {
          let best = -Infinity;
          let at = -1;
          for (let j = l * kk, end = j + kk; j < end; j++) {
            const i = index[j];
            if (i < 0) continue;
            const v = xd[base + i];
            // the first maximum, as torch picks it; a NaN wins (and propagates)
            if (at < 0 || v > best || v !== v) (best = v), (at = base + i);
          }
          route[o] = at;
          y[o] = xd[at];
        }
      }
      return { y: { shape: [N, C, Ho, Wo], data: y }, saved: route };
    },
    backward: (x, f, gy, _want, ws) => [scatter(gy.data, f.saved as Int32Array, x[0].shape, x[0].data.length, ws)],
    rforward: (_x, rx, f) => (rx[0] ? gather(rx[0].data, f.saved as Int32Array, f.y.shape) : null),
    rbackward: (x, _rx, f, _gy, rgy) => [rgy ? scatter(rgy.data, f.saved as Int32Array, x[0].shape, x[0].data.length) : null],
  };
}

export function averagePoolKernel(n: NodeSpec): Kernel {
  const where = `node ${n.name} (AveragePool)`;
  const w = windowOf(n);
  const includePad = attrNumber(n, "count_include_pad", 0) !== 0;
  // y = A x; the same loop gives A (scale, then add) and Aᵀ (scale, then scatter)
  const run = (x: Tensor, g: Float64Array | null): Tensor => {
    const [N, C, H, W, Ho, Wo] = geometry(x, w, where);
    const out = new Float64Array(g ? x.data.length : N * C * Ho * Wo);
    let o = 0;
    for (let nc = 0; nc < N * C; nc++) {
      const base = nc * H * W;
      for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox++, o++) {
        let count = 0;
        let padded = 0;
        let acc = 0;
        for (let ky = 0; ky < w.kh; ky++) {
          const iy = oy * w.sh - w.pt + ky * w.dh;
          for (let kx = 0; kx < w.kw; kx++) {
            const ix = ox * w.sw - w.pl + kx * w.dw;
            if (iy < H + w.pb && ix < W + w.pr) padded++;
            if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
            count++;
            if (!g) acc += x.data[base + iy * W + ix];
          }
        }
        const div = includePad ? padded : count;
        if (!g) {
          out[o] = acc / div;
          continue;
        }
        const share = g[o] / div;
        for (let ky = 0; ky < w.kh; ky++) {
          const iy = oy * w.sh - w.pt + ky * w.dh;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < w.kw; kx++) {
            const ix = ox * w.sw - w.pl + kx * w.dw;
            if (ix >= 0 && ix < W) out[base + iy * W + ix] += share;
          }
        }
      }
    }
    return g ? { shape: x.shape, data: out } : { shape: [N, C, Ho, Wo], data: out };
  };
  return linearKernel(
    (x) => run(x, null),
    (gy, x) => run(x, gy.data),
  );
}

export function globalAveragePoolKernel(n: NodeSpec): Kernel {
  const where = `node ${n.name} (GlobalAveragePool)`;
  const dims = (x: Tensor): [number, number] => {
    if (x.shape.length < 3) throw new GraphError(`${where}: input ${showShape(x.shape)} has no spatial dimensions`);
    return [x.shape[0] * x.shape[1], x.shape.slice(2).reduce((a, b) => a * b, 1)];
  };
  return linearKernel(
    (x) => {
      const [NC, L] = dims(x);
      const out = new Float64Array(NC);
      for (let i = 0; i < NC; i++) {
        let acc = 0;
        for (let k = 0; k < L; k++) acc += x.data[i * L + k];
        out[i] = acc / L;
      }
      return { shape: [x.shape[0], x.shape[1], ...x.shape.slice(2).map(() => 1)], data: out };
    },
    (gy, x) => {
      const [NC, L] = dims(x);
      const out = new Float64Array(NC * L);
      for (let i = 0; i < NC; i++) for (let k = 0; k < L; k++) out[i * L + k] = gy.data[i] / L;
      return { shape: x.shape, data: out };
    },
  );
}
