// `grid` as one library call: loss, gradient and ‖∇L‖ of the one-neuron model over a
// rectangle of the (w, b) plane. Its points run in memory, or through the caller's point
// runner (the CLI's tile and checkpoint files, the same kernel, each point alone), so
// `grid --format json` is JSON.stringify of this result, byte for byte.

import type { Dataset } from "../data/dataset.js";
import { checkGridSpec, DEFAULT_GRID, type AxisSpec } from "../numerics/grid.js";
import type { LossName } from "../numerics/losses.js";
import { gridContext, gridPointJob, gridSettings, GRID_FIELDS } from "../tiles/grid-job.js";
import { NonFiniteError } from "../util/finite.js";
import { progressOf, runPoints, type PointsControl, type RunControl } from "./run-control.js";

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

/** The result's key of each of the job's fields ("values" is the loss). */
const RESULT_KEYS = ["values", "gradW", "gradB", "gradNorm"] as const;

/**
 * Throws RangeError for a bad axis (over 4096² points, N < 2, MIN ≥ MAX), NonFiniteError for a
 * value past the float64 range. With a point runner ({@link RunControl.points}) that ran only a
 * tile, or was stopped, it resolves to null.
 */
export async function grid(data: Dataset, options?: Partial<GridOptions>, control?: RunControl & { points?: undefined }): Promise<GridResult>;
export async function grid(data: Dataset, options: Partial<GridOptions> | undefined, control: PointsControl): Promise<GridResult | null>;
export async function grid(data: Dataset, options: Partial<GridOptions> = {}, control?: RunControl): Promise<GridResult | null> {
  const o = { ...DEFAULT_GRID_OPTIONS, ...options };
  const spec = { w: o.w, b: o.b };
  checkGridSpec(spec);
  const progress = progressOf(control);
  const stage = `evaluating ${spec.w.count}×${spec.b.count} points`;
  progress(stage, 0);
  const c = gridContext(o.loss, spec);
  const job = gridPointJob(o.loss, data, spec, gridSettings(o.loss, data, spec), c, (done, all) => progress(stage, done / all));
  const values = await runPoints(job, control);
  if (values === null) return null;
  const cols = c.w.length;
  const fields = GRID_FIELDS.map((_, k) => {
    const f = values[k]!;
    const rows = c.b.map((_, i) => {
      const row = new Array<number>(cols);
      for (let j = 0; j < cols; j++) {
        const v = f[i * cols + j]!;
        if (!Number.isFinite(v)) throw new NonFiniteError(`${RESULT_KEYS[k]}[${i}][${j}]`);
        row[j] = v;
      }
      return row;
    });
    // The field's float64 copy is no longer needed: a 4096² grid holds one copy at a time.
    values[k] = new Float64Array(0);
    return rows;
  });
  const [values0, gradW, gradB, gradNorm] = fields as [number[][], number[][], number[][], number[][]];
  return { loss: o.loss, w: c.w, b: c.b, values: values0, gradW, gradB, gradNorm };
}
