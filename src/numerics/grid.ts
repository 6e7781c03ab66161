// The grid evaluator: loss, gradient, gradient norm, Hessian eigenvalues and accuracy
// over a rectangle of the (w, b) plane, returned as ndarray fields.
//
// Layout: every field has shape [b.count, w.count]; row i is b = b[i], column j is
// w = w[j] (so field.get(i, j) is the value at (w[j], b[i]), like an image whose rows
// run along b). Axes are inclusive linspaces from min to max.

import ndarray, { type NdArray } from "ndarray";
import type { Dataset } from "../data/dataset.js";
import { symmetricEigenvalues2 } from "./eigen.js";
import { TERM_SLOTS, type LossName } from "./losses.js";
import { accumulatePoint, POINT_SLOTS } from "./point.js";

export interface AxisSpec {
  min: number;
  max: number;
  /** Number of samples along the axis, endpoints included (≥ 2). */
  count: number;
}

export interface GridSpec {
  w: AxisSpec;
  b: AxisSpec;
}

export type FieldName = "loss" | "gradW" | "gradB" | "gradNorm" | "eigMin" | "eigMax" | "accuracy";
export const FIELD_NAMES: readonly FieldName[] = ["loss", "gradW", "gradB", "gradNorm", "eigMin", "eigMax", "accuracy"];

export type Field = NdArray<Float64Array>;

export interface GridResult {
  loss: LossName;
  spec: GridSpec;
  /** w value of each column. */
  w: Float64Array;
  /** b value of each row. */
  b: Float64Array;
  fields: Record<FieldName, Field>;
}

/**
 * Largest grid evaluated, in points (4096²). With the 7 fields at 8 bytes each this is
 * about 0.9 GiB of output before any serialisation; larger requests are refused up front.
 */
export const MAX_GRID_POINTS = 4096 * 4096;

/**
 * The default view: from the tutorial's bad start (−5, −10) past both optima
 * (MSE near (8.4, −2), cross-entropy's trajectory near (13.7, −3.2)).
 */
export const DEFAULT_GRID: GridSpec = {
  w: { min: -10, max: 20, count: 121 },
  b: { min: -20, max: 10, count: 121 },
};

/** Inclusive linspace; the last value is exactly max. */
export function axisValues(a: AxisSpec): Float64Array {
  const v = new Float64Array(a.count);
  const step = (a.max - a.min) / (a.count - 1);
  if (Number.isFinite(step)) {
    // Stryker disable next-line EqualityOperator: <= for < only touches one element past a typed array (reads give undefined, writes are dropped), so no result changes
    for (let i = 0; i < a.count; i++) v[i] = a.min + i * step;
  } else {
    // max − min overflows (e.g. −1e308 to 1e308): min + i·max/(n−1) − i·min/(n−1)
    // keeps every partial sum between min and max.
    const up = a.max / (a.count - 1);
    const down = a.min / (a.count - 1);
    // Stryker disable next-line EqualityOperator: <= for < only touches one element past a typed array (reads give undefined, writes are dropped), so no result changes
    for (let i = 0; i < a.count; i++) v[i] = Math.min(a.max, Math.max(a.min, a.min + i * up - i * down));
  }
  v[a.count - 1] = a.max;
  return v;
}

/** Throws RangeError naming the axis ("w" or "b") when a spec cannot be evaluated. */
export function checkGridSpec(spec: GridSpec): void {
  for (const name of ["w", "b"] as const) {
    const a = spec[name];
    if (!Number.isFinite(a.min) || !Number.isFinite(a.max)) throw new RangeError(`${name}: MIN and MAX must be finite numbers`);
    if (!(a.min < a.max)) throw new RangeError(`${name}: MIN must be less than MAX (got ${a.min} ≥ ${a.max})`);
    if (!Number.isInteger(a.count) || a.count < 2) throw new RangeError(`${name}: N must be an integer ≥ 2 (got ${a.count})`);
  }
  const points = spec.w.count * spec.b.count;
  if (points > MAX_GRID_POINTS) {
    throw new RangeError(
      `grid of ${spec.w.count}×${spec.b.count} = ${points} points exceeds the limit of ${MAX_GRID_POINTS} (4096²) points`,
    );
  }
}

/** Allocates one [rows, cols] Float64 field. */
export function makeField(rows: number, cols: number): Field {
  return ndarray(new Float64Array(rows * cols), [rows, cols]);
}

/** Evaluates every field at every grid point. Pure: returns new arrays. */
export function evaluateGrid(loss: LossName, data: Dataset, spec: GridSpec): GridResult {
  checkGridSpec(spec);
  const w = axisValues(spec.w);
  const b = axisValues(spec.b);
  const rows = b.length;
  const cols = w.length;
  const fields = Object.fromEntries(FIELD_NAMES.map((f) => [f, makeField(rows, cols)])) as Record<FieldName, Field>;
  const out = new Float64Array(POINT_SLOTS);
  const terms = new Float64Array(TERM_SLOTS);
  const [fl, fgw, fgb, fgn, fmin, fmax, facc] = FIELD_NAMES.map((f) => fields[f].data);
  // Stryker disable next-line EqualityOperator: <= for < only touches one element past a typed array (reads give undefined, writes are dropped), so no result changes
  for (let i = 0; i < rows; i++) {
    // Stryker disable next-line EqualityOperator: <= for < writes one element into the next row, which that row then overwrites, or past the end (dropped): no result changes
    for (let j = 0; j < cols; j++) {
      accumulatePoint(loss, data, w[j], b[i], out, terms);
      const k = i * cols + j;
      fl[k] = out[0];
      fgw[k] = out[1];
      fgb[k] = out[2];
      fgn[k] = Math.hypot(out[1], out[2]);
      const [lo, hi] = symmetricEigenvalues2(out[3], out[4], out[5]);
      fmin[k] = lo;
      fmax[k] = hi;
      facc[k] = out[6];
    }
  }
  return { loss, spec, w, b, fields };
}

/**
 * Recomputes, with the reference accumulator, every point where a field is not finite
 * (a faster kernel's plain sums overflow on huge logits where accumulatePoint's scaled
 * pass does not). Writes only the fields present; a no-op on ordinary grids.
 */
export function mendNonFinite(loss: LossName, data: Dataset, w: Float64Array, b: Float64Array, fields: Partial<Record<FieldName, Field>>): void {
  const present = FIELD_NAMES.filter((f) => fields[f] !== undefined);
  const arrays = present.map((f) => (fields[f] as Field).data);
  const cols = w.length;
  const out = new Float64Array(POINT_SLOTS);
  const terms = new Float64Array(TERM_SLOTS);
  for (let k = 0; k < cols * b.length; k++) {
    if (arrays.every((a) => Number.isFinite(a[k]))) continue;
    accumulatePoint(loss, data, w[k % cols], b[Math.floor(k / cols)], out, terms);
    const [lo, hi] = symmetricEigenvalues2(out[3], out[4], out[5]);
    const value: Record<FieldName, number> = { loss: out[0], gradW: out[1], gradB: out[2], gradNorm: Math.hypot(out[1], out[2]), eigMin: lo, eigMax: hi, accuracy: out[6] };
    present.forEach((f, i) => (arrays[i][k] = value[f]));
  }
}

