// Ops that move values without arithmetic: Flatten, Reshape, Squeeze, Unsqueeze, Transpose,
// Identity, Dropout (inference), Pad (constant), Concat; and the shape chain torch emits around
// Reshape (Shape, Gather, Cast) on integer tensors. All are linear in their data input, so
// backward is the transpose and the R-ops repeat the same map.

import { attrInts, attrNumber, attrString, GraphError, linearKernel, type Kernel, type NodeSpec } from "../op.js";
import { reshaped, showShape, sizeOf, stridesOf, type Tensor } from "../tensor.js";

const intsOf = (t: Tensor): number[] => Array.from(t.data);

function normAxis(a: number, rank: number, where: string): number {
  const r = a < 0 ? a + rank : a;
  if (r < 0 || r >= rank) throw new GraphError(`${where}: axis ${a} out of range for rank ${rank}`);
  return r;
}

/** A pure reshape: y's data is x's data under a new shape computed from x's shape (and constant inputs). */
function reshapeKernel(newShape: (x: Tensor[]) => number[]): Kernel {
  return {
    forward: (x) => ({ y: reshaped(x[0], newShape(x)) }),
    backward: (x, _f, gy, want) => [want[0] ? reshaped(gy, x[0].shape) : null],
    rforward: (_x, rx, f) => (rx[0] ? reshaped(rx[0], f.y.shape) : null),
    rbackward: (x, _rx, _f, _gy, rgy, want) => [want[0] && rgy ? reshaped(rgy, x[0].shape) : null],
  };
}

export function flattenKernel(n: NodeSpec): Kernel {
  const axis = attrNumber(n, "axis", 1);
  return reshapeKernel(([x]) => {
    const a = axis < 0 ? axis + x.shape.length : axis;
    return [sizeOf(x.shape.slice(0, a)), sizeOf(x.shape.slice(a))];
  });
}

export function reshapeOpKernel(n: NodeSpec): Kernel {
  const where = `node ${n.name} (Reshape)`;
  const allowZero = attrNumber(n, "allowzero", 0) !== 0;
  return reshapeKernel(([x, s]) => {
    if (!s) throw new GraphError(`${where}: no shape input`);
    if (!s.int) throw new GraphError(`${where}: its shape is computed from float values, a dynamic shape that cannot be resolved (give a constant or a Shape/Gather/Concat chain)`);
    const spec = intsOf(s);
    const out = spec.map((d, i) => (d === 0 && !allowZero ? x.shape[i] : d));
    const known = out.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const free = out.filter((d) => d === -1).length;
    if (free > 1) throw new GraphError(`${where}: shape ${showShape(spec)} has more than one -1`);
    if (free === 1) out[out.indexOf(-1)] = known === 0 ? 0 : sizeOf(x.shape) / known;
    if (sizeOf(out) !== sizeOf(x.shape) || out.some((d) => !Number.isInteger(d) || d < 0)) throw new GraphError(`${where}: cannot reshape ${showShape(x.shape)} to ${showShape(spec)}`);
    return out;
  });
}

export function unsqueezeKernel(n: NodeSpec): Kernel {
  const where = `node ${n.name} (Unsqueeze)`;
  const attrAxes = attrInts(n, "axes", null);
  return reshapeKernel(([x, a]) => {
    const axes = attrAxes ?? (a ? intsOf(a) : null);
    if (!axes) throw new GraphError(`${where}: no axes`);
    const rank = x.shape.length + axes.length;
    const norm = axes.map((v) => normAxis(v, rank, where)).sort((p, q) => p - q);
    const out = [...x.shape];
    for (const v of norm) out.splice(v, 0, 1);
    return out;
  });
}

export function squeezeKernel(n: NodeSpec): Kernel {
  const where = `node ${n.name} (Squeeze)`;
  const attrAxes = attrInts(n, "axes", null);
  return reshapeKernel(([x, a]) => {
    const axes = attrAxes ?? (a ? intsOf(a) : null);
    const drop = new Set(axes ? axes.map((v) => normAxis(v, x.shape.length, where)) : x.shape.flatMap((d, i) => (d === 1 ? [i] : [])));
    return x.shape.filter((_, i) => !drop.has(i));
  });
}

export const identityKernel = (): Kernel => reshapeKernel(([x]) => x.shape);

