// `grid`: the landscape over a rectangle of the (w, b) plane, as JSON or long CSV.

import { evaluateLossGradParallel } from "../../fast/grid-parallel.js";
import { usingKernelPool } from "../../fast/pool.js";
import { checkGridSpec, DEFAULT_GRID, type GridSpec } from "../../numerics/grid.js";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { GRID_FORMATS, gridCsvChunks, gridJsonChunks } from "../grid-format.js";
import { loadData, writeChunksAtomic, writeChunksStdout } from "../io.js";
import { axis, axisText, oneOf, type ParsedValues, str } from "../options.js";
import { DATA_OPTION, LOSS_OPTION, lossValue } from "../shared-options.js";


/** --w and --b as a checked GridSpec (limits included), or the default grid. */
export function gridSpecValue(values: ParsedValues, fallback: GridSpec = DEFAULT_GRID): GridSpec {
  const w = str(values, "w");
  const b = str(values, "b");
  const spec: GridSpec = {
    w: w === undefined ? fallback.w : axis("--w", w),
    b: b === undefined ? fallback.b : axis("--b", b),
  };
  try {
    checkGridSpec(spec);
  } catch (err) {
    throw new UsageError(`--w/--b: ${(err as Error).message}`);
  }
  return spec;
}

export const gridCommand: Command = {
  name: "grid",
  summary: "Evaluate loss and gradient over a grid of (w, b) and write JSON or CSV.",
  usage: "[--loss mse|bce] [--w=MIN:MAX:N] [--b=MIN:MAX:N] [--format json|csv] [--out FILE]",
  options: [
    LOSS_OPTION,
    { name: "w", type: "string", arg: "MIN:MAX:N", help: "w axis, N ≥ 2 points including both ends", defaultText: axisText(DEFAULT_GRID.w) },
    { name: "b", type: "string", arg: "MIN:MAX:N", help: "b axis, N ≥ 2 points including both ends", defaultText: axisText(DEFAULT_GRID.b) },
    { name: "format", type: "string", arg: "json|csv", help: "output format", defaultText: "json" },
    { name: "out", type: "string", arg: "FILE", help: "write to FILE (atomically) instead of stdout" },
    DATA_OPTION,
  ],
  details: `At most 4096² points. Rows are indexed by b and columns by w: values[i][j] is the
loss at (w[j], b[i]).

JSON: {"loss", "w": [N], "b": [M], "values": [[...]] (M rows of N), "gradW", "gradB",
"gradNorm"} (each M rows of N).
CSV: header w,b,loss,gradW,gradB,gradNorm, one line per point, b-major (all w for
the first b, then the next b).`,
  async run(values) {
    const loss = lossValue(values);
    const spec = gridSpecValue(values);
    const format = oneOf(values, "format", GRID_FORMATS, "json");
    const out = str(values, "out");
    const data = loadData(str(values, "data"));
    // The fields written below, by the WebAssembly SIMD kernel on all cores for large
    // grids (the same numbers as evaluateGrid's).
    const g = await usingKernelPool((pool) => evaluateLossGradParallel(loss, data, spec, { pool }));
    const chunks = format === "json" ? gridJsonChunks(g) : gridCsvChunks(g);
    if (out !== undefined) writeChunksAtomic(out, chunks);
    else writeChunksStdout(chunks);
    return 0;
  },
};
