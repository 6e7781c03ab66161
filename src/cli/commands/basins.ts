// `basins`: train from every start of a G×G grid over (w, b), for each loss, and write
// the outcome maps (final loss, accuracy, first epoch reaching the target, ends flat).

import { basinMap, checkBasinSpec, DEFAULT_BASIN_GRID, type BasinMap } from "../../basins/basin-map.js";
import { seededRandom } from "../../init/random.js";
import { checkGridSpec, type GridSpec } from "../../numerics/grid.js";
import { threadedTrainer } from "../../fast/many-fast.js";
import { chunkedTrainer } from "../../train/chunked.js";
import { usingKernelPool } from "../../fast/pool.js";
import { BASINS_FORMATS, basinsCsvChunks, basinsJsonChunks } from "../basins-format.js";
import { OUTCOME_OPTIONS, outcomeValue } from "../basins-options.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { basinsCost } from "../estimate.js";
import { PROGRESS_OPTIONS, reportChunks, startJob } from "../progress-options.js";
import { UsageError } from "../errors.js";
import { loadData, writeChunksAtomic, writeChunksStdout } from "../io.js";
import { intOption, type Values } from "../options.js";
import { axisOption, DATA_OPTION, formatOption, LOSSES_OPTION, OUT_FILE_OPTION, seedOption } from "../shared-options.js";
import { trainConfigValue, trainingOptions } from "../training-options.js";


const MAX_SIZE = 1024;
/** Starts trained between progress reports (large enough to keep both cores busy). */
const PROGRESS_CHUNK = 16_384;

const SIZE_OPTION = intOption({ name: "size", arg: "G", help: "points per axis for the axes not given by --w/--b", default: DEFAULT_BASIN_GRID.w.count, min: 2, max: MAX_SIZE });
const W_OPTION = axisOption("w", "w axis of the starts: N points from MIN to MAX, both included", DEFAULT_BASIN_GRID);
const B_OPTION = axisOption("b", "b axis of the starts: N points from MIN to MAX, both included", DEFAULT_BASIN_GRID);
const SEED_OPTION = seedOption("seed for --shuffle (all starts share each epoch's order)");
const FORMAT_OPTION = formatOption(BASINS_FORMATS);

/** --w/--b as in `grid`; --size G sets N of the axes not given explicitly. */
export function basinSpecValue(values: Values): GridSpec {
  const g = values.get(SIZE_OPTION);
  const spec: GridSpec = {
    w: values.given(W_OPTION) ? values.get(W_OPTION) : { ...DEFAULT_BASIN_GRID.w, count: g },
    b: values.given(B_OPTION) ? values.get(B_OPTION) : { ...DEFAULT_BASIN_GRID.b, count: g },
  };
  try {
    checkGridSpec(spec);
    checkBasinSpec(spec);
  } catch (err) {
    throw new UsageError(`--w/--b: ${(err as Error).message}`);
  }
  return spec;
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
    OUT_FILE_OPTION,
    DATA_OPTION,
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

Example: loss-landscape basins --loss mse --size 64 --out basins.json`,
  async run(values, io) {
    const losses = values.get(LOSSES_OPTION);
    const spec = basinSpecValue(values);
    const config = trainConfigValue(values, losses[0]);
    const options = outcomeValue(values);
    const seed = values.get(SEED_OPTION);
    const format = values.get(FORMAT_OPTION);
    const out = values.get(OUT_FILE_OPTION);
    const data = loadData(values.get(DATA_OPTION));
    // The many-start trainer: the WebAssembly kernel on all cores, one pool for the
    // command. It follows trainMany's contract; accuracies and first epochs are identical
    // and final values agree to ~1e-15 relative (test/fast-many.test.ts).
    const progress = startJob(values, io, "basins", basinsCost(spec.w.count, spec.b.count, losses.length, data.x.length, config.epochs));
    const maps: BasinMap[] = await usingKernelPool((pool) =>
      losses.map((loss) => {
        const trainer = chunkedTrainer(threadedTrainer({ pool }), PROGRESS_CHUNK, (done, total) => progress.update(`training ${loss}`, done / total));
        return basinMap(data, spec, { ...config, loss }, options, config.shuffle ? seededRandom(seed) : null, trainer);
      }),
    );
    // JSON: 7 fields × M rows per map; CSV: M rows per map.
    const rows = spec.b.count * maps.length;
    const chunks = format === "json" ? reportChunks(basinsJsonChunks(maps, { data: data.source, seed }), 7 * rows, progress, "writing") : reportChunks(basinsCsvChunks(maps), rows, progress, "writing");
    if (out !== undefined) writeChunksAtomic(out, chunks);
    else writeChunksStdout(chunks);
    progress.finish();
    return 0;
  },
};