function permute(x: Tensor, perm: number[], inverse: boolean): Tensor {
  const rank = x.shape.length;
  const p = inverse ? perm.map((_, i) => perm.indexOf(i)) : perm;
  const outShape = p.map((a) => x.shape[a]);
  const st = stridesOf(x.shape);
  const out = new Float64Array(x.data.length);
  const pos = new Array<number>(rank).fill(0);
  for (let k = 0; k < out.length; k++) {
    let at = 0;
    for (let d = 0; d < rank; d++) at += pos[d] * st[p[d]];
    out[k] = x.data[at];
    for (let d = rank - 1; d >= 0; d--) {
      if (++pos[d] < outShape[d]) break;
      pos[d] = 0;
    }
  }
  return x.int ? { shape: outShape, data: out, int: true } : { shape: outShape, data: out };
}

export function transposeKernel(n: NodeSpec): Kernel {
  const given = attrInts(n, "perm", null);
  const permOf = (x: Tensor): number[] => given ?? x.shape.map((_, i) => x.shape.length - 1 - i);
  return linearKernel(
    (x) => permute(x, permOf(x), false),
    (gy, x) => permute(gy, permOf(x), true),
  );
}

export function padKernel(n: NodeSpec): Kernel {
  const where = `node ${n.name} (Pad)`;
  const mode = attrString(n, "mode", "constant");
  if (mode !== "constant") throw new GraphError(`${where}: mode=${mode} is not supported (constant only)`);
  const c = n.constants;
  if (c[1] === null || c[1] === undefined) throw new GraphError(`${where}: pads must be a constant`);
  if (n.inputCount > 3) throw new GraphError(`${where}: the axes input is not supported`);
  const pads = intsOf(c[1]);
  const value = c[2] ? c[2].data[0] : 0;
  if (pads.some((p) => p < 0)) throw new GraphError(`${where}: negative pads are not supported`);
  const geom = (x: Tensor): { out: number[]; map: Int32Array } => {
    const r = x.shape.length;
    if (pads.length !== 2 * r) throw new GraphError(`${where}: ${pads.length} pads for rank ${r}`);
    const out = x.shape.map((d, i) => d + pads[i] + pads[i + r]);
    const so = stridesOf(out);
    const map = new Int32Array(x.data.length);
    const pos = new Array<number>(r).fill(0);
    for (let k = 0; k < map.length; k++) {
      let at = 0;
      for (let d = 0; d < r; d++) at += (pos[d] + pads[d]) * so[d];
      map[k] = at;
      for (let d = r - 1; d >= 0; d--) {
        if (++pos[d] < x.shape[d]) break;
        pos[d] = 0;
      }
    }
    return { out, map };
  };
  // y = A x + value·(1 − mask): the constant is not a tangent, so R-forward pads with zeros
  const apply = (x: Tensor, fill: number): Tensor => {
    const { out, map } = geom(x);
    const y = new Float64Array(sizeOf(out)).fill(fill);
    for (let k = 0; k < map.length; k++) y[map[k]] = x.data[k];
    return { shape: out, data: y };
  };
  const back = (g: Tensor, x: Tensor): Tensor => {
    const { map } = geom(x);
    const out = new Float64Array(x.data.length);
    for (let k = 0; k < map.length; k++) out[k] = g.data[map[k]];
    return { shape: x.shape, data: out };
  };
  const lin = linearKernel((x) => apply(x, 0), back);
  return { ...lin, forward: (x) => ({ y: apply(x[0], value) }) };
}

