// One op's rules in one place: forward, backward (vector-Jacobian product) and the R-op of both
// (Pearlmutter 1994: the directional derivative along θ's tangent v of the forward pass and of the
// backward pass), so H·v is exact. A null tangent or cotangent is a zero the op may skip.

import type { Tensor } from "./tensor.js";
import type { Workspace } from "./workspace.js";

export interface Forward {
  y: Tensor;
  /** What backward needs besides inputs and output (max pool's routing). */
  saved?: unknown;
}

/** The forward and backward rules may take their large arrays from ws (see workspace.ts); the R-ops never do. */
export interface Kernel {
  forward(x: Tensor[], ws?: Workspace): Forward;
  /** Cotangents of the inputs given the output's cotangent gy; null where an input is not differentiated. */
  backward(x: Tensor[], f: Forward, gy: Tensor, want: boolean[], ws?: Workspace): Array<Tensor | null>;
  /** The output's tangent from the inputs' tangents rx (null = zero). */
  rforward(x: Tensor[], rx: Array<Tensor | null>, f: Forward): Tensor | null;
  /** The tangent of backward: d/dε of the input cotangents along (x + ε rx, gy + ε rgy). */
  rbackward(x: Tensor[], rx: Array<Tensor | null>, f: Forward, gy: Tensor, rgy: Tensor | null, want: boolean[]): Array<Tensor | null>;
}

/** A node as the registry sees it: its attributes and which of its inputs are known constants at load. */
export interface NodeSpec {
  opType: string;
  name: string;
  attrs: Map<string, AttrValue>;
  /** Inputs known at load (initializers that are not parameters, Constant outputs, folded shapes); null otherwise. */
  constants: Array<Tensor | null>;
  inputCount: number;
}

export type AttrValue = number | number[] | string | string[] | Tensor;

export class GraphError extends Error {
  override name = "GraphError";
}

export function attrNumber(n: NodeSpec, key: string, fallback: number): number {
  const v = n.attrs.get(key);
  if (v === undefined) return fallback;
  if (typeof v !== "number") throw new GraphError(`node ${n.name} (${n.opType}): attribute ${key} is not a number`);
  return v;
}

export function attrInts(n: NodeSpec, key: string, fallback: number[] | null): number[] | null {
  const v = n.attrs.get(key);
  if (v === undefined) return fallback;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "number")) throw new GraphError(`node ${n.name} (${n.opType}): attribute ${key} is not a list of integers`);
  return v as number[];
}

export function attrString(n: NodeSpec, key: string, fallback: string): string {
  const v = n.attrs.get(key);
  if (v === undefined) return fallback;
  if (typeof v !== "string") throw new GraphError(`node ${n.name} (${n.opType}): attribute ${key} is not a string`);
  return v;
}

/** A linear map y = A(x₀) of its first input (other inputs constant): R and backward reuse A and Aᵀ. */
export function linearKernel(apply: (x: Tensor) => Tensor, transpose: (gy: Tensor, x: Tensor) => Tensor): Kernel {
  return {
    forward: (x) => ({ y: apply(x[0]) }),
    backward: (x, _f, gy, want) => [want[0] ? transpose(gy, x[0]) : null],
    rforward: (_x, rx) => (rx[0] ? apply(rx[0]) : null),
    rbackward: (x, _rx, _f, _gy, rgy, want) => [want[0] && rgy ? transpose(rgy, x[0]) : null],
  };
}
