// Evaluating a slice for the CLI. For the one-neuron model along axes:w,b the plane is
// the (w, b) plane itself, shifted by θ*: it goes through the same WebAssembly grid kernel
// as `grid` (with θ* = (0, 0) the very same points), so `slice --directions axes:w,b` and
// `grid` print the same numbers to the last bit; the network path agrees with the
// closed form only to rounding (its sums run in another order). Everything else runs the
// network kernel on all cores (../fast/nn-slice-fast.ts: the numbers of the one-thread
// WebAssembly kernel, or of ../slices/slice.ts where the kernel does not apply),
// reporting progress after each block of rows.

import { evaluateGridParallel } from "../fast/grid-parallel.js";
import { evaluateSliceParallel } from "../fast/nn-slice-fast.js";
import { usingKernelPool } from "../fast/pool.js";
import type { Architecture } from "../nn/architecture.js";
import { axisValues } from "../numerics/grid.js";
import { type SliceInput, type SliceResult, type SliceSpec } from "../slices/slice.js";
import type { DirectionSpec } from "./slice-options.js";

/** Whether the slice is the one-neuron (w, b) plane: α along w, β along b. */
export function isWbPlane(arch: Architecture, spec: DirectionSpec, grid: SliceSpec): boolean {
  return arch.inputs === 1 && arch.hidden.length === 0 && spec.kind === "axes" && grid.beta !== null && spec.names[0].trim() === "w" && spec.names[1]?.trim() === "b";
}

export async function evaluateSliceCli(input: SliceInput, grid: SliceSpec, wbPlane: boolean, onRow: (done: number, total: number) => void): Promise<SliceResult> {
  if (!wbPlane || grid.beta === null) return usingKernelPool((pool) => evaluateSliceParallel(input, grid, { pool }, onRow));
  const [w0, b0] = input.theta;
  const shift = (a: SliceSpec["alpha"], c: number): SliceSpec["alpha"] => (c === 0 ? a : { min: c + a.min, max: c + a.max, count: a.count });
  const spec = { w: shift(grid.alpha, w0), b: shift(grid.beta, b0) };
  const data = { x: input.data.x, y: input.data.y, source: input.data.source };
  const g = await usingKernelPool((pool) => evaluateGridParallel(input.loss, data, spec, { pool }));
  onRow(grid.beta.count, grid.beta.count);
  return { alpha: axisValues(grid.alpha), beta: axisValues(grid.beta), fields: { loss: g.fields.loss, accuracy: g.fields.accuracy, gradNorm: g.fields.gradNorm } };
}