export function concatKernel(n: NodeSpec): Kernel {
  const where = `node ${n.name} (Concat)`;
  const axisAttr = attrNumber(n, "axis", 0);
  const join = (parts: Tensor[]): Tensor => {
    const rank = parts[0].shape.length;
    const axis = normAxis(axisAttr, rank, where);
    const outer = sizeOf(parts[0].shape.slice(0, axis));
    const inner = sizeOf(parts[0].shape.slice(axis + 1));
    for (const p of parts) {
      if (p.shape.length !== rank || p.shape.some((d, i) => i !== axis && d !== parts[0].shape[i])) throw new GraphError(`${where}: shapes ${parts.map((q) => showShape(q.shape)).join(", ")} do not concatenate on axis ${axisAttr}`);
    }
    const total = parts.reduce((a, p) => a + p.shape[axis], 0);
    const out = new Float64Array(outer * total * inner);
    let off = 0;
    for (const p of parts) {
      const w = p.shape[axis] * inner;
      for (let o = 0; o < outer; o++) out.set(p.data.subarray(o * w, (o + 1) * w), o * total * inner + off);
      off += w;
    }
    const shape = [...parts[0].shape];
    shape[axis] = total;
    return parts.every((p) => p.int) ? { shape, data: out, int: true } : { shape, data: out };
  };
  const split = (g: Tensor, x: Tensor[], want: boolean[]): Array<Tensor | null> => {
    const axis = normAxis(axisAttr, x[0].shape.length, where);
    const outer = sizeOf(x[0].shape.slice(0, axis));
    const inner = sizeOf(x[0].shape.slice(axis + 1));
    const total = g.shape[axis] * inner;
    let off = 0;
    return x.map((p, i) => {
      const w = p.shape[axis] * inner;
      const at = off;
      off += w;
      if (!want[i]) return null;
      const out = new Float64Array(p.data.length);
      for (let o = 0; o < outer; o++) out.set(g.data.subarray(o * total + at, o * total + at + w), o * w);
      return { shape: p.shape, data: out };
    });
  };
  const zeroOr = (r: Tensor | null, x: Tensor): Tensor => r ?? { shape: x.shape, data: new Float64Array(x.data.length) };
  return {
    forward: (x) => ({ y: join(x) }),
    backward: (x, _f, gy, want) => split(gy, x, want),
    rforward: (x, rx) => (rx.some((r) => r) ? join(x.map((p, i) => zeroOr(rx[i], p))) : null),
    rbackward: (x, _rx, _f, _gy, rgy, want) => (rgy ? split(rgy, x, want) : x.map(() => null)),
  };
}

/** Non-differentiable integer ops of shape chains. */
const constantKernel = (compute: (x: Tensor[]) => Tensor): Kernel => ({
  forward: (x) => ({ y: compute(x) }),
  backward: (x) => x.map(() => null),
  rforward: () => null,
  rbackward: (x) => x.map(() => null),
});

export function shapeKernel(n: NodeSpec): Kernel {
  const start = attrNumber(n, "start", 0);
  const end = n.attrs.has("end") ? attrNumber(n, "end", 0) : undefined;
  return constantKernel(([x]) => {
    const dims = x.shape.slice(start, end);
    return { shape: [dims.length], data: Float64Array.from(dims), int: true };
  });
}

export function gatherKernel(n: NodeSpec): Kernel {
  const where = `node ${n.name} (Gather)`;
  const axisAttr = attrNumber(n, "axis", 0);
  return constantKernel(([x, idx]) => {
    if (!x.int) throw new GraphError(`${where}: Gather is supported on shape tensors only`);
    const axis = normAxis(axisAttr, x.shape.length, where);
    const outer = sizeOf(x.shape.slice(0, axis));
    const inner = sizeOf(x.shape.slice(axis + 1));
    const len = x.shape[axis];
    const ids = intsOf(idx).map((i) => (i < 0 ? i + len : i));
    if (ids.some((i) => i < 0 || i >= len)) throw new GraphError(`${where}: index out of range`);
    const out = new Float64Array(outer * ids.length * inner);
    let k = 0;
    for (let o = 0; o < outer; o++) for (const i of ids) for (let j = 0; j < inner; j++) out[k++] = x.data[(o * len + i) * inner + j];
    return { shape: [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)], data: out, int: true };
  });
}

/** ONNX TensorProto data types that are integers (or bool). */
const INT_TYPES = new Set([2, 3, 4, 5, 6, 7, 9, 12, 13]);

export function castKernel(n: NodeSpec): Kernel {
  const to = attrNumber(n, "to", 1);
  const toInt = INT_TYPES.has(to);
  // float→float casts are the identity in a float64 engine; the file's values are already exact
  return {
    ...identityKernel(),
    forward: ([x]) => ({ y: toInt ? { shape: x.shape, data: x.data.map((v) => Math.trunc(v)), int: true } : x.int ? { shape: x.shape, data: x.data } : x }),
  };
}

export const CAST_TO_INT = INT_TYPES;
