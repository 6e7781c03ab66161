// `basins`: train from every start of a G×G grid over (w, b), for each loss, and write
// the outcome maps (final loss, accuracy, first epoch reaching the target, ends flat).

import { rmSync } from "node:fs";
import { DEFAULT_BASIN_GRID } from "../../basins/basin-map.js";
import type { GridSpec } from "../../numerics/grid.js";
import { basins, basinsSpec, type BasinsOptions } from "../../api/basins.js";
import { BASINS_FORMATS, basinsCsvChunks, basinsJsonChunks, type BasinsFormat, type BasinsJson } from "../../formats/basins.js";
import type { Progress } from "../progress.js";
import { checkpointPath, OUT_PATH_OPTION, resolveTile, RESUME_OPTION, TILE_OPTIONS, tileFilePath } from "../tile-options.js";
import { filePoints, tileStage } from "../tile-run.js";
import { packageVersion } from "../version.js";
import { FLAT_EPSILON_OPTION, OUTCOME_OPTIONS, TARGET_OPTION } from "../basins-options.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { basinsCost } from "../../estimate/cost.js";
import { PROGRESS_OPTIONS, reportChunks, startJob } from "../progress-options.js";
import { UsageError } from "../errors.js";
import { loadData, writeChunksAtomic, writeChunksStdout } from "../io.js";
import { intOption, type Values } from "../options.js";
import { axisOption, DATA_OPTION, formatOption, LOSSES_OPTION, seedOption } from "../shared-options.js";
import { trainingOptions, trainingValue } from "../training-options.js";

const MAX_SIZE = 1024;

const SIZE_OPTION = intOption({ name: "size", arg: "G", help: "points per axis for the axes not given by --w/--b", default: DEFAULT_BASIN_GRID.w.count, min: 2, max: MAX_SIZE });
const W_OPTION = axisOption("w", "w axis of the starts: N points from MIN to MAX, both included", DEFAULT_BASIN_GRID);
const B_OPTION = axisOption("b", "b axis of the starts: N points from MIN to MAX, both included", DEFAULT_BASIN_GRID);
const SEED_OPTION = seedOption("seed for --shuffle (all starts share each epoch's order)");
const FORMAT_OPTION = formatOption(BASINS_FORMATS);

/** --w/--b as in `grid`; --size G sets N of the axes not given explicitly. */
export function basinSpecValue(values: Values): GridSpec {
  const o = { size: values.get(SIZE_OPTION), w: values.given(W_OPTION) ? values.get(W_OPTION) : null, b: values.given(B_OPTION) ? values.get(B_OPTION) : null };
  try {
    return basinsSpec(o);
  } catch (err) {
    throw new UsageError(`--w/--b: ${(err as Error).message}`);
  }
}

export const basinsCommand: Command = {
  name: "basins",
  summary: "Train from every start of a grid over (w, b) and map where each run ends up.",
  options: [
    LOSSES_OPTION,
    SIZE_OPTION,
    W_OPTION,
    B_OPTION,
    ...trainingOptions(),
    SEED_OPTION,
    ...OUTCOME_OPTIONS,
    FORMAT_OPTION,
    OUT_PATH_OPTION,
    DATA_OPTION,
    ...TILE_OPTIONS,
    CONFIG_OPTION,
    ...PROGRESS_OPTIONS,
  ],
  details: `Each cell is the run train(data, [w[j], b[i]], config) would do. At most 1024² starts.
Rows are indexed by b and columns by w: accuracy[i][j] is the outcome from (w[j], b[i]).

JSON: {"w": [N], "b": [M], "losses", "accuracyTarget", "epsilon", "optimizer", "lr",
"batchSize", "epochs", "shuffle", "seed", "data", "maps": {"<loss>": {"finalLoss",
"accuracy", "firstEpoch" (0-based epoch whose end first reaches the target, null =
never), "endsFlat" (final |∇L| < epsilon), "finalGradNorm", "finalW", "finalB"}}},
each field M rows of N; a diverged run's non-finite numbers are null.
CSV: header loss,w,b,finalLoss,accuracy,firstEpoch,endsFlat,finalGradNorm,finalW,finalB,
one line per start, b-major, losses one after another; firstEpoch empty = never,
endsFlat 1/0.

Tiles: --tile K/N --out DIR (or --tile auto) trains a contiguous block of the starts (in
the CSV's order, losses one after another); \`loss-landscape merge DIR --format json|csv
--out FILE\` writes one run's file, byte for byte.

Example: loss-landscape basins --loss mse --size 64 --out basins.json`,
  async run(values, io) {
    const losses = values.get(LOSSES_OPTION);
    const spec = basinSpecValue(values);
    const training = trainingValue(values);
    const format = values.get(FORMAT_OPTION);
    const out = values.get(OUT_PATH_OPTION);
    const tile = resolveTile(values, io.env ?? {});
    const resume = values.get(RESUME_OPTION);
    if (tile !== null && out === undefined) throw new UsageError("--tile writes its tile file into the folder --out DIR: give --out");
    if (tile === null && resume && out === undefined) throw new UsageError("--resume continues a run that writes --out FILE (or a --tile); give --out");
    // Where the outcomes go: the tile file in --out DIR, or the checkpoint beside --out FILE.
    const tilePath = tile !== null ? tileFilePath(out as string, "basins", tile) : out !== undefined ? checkpointPath(out) : null;
    const data = loadData(values.get(DATA_OPTION));
    // The many-start trainer: the WebAssembly kernel on all cores, one pool per block of
    // starts. It follows trainMany's contract; accuracies and first epochs are identical
    // and final values agree to ~1e-15 relative (test/fast-many.test.ts).
    const progress = startJob(values, io, "basins", basinsCost(spec.w.count, spec.b.count, losses.length, data.x.length, training.epochs));
    const place = filePoints({ path: tilePath, tile, resume, argv: io.argv ?? [] }, io.err, packageVersion());
    const options: Partial<BasinsOptions> = {
      loss: losses, ...spec, ...training, seed: values.get(SEED_OPTION), target: values.get(TARGET_OPTION), epsilon: values.get(FLAT_EPSILON_OPTION),
    };
    const result = await basins(data, options, { onProgress: (stage, f) => progress.update(tileStage(stage, tile), f), points: place.points });
    if (result === null) {
      progress.finish();
      return place.exitCode();
    }
    writeBasinsOutput(result, format, out, progress);
    if (tilePath !== null) rmSync(tilePath, { force: true });
    progress.finish();
    return 0;
  },
};

/** Writes the result as one run does (`basins` and `merge`): JSON or CSV, to --out FILE or stdout. */
export function writeBasinsOutput(r: BasinsJson, format: BasinsFormat, out: string | undefined, progress: Progress): void {
  // JSON: 7 fields × M rows per map; CSV: M rows per map.
  const rows = r.b.length * r.losses.length;
  const chunks = format === "json" ? reportChunks(basinsJsonChunks(r), 7 * rows, progress, "writing") : reportChunks(basinsCsvChunks(r), rows, progress, "writing");
  if (out !== undefined) writeChunksAtomic(out, chunks);
  else writeChunksStdout(chunks);
}
