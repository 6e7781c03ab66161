// `merge`: puts the tiles of a job (`… --tile K/N --out DIR`) together and writes exactly
// the files one run of the command would have written. Tiles must share their settings
// hash and not overlap; missing tiles exit 3 with the command line of each on stdout.

import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { mergeTiles, TileMergeError, type NamedTile } from "../../tiles/merge.js";
import { parseTileFile, TileFileError } from "../../tiles/tile-file.js";
import type { Command, CommandIO } from "../command.js";
import { UsageError } from "../errors.js";
import { readTextCapped } from "../io.js";
import { choiceOption, flagOption, listOption, type Values } from "../options.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { quote } from "../quote.js";
import { OUT_FILE_OPTION } from "../shared-options.js";
import { SVG_OPTION, VTP_LOG_OPTION } from "../slice-options.js";
import { SLICE_FORMATS, type SliceFormat } from "../../formats/slice.js";
import { checkSliceFormat, writeSliceOutputs } from "../slice-output.js";
import { sliceDocument, type SliceContext } from "../slice-tiles.js";
import { writeSharpnessOutputs } from "../sharpness-format.js";
import { sharpnessRuns, type SharpnessTileContext } from "../sharpness-tiles.js";
import { MAX_TILE_BYTES } from "../tile-run.js";
import { checkGridFormat, writeGridOutput } from "../grid-output.js";
import { gridDocument, type GridContext } from "../../tiles/grid-job.js";
import { basinsMaps, type BasinsContext } from "../../tiles/basins-job.js";
import { writeBasinsOutput } from "./basins.js";
import { shellQuote, TILE_FILE_NAME } from "../tile-options.js";

/** Exit status when tiles are missing: the job is not finished, nothing was written. */
export const EXIT_MISSING = 3;

const DIR_OPTION = listOption<string>({
  name: "dir",
  arg: "DIR",
  help: "a folder of tile files (…-tile-K-of-N.jsonl), given bare or as --dir; several folders merge together",
  default: [],
  defaultText: "none",
  example: "tiles",
  max: 4096,
  parse: (t) => t,
});
const POSITIONAL_DIR = { ...DIR_OPTION, positional: true };

const FORMAT_OPTION = choiceOption<SliceFormat>({ name: "format", help: "output format, as the tiled command's --format (grid and basins: json or csv)", choices: SLICE_FORMATS, default: "json" });
const ALLOW_MISSING_OPTION = flagOption({
  name: "allow-missing",
  help: "write the output even with tiles missing: their points are null in JSON, empty in CSV and a hatched 'not computed' area in the SVG",
});

