// `basins`: train from every start of a G×G grid over (w, b), for each loss, and write
// the outcome maps (final loss, accuracy, first epoch reaching the target, ends flat).

import { basinMap, checkBasinSpec, DEFAULT_BASIN_GRID, type BasinMap } from "../../basins/basin-map.js";
import { seededRandom } from "../../init/random.js";
import { checkGridSpec, type GridSpec } from "../../numerics/grid.js";
import { threadedTrainer } from "../../fast/many-fast.js";
import { usingKernelPool } from "../../fast/pool.js";
import { BASINS_FORMATS, basinsCsvChunks, basinsJsonChunks } from "../basins-format.js";
import { OUTCOME_OPTIONS, outcomeValue } from "../basins-options.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { UsageError } from "../errors.js";
import { loadData, writeChunksAtomic, writeChunksStdout } from "../io.js";
import { intOption, type Values } from "../options.js";
import { axisOption, DATA_OPTION, formatOption, LOSSES_OPTION, OUT_FILE_OPTION, seedOption } from "../shared-options.js";
import { trainConfigValue, trainingOptions } from "../training-options.js";


const MAX_SIZE = 1024;

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
  async run(values) {
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
    const maps: BasinMap[] = await usingKernelPool((pool) =>
      losses.map((loss) => basinMap(data, spec, { ...config, loss }, options, config.shuffle ? seededRandom(seed) : null, threadedTrainer({ pool }))),
    );
    const chunks = format === "json" ? basinsJsonChunks(maps, { data: data.source, seed }) : basinsCsvChunks(maps);
    if (out !== undefined) writeChunksAtomic(out, chunks);
    else writeChunksStdout(chunks);
    return 0;
  },
};
