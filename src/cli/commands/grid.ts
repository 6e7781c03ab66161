// `grid`: the landscape over a rectangle of the (w, b) plane, as JSON or long CSV.

import { evaluateLossGradParallel } from "../../fast/grid-parallel.js";
import { usingKernelPool } from "../../fast/pool.js";
import { checkGridSpec, DEFAULT_GRID, type AxisSpec, type GridSpec } from "../../numerics/grid.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { gridCost } from "../estimate.js";
import { PROGRESS_OPTIONS, reportChunks, startJob } from "../progress-options.js";
import { UsageError } from "../errors.js";
import { GRID_FORMATS, gridCsvChunks, gridJsonChunks } from "../grid-format.js";
import { loadData, writeChunksAtomic, writeChunksStdout } from "../io.js";
import type { Option, Values } from "../options.js";
import { axisOption, DATA_OPTION, formatOption, LOSS_OPTION, OUT_FILE_OPTION } from "../shared-options.js";
import { requireFinite } from "../finite.js";

/** --w and --b as a checked GridSpec (limits included). */
export function gridSpecValue(values: Values, w: Option<AxisSpec>, b: Option<AxisSpec>): GridSpec {
  const spec: GridSpec = { w: values.get(w), b: values.get(b) };
  try {
    checkGridSpec(spec);
  } catch (err) {
    throw new UsageError(`--w/--b: ${(err as Error).message}`);
  }
  return spec;
}

const W_OPTION = axisOption("w", "w axis: N points from MIN to MAX, both included", DEFAULT_GRID, false);
const B_OPTION = axisOption("b", "b axis: N points from MIN to MAX, both included", DEFAULT_GRID, false);
const FORMAT_OPTION = formatOption(GRID_FORMATS);

export const gridCommand: Command = {
  name: "grid",
  summary: "Evaluate loss and gradient over a grid of (w, b) and write JSON or CSV.",
  options: [LOSS_OPTION, W_OPTION, B_OPTION, FORMAT_OPTION, OUT_FILE_OPTION, DATA_OPTION, CONFIG_OPTION, ...PROGRESS_OPTIONS],
  details: `At most 4096² points. Rows are indexed by b and columns by w: values[i][j] is the
loss at (w[j], b[i]).

JSON: {"loss", "w": [N], "b": [M], "values": [[...]] (M rows of N), "gradW", "gradB",
"gradNorm"} (each M rows of N).
CSV: header w,b,loss,gradW,gradB,gradNorm, one line per point, b-major (all w for
the first b, then the next b).`,
  async run(values, io) {
    const loss = values.get(LOSS_OPTION);
    const spec = gridSpecValue(values, W_OPTION, B_OPTION);
    const format = values.get(FORMAT_OPTION);
    const out = values.get(OUT_FILE_OPTION);
    const data = loadData(values.get(DATA_OPTION));
    // The fields written below, by the WebAssembly SIMD kernel on all cores for large
    // grids (the same numbers as evaluateGrid's).
    const progress = startJob(values, io, "grid", gridCost(spec.w.count, spec.b.count, data.x.length));
    // The fraction of rows done, as the calling thread's chunk loop sees it.
    const stage = `evaluating ${spec.w.count}×${spec.b.count} points`;
    progress.update(stage, 0);
    const onProgress = (f: number): void => progress.update(stage, f);
    const g = await usingKernelPool((pool) => evaluateLossGradParallel(loss, data, spec, { pool, onProgress }));
    requireFinite(g.fields, "--w/--b");
    // JSON writes 4 fields of M rows, CSV M row chunks (after a header).
    const total = format === "json" ? 4 * spec.b.count : spec.b.count;
    const chunks = reportChunks(format === "json" ? gridJsonChunks(g) : gridCsvChunks(g), total, progress, "writing");
    if (out !== undefined) writeChunksAtomic(out, chunks);
    else writeChunksStdout(chunks);
    progress.finish();
    return 0;
  },
};