/** The tile files of the folders, parsed. */
function readTiles(dirs: readonly string[]): NamedTile[] {
  const tiles: NamedTile[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      if (!statSync(dir).isDirectory()) throw new UsageError(`${quote(dir)} is not a folder; give the --out DIR of the tiles`);
      names = readdirSync(dir);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`cannot read the folder ${quote(dir)} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
    }
    for (const name of names.filter((n) => TILE_FILE_NAME.test(n)).sort()) {
      const path = join(dir, name);
      try {
        tiles.push({ name: path, tile: parseTileFile(readTextCapped(path, "merge", MAX_TILE_BYTES)) });
      } catch (err) {
        if (err instanceof TileFileError) throw new UsageError(`${quote(path)} ${err.message}`);
        throw err;
      }
    }
  }
  if (tiles.length === 0) throw new UsageError(`${dirs.map(quote).join(", ")} hold${dirs.length === 1 ? "s" : ""} no tile files (COMMAND-tile-K-of-N.jsonl, written by --tile K/N --out DIR)`);
  return tiles;
}

/** sharpness tiles: the runs' reports from the points, written as the tiled command would have (its --json decides the format). */
async function mergeSharpness(values: Values, io: CommandIO, context: SharpnessTileContext, points: Float64Array[], missing: boolean): Promise<number> {
  if (missing) throw new UsageError("--allow-missing: a sharpness report needs every ascent start; compute the missing tiles first");
  if (values.given(FORMAT_OPTION) || values.given(VTP_LOG_OPTION)) throw new UsageError(`merge: --format and --vtp-log are for slice tiles; sharpness tiles are written ${context.json ? "as JSON (their --json)" : "as the text table"}`);
  const out = values.get(OUT_FILE_OPTION), svg = values.get(SVG_OPTION);
  if (out !== undefined && svg !== undefined && resolve(out) === resolve(svg)) throw new UsageError("--out and --svg name the same file: give two paths");
  const progress = startJob(values, io, "merge", { seconds: 0.1, what: `${context.runs.length} sharpness run${context.runs.length === 1 ? "" : "s"}` });
  await writeSharpnessOutputs(sharpnessRuns(context, points), context, { out, svg }, io, "the tiles");
  progress.finish();
  return 0;
}

async function run(values: Values, io: CommandIO): Promise<number> {
  const dirs = values.get(DIR_OPTION);
  if (dirs.length === 0) throw new UsageError("merge needs the folder of the tiles: loss-landscape merge DIR --out FILE");
  const format = values.get(FORMAT_OPTION);
  const out = values.get(OUT_FILE_OPTION);
  const svg = values.get(SVG_OPTION);
  const tiles = readTiles(dirs);
  let merged;
  try {
    merged = mergeTiles(tiles);
  } catch (err) {
    if (err instanceof TileMergeError) throw new UsageError(`${err.message}`);
    throw err;
  }
  const { header, missing } = merged;
  if (missing.length > 0 && !values.get(ALLOW_MISSING_OPTION)) {
    const shown = missing.map((m) => `${m.tile.index}/${m.tile.count}${m.partial ? " (partial)" : ""}`).join(", ");
    io.err(`loss-landscape merge: ${missing.length} of ${header.tile.count} tiles missing (${shown}); nothing written. Compute them with the commands on stdout, or give --allow-missing\n`);
    for (const m of missing) io.out(`loss-landscape ${header.command} ${m.argv.map(shellQuote).join(" ")}\n`);
    return EXIT_MISSING;
  }
  if (header.command === "sharpness") return mergeSharpness(values, io, merged.context as SharpnessTileContext, merged.values, missing.length > 0);
  if (header.command === "grid") {
    const gridFormat = checkGridFormat(format);
    if (svg !== undefined) throw new UsageError("--svg: `grid` draws no figure; merge its tiles to --format json or csv");
    const progress = startJob(values, io, "merge", { seconds: header.total * 1e-6, what: `${header.total} points` });
    writeGridOutput(gridDocument(merged.context as GridContext, merged.values), gridFormat, out, progress);
    progress.finish();
    return 0;
  }
  if (header.command === "basins") {
    if (format !== "json" && format !== "csv") throw new UsageError(`--format ${format}: tiles of \`basins\` merge to json or csv`);
    if (svg !== undefined) throw new UsageError("--svg: `basins` draws no figure here; merge its tiles to --format json or csv");
    const progress = startJob(values, io, "merge", { seconds: header.total * 1e-6, what: `${header.total} starts` });
    const context = merged.context as BasinsContext;
    const maps = basinsMaps(context, merged.values);
    const S = context.spec.w.count * context.spec.b.count;
    if (merged.missing.length > 0) maps.forEach((m, li) => (m.notComputed = merged.computed.map((c) => 1 - c).subarray(li * S, (li + 1) * S)));
    writeBasinsOutput(maps, format, out, { data: context.data, seed: context.seed }, progress);
    progress.finish();
    return 0;
  }
  if (header.command !== "slice") throw new UsageError(`merge: tiles of \`${header.command}\` cannot be merged by this version`);
  const progress = startJob(values, io, "merge", { seconds: header.total * 2e-6, what: `${header.total} points` });
  const context = merged.context as SliceContext;
  if (svg !== undefined && context.svg === null) throw new UsageError("--svg: a model's slice (slice --model) draws no figure; leave --svg out");
  const doc = sliceDocument(context, merged.values);
  checkSliceFormat(format, out, doc.d2 ? 2 : 1);
  await writeSliceOutputs(doc, context.svg, { format, out, svg, vtpLog: values.get(VTP_LOG_OPTION) }, progress);
  progress.finish();
  return 0;
}

export const mergeCommand: Command = {
  name: "merge",
  summary: "Put the tiles of a job (computed with --tile K/N --out DIR) together and write the files one run would have written, byte for byte.",
  options: [POSITIONAL_DIR, FORMAT_OPTION, VTP_LOG_OPTION, OUT_FILE_OPTION, SVG_OPTION, ALLOW_MISSING_OPTION, ...PROGRESS_OPTIONS],
  details: `Every tile must carry the same settings hash (data, model and parameters, directions,
loss, ranges, subsampling, package version), no two may overlap, and together they must
cover every point. A tile of other settings exits 2 naming it and the settings that
differ. With tiles missing (or stopped part-way) merge writes nothing and exits 3,
printing on stdout, one per line, the command that computes (or, with --resume,
finishes) each missing tile; pipe them to a shell or to GNU parallel.
Tiles of \`slice\` (MLP or --model), \`grid\`, \`basins\` and \`sharpness\` merge (the tile
files name their command); grid and basins to json or csv, without a figure; sharpness
(its points are the ascent starts) to JSON or the text table as its tiles' --json says,
with --svg.
Example: loss-landscape slice --tile 0/4 --out tiles (… 3/4), then
loss-landscape merge tiles --format json --out slice.json --svg slice.svg`,
  run,
};
