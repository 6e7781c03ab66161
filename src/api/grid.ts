// `grid` as one library call: loss, gradient and ‖∇L‖ of the one-neuron model over a
// rectangle of the (w, b) plane. The CLI evaluates the same points (the same kernel, each
// point alone) through its tile and checkpoint files, so `grid --format json` is
// JSON.stringify of this result, byte for byte.

import type { Dataset } from "../data/dataset.js";
import { checkGridSpec, DEFAULT_GRID, type AxisSpec } from "../numerics/grid.js";
import type { LossName } from "../numerics/losses.js";
import { gridContext, gridEvaluator, GRID_FIELDS } from "../tiles/grid-job.js";
import { evaluateAll } from "../tiles/point-job.js";
import { NonFiniteError } from "../util/finite.js";
import { progressOf, type RunControl } from "./run-control.js";

/** The flags of `grid` that decide the numbers, with their defaults. */
export interface GridOptions {
  loss: LossName;
  /** --w MIN:MAX:N, the columns. */
  w: AxisSpec;
  /** --b MIN:MAX:N, the rows. */
  b: AxisSpec;
}

export const DEFAULT_GRID_OPTIONS: Readonly<GridOptions> = { loss: "mse", w: DEFAULT_GRID.w, b: DEFAULT_GRID.b };

/** `grid --format json`: each field M rows (b) of N columns (w); values[i][j] is the loss at (w[j], b[i]). */
export interface GridResult {
  loss: LossName;
  w: number[];
  b: number[];
  values: number[][];
  gradW: number[][];
  gradB: number[][];
  gradNorm: number[][];
}

/** Throws RangeError for a bad axis (over 4096² points, N < 2, MIN ≥ MAX), NonFiniteError for a value past the float64 range. */
export async function grid(data: Dataset, options: Partial<GridOptions> = {}, control?: RunControl): Promise<GridResult> {
  const o = { ...DEFAULT_GRID_OPTIONS, ...options };
  const spec = { w: o.w, b: o.b };
  checkGridSpec(spec);
  const progress = progressOf(control);
  const stage = `evaluating ${spec.w.count}×${spec.b.count} points`;
  progress(stage, 0);
  const total = spec.w.count * spec.b.count;
  const values = await evaluateAll(gridEvaluator(o.loss, data, spec, (done, all) => progress(stage, done / all)), GRID_FIELDS.length, total);
  const c = gridContext(o.loss, spec);
  const rows = (f: Float64Array, k: number): number[][] => {
    const name = k === 0 ? "values" : GRID_FIELDS[k]!;
    return c.b.map((_, i) => {
      const row = Array.from(f.subarray(i * c.w.length, (i + 1) * c.w.length));
      const bad = row.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new NonFiniteError(`${name}[${i}][${bad}]`);
      return row;
    });
  };
  const [values0, gradW, gradB, gradNorm] = values.map(rows) as [number[][], number[][], number[][], number[][]];
  return { loss: o.loss, w: c.w, b: c.b, values: values0, gradW, gradB, gradNorm };
}
