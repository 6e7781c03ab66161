// BatchNormalization in inference mode: y = s·(x − μ)·c + b per channel (axis 1), c = 1/√(σ² + ε),
// with the running mean μ and variance σ² as fixed buffers and ε the float32 attribute as stored.
// Bilinear in (x, s) plus b: gx = gy·s·c, gs = Σ gy·(x−μ)·c, gb = Σ gy; the R-ops add the cross terms.

import { attrNumber, GraphError, type Kernel, type NodeSpec } from "../op.js";
import { showShape, type Tensor } from "../tensor.js";

export function batchNormKernel(n: NodeSpec): Kernel {
  const where = `node ${n.name} (BatchNormalization)`;
  const eps = attrNumber(n, "epsilon", Math.fround(1e-5));
  if (attrNumber(n, "training_mode", 0) !== 0) throw new GraphError(`${where}: training_mode=1 is not supported (export an eval() model)`);
  const geom = (x: Tensor, s: Tensor): { N: number; C: number; L: number } => {
    if (x.shape.length < 2) throw new GraphError(`${where}: input ${showShape(x.shape)} has no channel axis`);
    const C = x.shape[1];
    if (s.data.length !== C) throw new GraphError(`${where}: ${s.data.length} scales for ${C} channels`);
    return { N: x.shape[0], C, L: x.shape.slice(2).reduce((a, b) => a * b, 1) };
  };
  const invStd = (v: Tensor): Float64Array => v.data.map((s2) => 1 / Math.sqrt(s2 + eps));
  /** Visit every element with its channel. */
  const each = (x: Tensor, s: Tensor, fn: (k: number, ch: number) => void): void => {
    const { N, C, L } = geom(x, s);
    let k = 0;
    for (let i = 0; i < N; i++) for (let ch = 0; ch < C; ch++) for (let l = 0; l < L; l++, k++) fn(k, ch);
  };
  const perChannel = (x: Tensor, s: Tensor, term: (k: number, ch: number) => number): Tensor => {
    const out = new Float64Array(s.data.length);
    each(x, s, (k, ch) => (out[ch] += term(k, ch)));
    return { shape: s.shape, data: out };
  };
  const elementwise = (x: Tensor, s: Tensor, term: (k: number, ch: number) => number): Tensor => {
    const out = new Float64Array(x.data.length);
    each(x, s, (k, ch) => (out[k] = term(k, ch)));
    return { shape: x.shape, data: out };
  };
  return {
    forward: ([x, s, b, m, v]) => {
      const c = invStd(v);
      return { y: elementwise(x, s, (k, ch) => (x.data[k] - m.data[ch]) * c[ch] * s.data[ch] + b.data[ch]) };
    },
    backward: ([x, s, , m, v], _f, gy, want) => {
      const c = invStd(v);
      return [
        want[0] ? elementwise(x, s, (k, ch) => gy.data[k] * s.data[ch] * c[ch]) : null,
        want[1] ? perChannel(x, s, (k, ch) => gy.data[k] * (x.data[k] - m.data[ch]) * c[ch]) : null,
        want[2] ? perChannel(x, s, (k) => gy.data[k]) : null,
        null,
        null,
      ];
    },
    rforward: ([x, s, , m, v], [rx, rs, rb]) => {
      if (!rx && !rs && !rb) return null;
      const c = invStd(v);
      return elementwise(x, s, (k, ch) => (rs ? rs.data[ch] * (x.data[k] - m.data[ch]) * c[ch] : 0) + (rx ? s.data[ch] * c[ch] * rx.data[k] : 0) + (rb ? rb.data[ch] : 0));
    },
    rbackward: ([x, s, , m, v], [rx, rs], _f, gy, rgy, want) => {
      const c = invStd(v);
      const rg = (k: number): number => (rgy ? rgy.data[k] : 0);
      return [
        want[0] ? elementwise(x, s, (k, ch) => rg(k) * s.data[ch] * c[ch] + (rs ? gy.data[k] * rs.data[ch] * c[ch] : 0)) : null,
        want[1] ? perChannel(x, s, (k, ch) => rg(k) * (x.data[k] - m.data[ch]) * c[ch] + (rx ? gy.data[k] * c[ch] * rx.data[k] : 0)) : null,
        want[2] ? perChannel(x, s, (k) => rg(k)) : null,
        null,
        null,
      ];
    },
  };
}

/** Inputs 3 and 4 (running mean and variance) are buffers, never parameters. */
export const BATCHNORM_BUFFER_INPUTS = [3, 4];
