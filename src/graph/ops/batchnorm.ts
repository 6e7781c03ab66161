// BatchNormalization in inference mode: y = s·(x − μ)·c + b per channel (axis 1), c = 1/√(σ² + ε),
// with the running mean μ and variance σ² as fixed buffers and ε the float32 attribute as stored.
// Bilinear in (x, s) plus b: gx = gy·s·c, gs = Σ gy·(x−μ)·c, gb = Σ gy; the R-ops add the cross terms.
// Each rule is a few passes of two array loops (channelAffine, channelSum), no per-entry callbacks.

import { attrNumber, GraphError, type Kernel, type NodeSpec } from "../op.js";
import { showShape, type Tensor } from "../tensor.js";
import { f64Of } from "../workspace.js";

interface Dims {
  N: number;
  C: number;
  L: number;
}

/** out[k] (+)= a[k]·A[ch] + B[ch] over N×C×L (a or B may be absent). */
function channelAffine(out: Float64Array, a: Float64Array | null, A: Float64Array | null, B: Float64Array | null, { N, C, L }: Dims): void {
  if (L === 1 && a && A && B) {
    // BatchNorm1d on [N, C]: no positions loop (a loop of one per entry costs more than its arithmetic)
    for (let i = 0, k = 0; i < N; i++) for (let ch = 0; ch < C; ch++, k++) out[k] += a[k] * A[ch] + B[ch];
    return;
  }
  if (L === 1 && a && A) {
    for (let i = 0, k = 0; i < N; i++) for (let ch = 0; ch < C; ch++, k++) out[k] += a[k] * A[ch] + 0;
    return;
  }
  let k = 0;
  for (let i = 0; i < N; i++) {
    for (let ch = 0; ch < C; ch++) {
      const u = A ? A[ch] : 0;
      const v = B ? B[ch] : 0;
      if (a) for (let l = 0; l < L; l++, k++) out[k] += a[k] * u + v;
      else for (let l = 0; l < L; l++, k++) out[k] += v;
    }
  }
}

/** Σ over samples and positions of a[k]·b[k] (b absent: of a[k]), per channel. */
function channelSum(a: Float64Array, b: Float64Array | null, { N, C, L }: Dims): Float64Array {
  const out = new Float64Array(C);
  if (L === 1) {
    // each position's sum is one term: out[ch] += 0 + t is out[ch] += t (out never holds −0)
    if (b) for (let i = 0, k = 0; i < N; i++) for (let ch = 0; ch < C; ch++, k++) out[ch] += a[k] * b[k];
    else for (let i = 0, k = 0; i < N; i++) for (let ch = 0; ch < C; ch++, k++) out[ch] += a[k];
    return out;
  }
  let k = 0;
  for (let i = 0; i < N; i++) {
    for (let ch = 0; ch < C; ch++) {
      let acc = 0;
      if (b) for (let l = 0; l < L; l++, k++) acc += a[k] * b[k];
      else for (let l = 0; l < L; l++, k++) acc += a[k];
      out[ch] += acc;
    }
  }
  return out;
}

/** channelSum(g, normalized(x)) without the normalized array: Σ g·((x − μ)·c) per channel, in the same order. */
function normalizedSum(g: Float64Array, x: Float64Array, mu: Float64Array, c: Float64Array, { N, C, L }: Dims): Float64Array {
  const out = new Float64Array(C);
  if (L === 1) {
    for (let i = 0, k = 0; i < N; i++) for (let ch = 0; ch < C; ch++, k++) out[ch] += g[k] * ((x[k] - mu[ch]) * c[ch]);
    return out;
  }
  let k = 0;
  for (let i = 0; i < N; i++) {
    for (let ch = 0; ch < C; ch++) {
      const m = mu[ch], cc = c[ch];
      let acc = 0;
      for (let l = 0; l < L; l++, k++) acc += g[k] * ((x[k] - m) * cc);
      out[ch] += acc;
    }
  }
  return out;
}

/**
 * BatchNorm1d's backward ([N, C], L = 1) in one pass over gy: gx (when wanted, a zero array) as
 * channelAffine(gx, gy, s·c), gs as normalizedSum and gb as channelSum, each the same sums in the
 * same order as those three passes.
 */
function oneRowPass(g: Float64Array, x: Float64Array, mu: Float64Array, c: Float64Array, sc: Float64Array, gx: Float64Array | null, gs: Float64Array, gb: Float64Array, { N, C }: Dims): void {
  for (let i = 0, k = 0; i < N; i++) {
    for (let ch = 0; ch < C; ch++, k++) {
      const v = g[k];
      if (gx) gx[k] += v * sc[ch] + 0;
      gs[ch] += v * ((x[k] - mu[ch]) * c[ch]);
      gb[ch] += v;
    }
  }
}

