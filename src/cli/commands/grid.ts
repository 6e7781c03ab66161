// `grid`: the landscape over a rectangle of the (w, b) plane, as JSON or long CSV; in
// tiles (--tile K/N --out DIR, put together by `merge`) and resumable (--resume).

import { rmSync } from "node:fs";
import { checkGridSpec, DEFAULT_GRID, type AxisSpec, type GridSpec } from "../../numerics/grid.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { gridCost } from "../../estimate/cost.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { UsageError } from "../errors.js";
import { GRID_FORMATS } from "../../formats/grid.js";
import { grid } from "../../api/grid.js";
import { writeGridOutput } from "../grid-output.js";
import { loadData } from "../io.js";
import type { Option, Values } from "../options.js";
import { axisOption, DATA_OPTION, formatOption, LOSS_OPTION } from "../shared-options.js";
import { finiteOr, requireFinite } from "../finite.js";
import { checkpointPath, OUT_PATH_OPTION, resolveTile, RESUME_OPTION, TILE_OPTIONS, tileFilePath } from "../tile-options.js";
import { filePoints, tileStage } from "../tile-run.js";
import { packageVersion } from "../version.js";

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
  options: [LOSS_OPTION, W_OPTION, B_OPTION, FORMAT_OPTION, OUT_PATH_OPTION, DATA_OPTION, ...TILE_OPTIONS, CONFIG_OPTION, ...PROGRESS_OPTIONS],
  details: `At most 4096² points. Rows are indexed by b and columns by w: values[i][j] is the
loss at (w[j], b[i]).

JSON: {"loss", "w": [N], "b": [M], "values": [[...]] (M rows of N), "gradW", "gradB",
"gradNorm"} (each M rows of N).
CSV: header w,b,loss,gradW,gradB,gradNorm, one line per point, b-major (all w for
the first b, then the next b).
Tiles: --tile K/N --out DIR computes the K-th of N contiguous blocks of the points (in
the CSV's order) into DIR; \`loss-landscape merge DIR --format json|csv --out FILE\`
writes the file one run writes, byte for byte.`,
  async run(values, io) {
    const loss = values.get(LOSS_OPTION);
    const spec = gridSpecValue(values, W_OPTION, B_OPTION);
    const format = values.get(FORMAT_OPTION);
    const out = values.get(OUT_PATH_OPTION);
    const tile = resolveTile(values, io.env ?? {});
    const resume = values.get(RESUME_OPTION);
    if (tile !== null && out === undefined) throw new UsageError("--tile writes its tile file into the folder --out DIR: give --out");
    if (tile === null && resume && out === undefined) throw new UsageError("--resume continues a run that writes --out FILE (or a --tile); give --out");
    // Where the points go: the tile file in --out DIR, or with --resume the checkpoint beside
    // --out FILE (a grid's points are cheap: a checkpoint by default would double the writing).
    const tilePath = tile !== null ? tileFilePath(out as string, "grid", tile) : out !== undefined && resume ? checkpointPath(out) : null;
    const data = loadData(values.get(DATA_OPTION));
    const progress = startJob(values, io, "grid", gridCost(spec.w.count, spec.b.count, data.x.length));
    const place = filePoints({ path: tilePath, tile, resume, argv: io.argv ?? [] }, io.err, packageVersion(), {
      checkTile: (fields) => {
        for (const f of fields) requireFinite(f, "--w/--b");
      },
    });
    const result = await finiteOr("--w/--b", grid(data, { loss, ...spec }, { onProgress: (stage, f) => progress.update(tileStage(stage, tile), f), points: place.points }));
    if (result === null) {
      progress.finish();
      return place.exitCode();
    }
    writeGridOutput(result, format, out, progress);
    if (tilePath !== null) rmSync(tilePath, { force: true });
    progress.finish();
    return 0;
  },
};
