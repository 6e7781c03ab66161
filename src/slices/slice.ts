// Loss, accuracy and full-space gradient norm on a slice θ(α, β) = θ* + α·d1 + β·d2
// (a line when d2 is absent), the network evaluated exactly at every point (../nn).
// Fields are indexed [beta][alpha] like ../numerics/grid.ts's [b][w]: row i is β_i,
// column j is α_j, and the axes are the same inclusive linspaces (axisValues). gradNorm
// is ‖∇L(θ)‖ over all P parameters, not its component in the plane, so a flat region
// here means what it means in the (w, b) figures. Memory: one θ buffer besides the
// output fields and the per-point forward/backward arrays.

import { axisValues, makeField, type AxisSpec, type Field } from "../numerics/grid.js";
import type { LossName } from "../numerics/losses.js";
import { parameterCount, type Architecture } from "../nn/architecture.js";
import type { NetworkEngine } from "../nn/forward.js";
import type { Table } from "../nn/table.js";
import { checkDirection } from "./directions.js";
import { evaluatePass, slicePass } from "./slice-pass.js";

export type SliceFieldName = "loss" | "accuracy" | "gradNorm";
export const SLICE_FIELDS: readonly SliceFieldName[] = ["loss", "accuracy", "gradNorm"];

/**
 * Largest slice evaluated, in points (1024²): three float64 fields of 8 MiB each, and at
 * least a million network passes; larger requests are refused before any work.
 */
export const MAX_SLICE_POINTS = 1024 * 1024;

export interface SliceSpec {
  alpha: AxisSpec;
  /** null for a 1-D slice along d1. */
  beta: AxisSpec | null;
}

export interface SliceResult {
  alpha: Float64Array;
  /** β of each row; [0] for a 1-D slice. */
  beta: Float64Array;
  fields: Record<SliceFieldName, Field>;
}

/** Throws RangeError naming the axis ("alpha" or "beta") when a spec cannot be evaluated. */
export function checkSliceSpec(spec: SliceSpec): void {
  const axes: [string, AxisSpec][] = [["alpha", spec.alpha]];
  if (spec.beta) axes.push(["beta", spec.beta]);
  for (const [name, a] of axes) {
    if (!Number.isFinite(a.min) || !Number.isFinite(a.max)) throw new RangeError(`${name}: MIN and MAX must be finite numbers`);
    if (!(a.min < a.max)) throw new RangeError(`${name}: MIN must be less than MAX (got ${a.min} ≥ ${a.max})`);
    if (!Number.isInteger(a.count) || a.count < 2) throw new RangeError(`${name}: N must be an integer ≥ 2 (got ${a.count})`);
  }
  const points = spec.alpha.count * (spec.beta ? spec.beta.count : 1);
  if (points > MAX_SLICE_POINTS) throw new RangeError(`a slice of ${points} points exceeds the limit of ${MAX_SLICE_POINTS} (1024²) points`);
}

/** θ* + a·d1 + b·d2 into out (d2 may be null). */
export function slicePoint(theta: Float64Array, d1: Float64Array, d2: Float64Array | null, a: number, b: number, out: Float64Array): void {
  // Stryker disable EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
  if (d2) for (let k = 0; k < out.length; k++) out[k] = theta[k] + a * d1[k] + b * d2[k];
  else for (let k = 0; k < out.length; k++) out[k] = theta[k] + a * d1[k];
  // Stryker restore EqualityOperator
}

export interface SliceInput {
  arch: Architecture;
  theta: Float64Array;
  d1: Float64Array;
  d2: Float64Array | null;
  data: Table;
  loss: LossName;
  /** "reference" forces the TypeScript evaluation (default: the WebAssembly kernel where it applies). */
  engine?: NetworkEngine;
  /** Samples streamed through the network at a time (bounds the activations' memory; the same numbers, bit for bit). Default: all. */
  batch?: number;
}

/** Throws RangeError when θ, the directions or the spec do not fit the model or each other. */
export function checkSliceInput(input: SliceInput, spec: SliceSpec): void {
  const { arch, theta, d1, d2 } = input;
  const P = parameterCount(arch);
  if (theta.length !== P) throw new RangeError(`θ has ${theta.length} entries, the model ${P}`);
  checkDirection(d1, P, "direction d1");
  if (d2) checkDirection(d2, P, "direction d2");
  if ((spec.beta === null) !== (d2 === null)) throw new RangeError("a 2-D slice needs d2 and a beta axis; a 1-D slice neither");
  checkSliceSpec(spec);
}

/** Evaluates the slice; `onRow(done, total)` reports progress after each row. */
export function evaluateSlice(input: SliceInput, spec: SliceSpec, onRow?: (done: number, total: number) => void): SliceResult {
  const { arch, theta, d1, d2, data, loss } = input;
  const P = parameterCount(arch);
  checkSliceInput(input, spec);
  const alpha = axisValues(spec.alpha);
  const beta = spec.beta ? axisValues(spec.beta) : Float64Array.of(0);
  const rows = beta.length, cols = alpha.length;
  const fields = { loss: makeField(rows, cols), accuracy: makeField(rows, cols), gradNorm: makeField(rows, cols) };
  const point = new Float64Array(P);
  const buf = slicePass(arch, data, P, loss, { engine: input.engine, batch: input.batch });
  const out = new Float64Array(3);
  for (let i = 0; i < rows; i++) {
    // Stryker disable next-line EqualityOperator: a column j = cols writes the next row's first cell, which that row then overwrites, or past the end (dropped)
    for (let j = 0; j < cols; j++) {
      slicePoint(theta, d1, d2, alpha[j], beta[i], point);
      evaluatePass(arch, buf, point, data, loss, out);
      const k = i * cols + j;
      fields.loss.data[k] = out[0];
      fields.accuracy.data[k] = out[1];
      fields.gradNorm.data[k] = out[2];
    }
    onRow?.(i + 1, rows);
  }
  return { alpha, beta, fields };
}

/**
 * Points [start, end) of the slice in β-major order, one row's worth at a time handed to
 * onBlock(first point, [loss, accuracy, ‖∇L‖]): evaluateSlice's numbers for those points.
 */
export function evaluateSliceRange(input: SliceInput, spec: SliceSpec, start: number, end: number, onBlock: (at: number, values: Float64Array[]) => void): void {
  const { arch, theta, d1, d2, data, loss } = input;
  checkSliceInput(input, spec);
  const alpha = axisValues(spec.alpha);
  const beta = spec.beta ? axisValues(spec.beta) : Float64Array.of(0);
  const cols = alpha.length;
  const point = new Float64Array(parameterCount(arch));
  const buf = slicePass(arch, data, point.length, loss, { engine: input.engine, batch: input.batch });
  const out = new Float64Array(3);
  for (let p = start; p < end; ) {
    const stop = Math.min(end, (Math.floor(p / cols) + 1) * cols);
    const v = [new Float64Array(stop - p), new Float64Array(stop - p), new Float64Array(stop - p)];
    // Stryker disable next-line EqualityOperator: a point q = stop only writes past the block's arrays (dropped)
    for (let q = p; q < stop; q++) {
      slicePoint(theta, d1, d2, alpha[q % cols], beta[Math.floor(q / cols)], point);
      evaluatePass(arch, buf, point, data, loss, out);
      for (let f = 0; f < 3; f++) v[f][q - p] = out[f];
    }
    onBlock(p, v);
    p = stop;
  }
}
