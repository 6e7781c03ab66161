// `basins`: train from every start of a G×G grid over (w, b), for each loss, and write
// the outcome maps (final loss, accuracy, first epoch reaching the target, ends flat).

import { basinMap, checkBasinSpec, DEFAULT_BASIN_GRID, type BasinMap } from "../../basins/basin-map.js";
import { seededRandom } from "../../init/random.js";
import type { GridSpec } from "../../numerics/grid.js";
import { threadedTrainer } from "../../fast/many-fast.js";
import { usingKernelPool } from "../../fast/pool.js";
import { BASINS_FORMATS, basinsCsvChunks, basinsJsonChunks } from "../basins-format.js";
import { LOSSES_OPTION, lossesValue, OUTCOME_OPTIONS, outcomeValue, TRAINING_OPTIONS, trainingValue } from "../basins-options.js";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { loadData, writeChunksAtomic, writeChunksStdout } from "../io.js";
import { axisText, int, oneOf, type ParsedValues, str } from "../options.js";
import { DATA_OPTION } from "../shared-options.js";
import { gridSpecValue } from "./grid.js";

const MAX_SIZE = 1024;

/** --w/--b as in `grid`; --size G sets N of the axes not given explicitly. */
export function basinSpecValue(values: ParsedValues): GridSpec {
  const g = int(values, "size", DEFAULT_BASIN_GRID.w.count, 2, MAX_SIZE);
  const fallback: GridSpec = { w: { ...DEFAULT_BASIN_GRID.w, count: g }, b: { ...DEFAULT_BASIN_GRID.b, count: g } };
  const spec = gridSpecValue(values, fallback);
  try {
    checkBasinSpec(spec);
  } catch (err) {
    throw new UsageError(`--w/--b: ${(err as Error).message}`);
  }
  return spec;
}

export const basinsCommand: Command = {
  name: "basins",
  summary: "Train from every start of a grid over (w, b) and map where each run ends up.",
  usage: "[--loss mse|bce|all] [--size G] [--w=MIN:MAX:N] [--b=MIN:MAX:N] [training flags] [--format json|csv] [--out FILE]",
  options: [
    LOSSES_OPTION,
    { name: "size", type: "string", arg: "G", help: `points per axis for axes not given by --w/--b, 2 to ${MAX_SIZE}`, defaultText: String(DEFAULT_BASIN_GRID.w.count) },
    { name: "w", type: "string", arg: "MIN:MAX:N", help: "w axis of the starts, N ≥ 2 points including both ends", defaultText: axisText(DEFAULT_BASIN_GRID.w) },
    { name: "b", type: "string", arg: "MIN:MAX:N", help: "b axis of the starts, N ≥ 2 points including both ends", defaultText: axisText(DEFAULT_BASIN_GRID.b) },
    ...TRAINING_OPTIONS,
    { name: "seed", type: "string", arg: "N", help: "seed for --shuffle (all starts share each epoch's order)", defaultText: "0" },
    ...OUTCOME_OPTIONS,
    { name: "format", type: "string", arg: "json|csv", help: "output format", defaultText: "json" },
    { name: "out", type: "string", arg: "FILE", help: "write to FILE (atomically) instead of stdout" },
    DATA_OPTION,
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
    const losses = lossesValue(values);
    const spec = basinSpecValue(values);
    const config = trainingValue(values, losses);
    const options = outcomeValue(values);
    const seed = int(values, "seed", 0, 0);
    const format = oneOf(values, "format", BASINS_FORMATS, "json");
    const out = str(values, "out");
    const data = loadData(str(values, "data"));
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
