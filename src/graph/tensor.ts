// The engine's value: a row-major float64 array with a shape. Shape-chain values (Shape,
// Gather of a shape, Concat of dims) are tensors too, flagged `int`, holding exact integers.

export interface Tensor {
  shape: number[];
  data: Float64Array;
  /** An integer tensor (int64/int32/bool in ONNX): shape arithmetic, never differentiated. */
  int?: boolean;
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function tensor(shape: number[], data?: Float64Array, int = false): Tensor {
  const d = data ?? new Float64Array(sizeOf(shape));
  if (d.length !== sizeOf(shape)) throw new Error(`tensor of shape [${shape.join(", ")}] given ${d.length} values`);
  return int ? { shape, data: d, int } : { shape, data: d };
}

export const zerosLike = (t: Tensor): Tensor => tensor([...t.shape]);

export const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

export const showShape = (s: readonly number[]): string => `[${s.join(", ")}]`;

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** a + b elementwise into a new tensor (same shapes): the sum of two tangents or cotangents. */
export function addInto(acc: Tensor | null, t: Tensor | null): Tensor | null {
  if (t === null) return acc;
  if (acc === null) return t;
  const out = new Float64Array(acc.data.length);
  for (let i = 0; i < out.length; i++) out[i] = acc.data[i] + t.data[i];
  return { shape: acc.shape, data: out };
}

/** Sum of tangent terms, any of which may be null (a zero). */
export function sumTerms(...ts: Array<Tensor | null>): Tensor | null {
  let acc: Tensor | null = null;
  for (const t of ts) acc = addInto(acc, t);
  return acc;
}

export const reshaped = (t: Tensor, shape: number[]): Tensor => (t.int ? { shape, data: t.data, int: true } : { shape, data: t.data });
