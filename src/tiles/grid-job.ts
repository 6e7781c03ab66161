// `grid` as a list of points for tiles and checkpoints: its settings (what determines a
// value: the data's content, the loss, the axes), its context (the axes, for the output)
// and its evaluation of a range of points, b-major as the CSV lists them. Each point is
// computed alone by the grid kernel, so a tile's values are those of one run to the bit,
// and the library's `grid` (src/api/grid.ts) evaluates the same points.

import ndarray from "ndarray";
import type { Dataset } from "../data/dataset.js";
import { evaluateLossGradRows } from "../fast/grid-parallel.js";
import { usingKernelPool } from "../fast/pool.js";
import type { LossName } from "../numerics/losses.js";
import { axisValues, type GridSpec } from "../numerics/grid.js";
import { contentDigest, type Settings } from "./settings-hash.js";
import type { PointEvaluator, PointJob } from "./point-job.js";

export const GRID_FIELDS = ["loss", "gradW", "gradB", "gradNorm"] as const;

export interface GridContext {
  loss: LossName;
  w: number[];
  b: number[];
}

export function gridContext(loss: LossName, spec: GridSpec): GridContext {
  return { loss, w: Array.from(axisValues(spec.w)), b: Array.from(axisValues(spec.b)) };
}

/** What decides a value (the runner that writes tile files adds the package version). */
export function gridSettings(loss: LossName, data: Dataset, spec: GridSpec): Settings {
  return { data: contentDigest([data.x, data.y]), loss, ranges: JSON.stringify(spec) };
}

/** What `grid`'s formats read, from the context and the values (one array per field, b-major). */
export function gridDocument(c: GridContext, values: readonly Float64Array[]) {
  const rows = c.b.length, cols = c.w.length;
  const f = (k: number) => ndarray(values[k], [rows, cols]);
  return { loss: c.loss, w: Float64Array.from(c.w), b: Float64Array.from(c.b), fields: { loss: f(0), gradW: f(1), gradB: f(2), gradNorm: f(3) } };
}

/** Rows evaluated per block (each block is one line of the tile file): about 2^22 point·samples. */
export function gridBlockRows(cols: number, rows: number, samples: number): number {
  return Math.max(1, Math.min(rows, Math.ceil(2 ** 22 / (cols * Math.max(1, samples)))));
}

/** Evaluates a range of the grid's points (b-major), block by block, on a kernel pool of its own. */
export function gridEvaluator(loss: LossName, data: Dataset, spec: GridSpec, onProgress: (done: number, total: number) => void): PointEvaluator {
  const cols = spec.w.count, rows = spec.b.count;
  const blockRows = gridBlockRows(cols, rows, data.x.length);
  return async (range, onBlock, shouldStop) => {
    if (range.end <= range.start) return;
    await usingKernelPool(async (pool) => {
      // Whole rows from the range's first to its last, in blocks; the range's points cut out of each.
      const r0 = Math.floor(range.start / cols), r1 = Math.ceil(range.end / cols);
      for (let r = r0; r < r1; r += blockRows) {
        if (shouldStop()) return;
        const re = Math.min(r1, r + blockRows);
        const g = await evaluateLossGradRows(loss, data, spec, { start: r, end: re }, { pool });
        const p0 = Math.max(range.start, r * cols), p1 = Math.min(range.end, re * cols);
        onBlock(p0, GRID_FIELDS.map((f) => (g.fields[f].data as Float64Array).slice(p0 - r * cols, p1 - r * cols)));
        onProgress(p1 - range.start, range.end - range.start);
        // Let SIGTERM's handler run between blocks.
        await new Promise((res) => setImmediate(res));
      }
    });
  };
}

export function gridPointJob(loss: LossName, data: Dataset, spec: GridSpec, settings: Settings, context: GridContext, onProgress: (done: number, total: number) => void): PointJob {
  return { command: "grid", total: spec.w.count * spec.b.count, fields: [...GRID_FIELDS], settings, context, evaluate: gridEvaluator(loss, data, spec, onProgress) };
}
