// Add, Sub, Mul, Div with numpy (multidirectional) broadcasting. Each input's cotangent is the
// output-shaped term summed back over the broadcast axes. Mul and Div are bilinear/rational,
// so their R-ops carry the cross terms (Div: Rg_b = −Rgy·a/b² − gy·Ra/b² + 2gy·a·Rb/b³).

import { GraphError, type Kernel, type NodeSpec } from "../op.js";
import { showShape, sizeOf, stridesOf, type Tensor } from "../tensor.js";

export function broadcastShape(a: readonly number[], b: readonly number[], where: string): number[] {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const da = a[a.length - r + i] ?? 1;
    const db = b[b.length - r + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new GraphError(`${where}: shapes ${showShape(a)} and ${showShape(b)} do not broadcast`);
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** For each element of the output shape, the flat index into an input of shape `s` broadcast to it. */
export function broadcastIndex(s: readonly number[], out: readonly number[]): Int32Array {
  const n = sizeOf(out);
  const idx = new Int32Array(n);
  const r = out.length;
  const st = stridesOf(s);
  const eff = out.map((_, i) => {
    const j = s.length - r + i;
    return j >= 0 && s[j] !== 1 ? st[j] : 0;
  });
  const pos = new Array<number>(r).fill(0);
  let at = 0;
  for (let k = 0; k < n; k++) {
    idx[k] = at;
    for (let d = r - 1; d >= 0; d--) {
      pos[d]++;
      at += eff[d];
      if (pos[d] < out[d]) break;
      at -= eff[d] * pos[d];
      pos[d] = 0;
    }
  }
  return idx;
}

/** Sum an output-shaped array back into an input of `shape` (the adjoint of broadcasting). */
export function unbroadcast(g: Float64Array, idx: Int32Array, shape: number[]): Tensor {
  const out = new Float64Array(sizeOf(shape));
  for (let k = 0; k < g.length; k++) out[idx[k]] += g[k];
  return { shape, data: out };
}

type Op = "Add" | "Sub" | "Mul" | "Div";

interface Saved {
  ia: Int32Array;
  ib: Int32Array;
}

export function binaryKernel(n: NodeSpec): Kernel {
  const op = n.opType as Op;
  const where = `node ${n.name} (${op})`;
  const combine = (a: number, b: number): number => (op === "Add" ? a + b : op === "Sub" ? a - b : op === "Mul" ? a * b : a / b);
  return {
    forward: (x) => {
      const [a, b] = x;
      const shape = broadcastShape(a.shape, b.shape, where);
      const ia = broadcastIndex(a.shape, shape);
      const ib = broadcastIndex(b.shape, shape);
      const y = new Float64Array(ia.length);
      for (let k = 0; k < y.length; k++) y[k] = combine(a.data[ia[k]], b.data[ib[k]]);
      const saved: Saved = { ia, ib };
      return { y: a.int && b.int ? { shape, data: y, int: true } : { shape, data: y }, saved };
    },
    backward: (x, f, gy, want) => {
      const { ia, ib } = f.saved as Saved;
      const [a, b] = x;
      const g = gy.data;
      const ga = new Float64Array(g.length);
      const gb = new Float64Array(g.length);
      for (let k = 0; k < g.length; k++) {
        const av = a.data[ia[k]];
        const bv = b.data[ib[k]];
        if (op === "Add") (ga[k] = g[k]), (gb[k] = g[k]);
        else if (op === "Sub") (ga[k] = g[k]), (gb[k] = -g[k]);
        else if (op === "Mul") (ga[k] = g[k] * bv), (gb[k] = g[k] * av);
        else (ga[k] = g[k] / bv), (gb[k] = (-g[k] * av) / (bv * bv));
      }
      return [want[0] ? unbroadcast(ga, ia, a.shape) : null, want[1] ? unbroadcast(gb, ib, b.shape) : null];
    },
    rforward: (x, rx, f) => {
      const { ia, ib } = f.saved as Saved;
      const [a, b] = x;
      const [ra, rb] = rx;
      if (!ra && !rb) return null;
      const y = new Float64Array(ia.length);
      for (let k = 0; k < y.length; k++) {
        const dA = ra ? ra.data[ia[k]] : 0;
        const dB = rb ? rb.data[ib[k]] : 0;
        const av = a.data[ia[k]];
        const bv = b.data[ib[k]];
        if (op === "Add") y[k] = dA + dB;
        else if (op === "Sub") y[k] = dA - dB;
        else if (op === "Mul") y[k] = dA * bv + av * dB;
        else y[k] = dA / bv - (av * dB) / (bv * bv);
      }
      return { shape: f.y.shape, data: y };
    },
    rbackward: (x, rx, f, gy, rgy, want) => {
      const { ia, ib } = f.saved as Saved;
      const [a, b] = x;
      const [ra, rb] = rx;
      const g = gy.data;
      const ga = new Float64Array(g.length);
      const gb = new Float64Array(g.length);
      for (let k = 0; k < g.length; k++) {
        const rg = rgy ? rgy.data[k] : 0;
        const av = a.data[ia[k]];
        const bv = b.data[ib[k]];
        const dA = ra ? ra.data[ia[k]] : 0;
        const dB = rb ? rb.data[ib[k]] : 0;
        if (op === "Add") (ga[k] = rg), (gb[k] = rg);
        else if (op === "Sub") (ga[k] = rg), (gb[k] = -rg);
        else if (op === "Mul") (ga[k] = rg * bv + g[k] * dB), (gb[k] = rg * av + g[k] * dA);
        else {
          const b2 = bv * bv;
          ga[k] = rg / bv - (g[k] * dB) / b2;
          gb[k] = (-rg * av) / b2 - (g[k] * dA) / b2 + (2 * g[k] * av * dB) / (b2 * bv);
        }
      }
      return [want[0] ? unbroadcast(ga, ia, a.shape) : null, want[1] ? unbroadcast(gb, ib, b.shape) : null];
    },
  };
}

export function checkBinary(n: NodeSpec): void {
  if (n.inputCount !== 2) throw new GraphError(`node ${n.name} (${n.opType}) has ${n.inputCount} inputs, expected 2`);
}
