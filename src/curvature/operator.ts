// A symmetric linear operator given only by its action v ↦ A v, and the Hessian of a
// network's mean loss as one (exact R-operator products, ../nn/hvp.ts).

import type { NetworkEngine } from "../nn/forward.js";
import type { LossName } from "../numerics/losses.js";
import { layerShapes, parameterCount, type Architecture } from "../nn/architecture.js";
import { denseFromProducts } from "../nn/hessian.js";
import { curvatureEngine, curvatureState, hessianVectorInto, type CurvatureOptions } from "../nn/hvp.js";
import type { Table } from "../nn/table.js";

export interface SymmetricOperator {
  /** Dimension n of the space the operator acts on. */
  size: number;
  /** Writes A v into out (both length n); must not keep references to either. */
  apply(v: Float64Array, out: Float64Array): void;
}

/**
 * The Hessian of the mean loss at θ: one forward/backward pass shared by every product, on
 * the WebAssembly kernel's curvature engine (../fast/hvp-fast.ts, its memory reused by every
 * product) where it applies, else (or with engine "reference") the TypeScript R-operator.
 */
export function hessianOperator(arch: Architecture, theta: Float64Array, data: Table, loss: LossName, options: NetworkEngine | CurvatureOptions = "fast"): SymmetricOperator {
  const P = parameterCount(arch);
  if (theta.length !== P) throw new RangeError(`theta has ${theta.length} entries, the architecture ${P}`);
  const fast = curvatureEngine(arch, data, loss, options);
  if (fast) {
    fast.setTheta(theta);
    return { size: P, apply: (v, out) => fast.hessianVector(v, out) };
  }
  const state = curvatureState(arch, theta, data, loss);
  return { size: P, apply: (v, out) => hessianVectorInto(state, v, out) };
}

/**
 * The diagonal block of `op` for the coordinates [start, start + size): v ↦ (A [0; v; 0])
 * restricted to that range. Each product costs one product of the full operator.
 */
export function diagonalBlock(op: SymmetricOperator, start: number, size: number): SymmetricOperator {
  if (start < 0 || size < 1 || start + size > op.size) throw new RangeError(`block [${start}, ${start + size}) is outside 0…${op.size}`);
  const full = new Float64Array(op.size);
  const image = new Float64Array(op.size);
  return {
    size,
    apply(v, out) {
      full.fill(0);
      full.set(v, start);
      op.apply(full, image);
      out.set(image.subarray(start, start + size));
    },
  };
}

/** Each layer's parameter range in θ (its weight then its bias, contiguous). */
export function layerBlocks(arch: Architecture): { index: number; start: number; size: number }[] {
  return layerShapes(arch).map((s) => ({ index: s.index, start: s.weightOffset, size: s.fanIn * s.fanOut + s.fanOut }));
}

/** A dense row-major symmetric n × n matrix as an operator (tests, small problems). */
export function denseOperator(a: Float64Array, n: number): SymmetricOperator {
  if (a.length !== n * n) throw new RangeError(`matrix has ${a.length} entries, expected ${n}×${n}`);
  return {
    size: n,
    apply(v, out) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        const row = i * n;
        for (let j = 0; j < n; j++) s += a[row + j] * v[j];
        out[i] = s;
      }
    },
  };
}

/** The dense row-major matrix of an operator, column by column (n products), symmetrized (rounding only). */
export function denseOf(op: SymmetricOperator): Float64Array {
  return denseFromProducts(op.size, (v, out) => op.apply(v, out));
}
