// Elementwise activations y = f(x), each given by f, f' and f'' (in terms of x and y):
// backward gx = gy·f'(x); R-forward Ry = f'(x)·Rx; R-backward Rgx = Rgy·f'(x) + gy·f''(x)·Rx.
// Float attributes (alpha) are the float32 values stored in the file, used as they are.

import { erf } from "../erf.js";
import { attrNumber, type Kernel, type NodeSpec } from "../op.js";
import type { Tensor } from "../tensor.js";
import { f64Of, type Workspace } from "../workspace.js";

interface Unary {
  f(x: number): number;
  d1(x: number, y: number): number;
  d2(x: number, y: number): number;
}

const TWO_OVER_SQRT_PI = 1.1283791670955126;

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

const UNARY: Record<string, (n: NodeSpec) => Unary> = {
  Relu: () => ({ f: (x) => (x > 0 ? x : 0), d1: (x) => (x > 0 ? 1 : 0), d2: () => 0 }),
  LeakyRelu: (n) => {
    const a = attrNumber(n, "alpha", Math.fround(0.01));
    return { f: (x) => (x > 0 ? x : a * x), d1: (x) => (x > 0 ? 1 : a), d2: () => 0 };
  },
  Sigmoid: () => ({ f: sigmoid, d1: (_x, y) => y * (1 - y), d2: (_x, y) => y * (1 - y) * (1 - 2 * y) }),
  Tanh: () => ({ f: Math.tanh, d1: (_x, y) => 1 - y * y, d2: (_x, y) => -2 * y * (1 - y * y) }),
  // log(1 + eˣ) without overflow; f' = σ(x), f'' = σ(1 − σ)
  Softplus: () => ({
    f: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
    d1: (x) => sigmoid(x),
    d2: (x) => {
      const s = sigmoid(x);
      return s * (1 - s);
    },
  }),
  Elu: (n) => {
    const a = attrNumber(n, "alpha", 1);
    return { f: (x) => (x > 0 ? x : a * Math.expm1(x)), d1: (x) => (x > 0 ? 1 : a * Math.exp(x)), d2: (x) => (x > 0 ? 0 : a * Math.exp(x)) };
  },
  Softsign: () => ({
    f: (x) => x / (1 + Math.abs(x)),
    d1: (x) => 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x))),
    d2: (x) => (-2 * Math.sign(x)) / (1 + Math.abs(x)) ** 3,
  }),
  Erf: () => ({
    f: erf,
    d1: (x) => TWO_OVER_SQRT_PI * Math.exp(-x * x),
    d2: (x) => -2 * x * TWO_OVER_SQRT_PI * Math.exp(-x * x),
  }),
  // torch's softsign exports as Abs, Add and Div; sign(0) = 0 as torch's abs backward
  Abs: () => ({ f: Math.abs, d1: (x) => Math.sign(x), d2: () => 0 }),
  Neg: () => ({ f: (x) => -x, d1: () => -1, d2: () => 0 }),
  Exp: () => ({ f: Math.exp, d1: (_x, y) => y, d2: (_x, y) => y }),
  Sqrt: () => ({ f: Math.sqrt, d1: (_x, y) => 0.5 / y, d2: (_x, y) => -0.25 / (y * y * y) }),
};

export const UNARY_OPS = Object.keys(UNARY);

/** A fresh tensor of x's shape. */
/** A tensor of x's shape for a rule that writes every entry (a workspace's array is not zeroed first). */
const like = (x: Tensor, ws?: Workspace): { shape: number[]; data: Float64Array } => ({ shape: x.shape, data: f64Of(ws, x.data.length, true) });

// Each rule is its own loop over plain arrays (no per-entry callback), so V8 inlines f, f′ and f″.
export function unaryKernel(n: NodeSpec): Kernel {
  const generic = unaryRules(n);
  return n.opType === "Relu" ? { ...generic, ...reluLoops } : generic;
}

/**
 * ReLU's forward, backward and R-forward without a data-dependent branch per entry (a mispredicted
 * branch on each sign costs more than the arithmetic). The same numbers as the rules above to the
 * bit: f′ ∈ {0, 1} is +(x > 0), and f(x) = x·f′(x) + 0 except where that is NaN (x = −∞ or NaN),
 * which f maps to 0.
 */
const reluLoops: Pick<Kernel, "forward" | "backward" | "rforward"> = {
  forward: ([x], ws) => {
    const y = like(x, ws);
    const xd = x.data, yd = y.data;
    for (let i = 0; i < yd.length; i++) {
      const v = xd[i];
      const r = v * +(v > 0) + 0;
      yd[i] = r === r ? r : 0;
    }
    return { y };
  },
  backward: ([x], _fw, gy, _want, ws) => {
    const gx = like(gy, ws);
    const xd = x.data, g = gy.data, out = gx.data;
    for (let i = 0; i < out.length; i++) out[i] = g[i] * +(xd[i] > 0);
    return [gx];
  },
  rforward: ([x], [r]) => {
    if (!r) return null;
    const ry = like(r);
    const xd = x.data, rd = r.data, out = ry.data;
    for (let i = 0; i < out.length; i++) out[i] = rd[i] * +(xd[i] > 0);
    return ry;
  },
};

function unaryRules(n: NodeSpec): Kernel {
  const { f, d1, d2 } = UNARY[n.opType](n);
  return {
    forward: ([x], ws) => {
      const y = like(x, ws);
      const xd = x.data, yd = y.data;
      for (let i = 0; i < yd.length; i++) yd[i] = f(xd[i]);
      return { y };
    },
    backward: ([x], fw, gy, _want, ws) => {
      const gx = like(gy, ws);
      const xd = x.data, yd = fw.y.data, g = gy.data, out = gx.data;
      for (let i = 0; i < out.length; i++) out[i] = g[i] * d1(xd[i], yd[i]);
      return [gx];
    },
    rforward: ([x], [r], fw) => {
      if (!r) return null;
      const ry = like(r);
      const xd = x.data, yd = fw.y.data, rd = r.data, out = ry.data;
      for (let i = 0; i < out.length; i++) out[i] = rd[i] * d1(xd[i], yd[i]);
      return ry;
    },
    rbackward: ([x], [r], fw, gy, rgy) => {
      const rgx = like(gy);
      const xd = x.data, yd = fw.y.data, g = gy.data, out = rgx.data;
      if (rgy) {
        const rg = rgy.data;
        for (let i = 0; i < out.length; i++) out[i] = rg[i] * d1(xd[i], yd[i]);
      }
      if (r) {
        const rd = r.data;
        for (let i = 0; i < out.length; i++) out[i] += g[i] * d2(xd[i], yd[i]) * rd[i];
      }
      return [rgx];
    },
  };
}