export function batchNormKernel(n: NodeSpec): Kernel {
  const where = `node ${n.name} (BatchNormalization)`;
  const eps = attrNumber(n, "epsilon", Math.fround(1e-5));
  if (attrNumber(n, "training_mode", 0) !== 0) throw new GraphError(`${where}: training_mode=1 is not supported (export an eval() model)`);
  const geom = (x: Tensor, s: Tensor): Dims => {
    if (x.shape.length < 2) throw new GraphError(`${where}: input ${showShape(x.shape)} has no channel axis`);
    const C = x.shape[1];
    if (s.data.length !== C) throw new GraphError(`${where}: ${s.data.length} scales for ${C} channels`);
    return { N: x.shape[0], C, L: x.shape.slice(2).reduce((a, b) => a * b, 1) };
  };
  const invStd = (v: Tensor): Float64Array => v.data.map((s2) => 1 / Math.sqrt(s2 + eps));
  /** x̂ = (x − μ)·c, the normalized input. */
  const normalized = (x: Tensor, m: Tensor, c: Float64Array, d: Dims): Float64Array => {
    const out = new Float64Array(x.data.length);
    let k = 0;
    for (let i = 0; i < d.N; i++) {
      for (let ch = 0; ch < d.C; ch++) {
        const mu = m.data[ch], cc = c[ch];
        for (let l = 0; l < d.L; l++, k++) out[k] = (x.data[k] - mu) * cc;
      }
    }
    return out;
  };
  const times = (a: Float64Array, b: Float64Array): Float64Array => a.map((v, i) => v * b[i]);
  const fresh = (x: Tensor): Float64Array => new Float64Array(x.data.length);
  return {
    forward: ([x, s, b, m, v], ws) => {
      const d = geom(x, s);
      const c = invStd(v);
      const y = f64Of(ws, x.data.length, true);
      // channelAffine(y, normalized(x), s, b) in one pass: y = 0 + ((x − μ)·c·s + b)
      const xd = x.data, sd = s.data, bd = b.data, md = m.data;
      if (d.L === 1) {
        for (let i = 0, k = 0; i < d.N; i++) for (let ch = 0; ch < d.C; ch++, k++) y[k] = 0 + (((xd[k] - md[ch]) * c[ch]) * sd[ch] + bd[ch]);
        return { y: { shape: x.shape, data: y } };
      }
      let k = 0;
      for (let i = 0; i < d.N; i++) {
        for (let ch = 0; ch < d.C; ch++) {
          const mu = md[ch], cc = c[ch], u = sd[ch], w = bd[ch];
          for (let l = 0; l < d.L; l++, k++) y[k] = 0 + (((xd[k] - mu) * cc) * u + w);
        }
      }
      return { y: { shape: x.shape, data: y } };
    },
    backward: ([x, s, , m, v], _f, gy, want, ws) => {
      const d = geom(x, s);
      const c = invStd(v);
      const gx = want[0] ? f64Of(ws, x.data.length) : null;
      const gs = want[1] ? new Float64Array(d.C) : null;
      const gb = want[2] ? new Float64Array(d.C) : null;
      if (d.L === 1 && gs && gb) oneRowPass(gy.data, x.data, m.data, c, times(s.data, c), gx, gs, gb, d);
      else {
        if (gx) channelAffine(gx, gy.data, times(s.data, c), null, d);
        if (gs) gs.set(normalizedSum(gy.data, x.data, m.data, c, d));
        if (gb) gb.set(channelSum(gy.data, null, d));
      }
      return [gx ? { shape: x.shape, data: gx } : null, gs ? { shape: s.shape, data: gs } : null, gb ? { shape: s.shape, data: gb } : null, null, null];
    },
    rforward: ([x, s, , m, v], [rx, rs, rb]) => {
      if (!rx && !rs && !rb) return null;
      const d = geom(x, s);
      const c = invStd(v);
      const out = fresh(x);
      if (rs) channelAffine(out, normalized(x, m, c, d), rs.data, null, d);
      if (rx) channelAffine(out, rx.data, times(s.data, c), null, d);
      if (rb) channelAffine(out, null, null, rb.data, d);
      return { shape: x.shape, data: out };
    },
    rbackward: ([x, s, , m, v], [rx, rs], _f, gy, rgy, want) => {
      const d = geom(x, s);
      const c = invStd(v);
      let rgx: Tensor | null = null;
      if (want[0]) {
        const out = fresh(x);
        if (rgy) channelAffine(out, rgy.data, times(s.data, c), null, d);
        if (rs) channelAffine(out, gy.data, times(rs.data, c), null, d);
        rgx = { shape: x.shape, data: out };
      }
      let rgs: Tensor | null = null;
      if (want[1]) {
        const out = rgy ? channelSum(rgy.data, normalized(x, m, c, d), d) : new Float64Array(d.C);
        if (rx) {
          const cross = channelSum(gy.data, rx.data, d);
          for (let ch = 0; ch < d.C; ch++) out[ch] += cross[ch] * c[ch];
        }
        rgs = { shape: s.shape, data: out };
      }
      return [rgx, rgs, want[2] ? { shape: s.shape, data: rgy ? channelSum(rgy.data, null, d) : new Float64Array(d.C) } : null, null, null];
    },
  };
}

/** Inputs 3 and 4 (running mean and variance) are buffers, never parameters. */
export const BATCHNORM_BUFFER_INPUTS = [3, 4];
