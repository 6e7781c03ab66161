// `merge`: puts the tiles of a job (`… --tile K/N --out DIR`) together and writes exactly
// the files one run of the command would have written. Tiles must share their settings
// hash and not overlap; missing tiles exit 3 with the command line of each on stdout.

import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { mergeParsed, type MergeResult } from "../../api/merge.js";
import { TileMergeError, type NamedTile } from "../../tiles/merge.js";
import { parseTileFile, TileFileError } from "../../tiles/tile-file.js";
import type { Command, CommandIO } from "../command.js";
import { UsageError } from "../errors.js";
import { readTextCapped } from "../io.js";
import { choiceOption, flagOption, listOption, type Values } from "../options.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { quote } from "../quote.js";
import { OUT_FILE_OPTION } from "../shared-options.js";
import { SVG_OPTION, VTP_LOG_OPTION } from "../slice-options.js";
import { SLICE_FORMATS, sliceDocumentOfJson, type SliceFormat } from "../../formats/slice.js";
import { checkSliceFormat, writeSliceOutputs } from "../slice-output.js";
import { writeSharpnessOutputs } from "../sharpness-format.js";
import { MAX_TILE_BYTES } from "../tile-run.js";
import { checkGridFormat, writeGridOutput } from "../grid-output.js";
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

async function run(values: Values, io: CommandIO): Promise<number> {
  const dirs = values.get(DIR_OPTION);
  if (dirs.length === 0) throw new UsageError("merge needs the folder of the tiles: loss-landscape merge DIR --out FILE");
  const format = values.get(FORMAT_OPTION);
  const out = values.get(OUT_FILE_OPTION);
  const svg = values.get(SVG_OPTION);
  const allowMissing = values.get(ALLOW_MISSING_OPTION);
  const tiles = readTiles(dirs);
  let merged: MergeResult;
  try {
    merged = await mergeParsed(tiles, { allowMissing });
  } catch (err) {
    if (err instanceof TileMergeError) throw new UsageError(`${err.message}`);
    // The library's refusals name its options: --allow-missing of sharpness tiles, a command this version does not merge.
    if (err instanceof RangeError) throw new UsageError(err.message.startsWith("allowMissing:") ? `--allow-missing:${err.message.slice("allowMissing:".length)}` : `merge: ${err.message}`);
    throw err;
  }
  const { missing } = merged;
  const header = tiles[0]!.tile.header;
  if (merged.result === null) {
    const shown = missing.map((m) => `${m.tile.index}/${m.tile.count}${m.partial ? " (partial)" : ""}`).join(", ");
    io.err(`loss-landscape merge: ${missing.length} of ${header.tile.count} tiles missing (${shown}); nothing written. Compute them with the commands on stdout, or give --allow-missing\n`);
    for (const m of missing) io.out(`loss-landscape ${header.command} ${m.argv.map(shellQuote).join(" ")}\n`);
    return EXIT_MISSING;
  }
  switch (merged.command) {
    case "sharpness": {
      if (values.given(FORMAT_OPTION) || values.given(VTP_LOG_OPTION)) throw new UsageError(`merge: --format and --vtp-log are for slice tiles; sharpness tiles are written ${merged.format === "json" ? "as JSON (their --json)" : "as the text table"}`);
      if (out !== undefined && svg !== undefined && resolve(out) === resolve(svg)) throw new UsageError("--out and --svg name the same file: give two paths");
      const progress = startJob(values, io, "merge", { seconds: 0.1, what: `${merged.result.runs.length} sharpness run${merged.result.runs.length === 1 ? "" : "s"}` });
      await writeSharpnessOutputs(merged.result, merged.format === "json", { out, svg }, io, "the tiles");
      progress.finish();
      return 0;
    }
    case "grid": {
      const gridFormat = checkGridFormat(format);
      if (svg !== undefined) throw new UsageError("--svg: `grid` draws no figure; merge its tiles to --format json or csv");
      const progress = startJob(values, io, "merge", { seconds: header.total * 1e-6, what: `${header.total} points` });
      writeGridOutput(merged.result, gridFormat, out, progress);
      progress.finish();
      return 0;
    }
    case "basins": {
      if (format !== "json" && format !== "csv") throw new UsageError(`--format ${format}: tiles of \`basins\` merge to json or csv`);
      if (svg !== undefined) throw new UsageError("--svg: `basins` draws no figure here; merge its tiles to --format json or csv");
      const progress = startJob(values, io, "merge", { seconds: header.total * 1e-6, what: `${header.total} starts` });
      writeBasinsOutput(merged.result, format, out, progress);
      progress.finish();
      return 0;
    }
    case "slice": {
      const progress = startJob(values, io, "merge", { seconds: header.total * 2e-6, what: `${header.total} points` });
      if (svg !== undefined && merged.figure === null) throw new UsageError("--svg: a model's slice (slice --model) draws no figure; leave --svg out");
      const doc = sliceDocumentOfJson(merged.result);
      checkSliceFormat(format, out, doc.d2 ? 2 : 1);
      await writeSliceOutputs(doc, merged.figure, { format, out, svg, vtpLog: values.get(VTP_LOG_OPTION) }, progress);
      progress.finish();
      return 0;
    }
  }
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
