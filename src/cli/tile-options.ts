// --tile, --tiles and --resume: which tile of a job this process computes (by hand, or
// from a Slurm job array's or a Kubernetes Indexed Job's variables) and whether to keep
// the points an earlier, stopped run already wrote.

import { join } from "node:path";
import { MAX_TILES, parseTileSpec, tileFromEnv, type TileSpec } from "../tiles/tile-spec.js";
import { UsageError } from "./errors.js";
import { checkInt, describeInt, flagOption, valueOption, type Values } from "./options.js";
import { checkOutDir, checkOutFile } from "./out-path.js";
import { quote } from "./quote.js";

export type TileChoice = TileSpec | "auto";

export const TILE_OPTION = valueOption<TileChoice | undefined>({
  name: "tile",
  arg: "K/N|auto",
  help: "compute only the K-th of N tiles (K from 0 to N−1), a contiguous block of the points, into the folder --out DIR; auto reads SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (or _MIN/_MAX), or JOB_COMPLETION_INDEX with --tiles N; `loss-landscape merge DIR` puts the tiles together",
  default: undefined,
  defaultText: "the whole job",
  example: "0/4",
  parse: (t) => {
    if (t.trim() === "auto") return "auto";
    try {
      return parseTileSpec(t);
    } catch (err) {
      throw new UsageError(`--tile ${quote(t)}: ${(err as Error).message}`);
    }
  },
});

export const TILES_OPTION = valueOption<number | undefined>({
  name: "tiles",
  arg: "N",
  help: "N for --tile auto: a Kubernetes Indexed Job's completions; under Slurm, the array's size when resubmitting some of its tasks alone (each task ID is then its K)",
  limits: describeInt(1, MAX_TILES),
  default: undefined,
  defaultText: "from the engine's variables",
  example: "16",
  parse: (t) => checkInt("--tiles", t, 1, MAX_TILES),
});

export const RESUME_OPTION = flagOption({
  name: "resume",
  help: "keep the points a stopped run of the same command already wrote (its tile file, or FILE.resume.jsonl beside --out FILE) and compute only the rest",
});

export const TILE_OPTIONS = [TILE_OPTION, TILES_OPTION, RESUME_OPTION];

export const OUT_PATH_OPTION = valueOption<string | undefined>({
  name: "out",
  arg: "PATH",
  help: "write to the file PATH (atomically) instead of stdout; with --tile, the folder that collects the tile files",
  default: undefined,
  parse: (t) => {
    if (t === "") throw new UsageError('--out must name a file or folder (got "")');
    return t;
  },
});

/** The tile to compute (null for the whole job); env is the process's environment. */
export function resolveTile(values: Values, env: Readonly<Record<string, string | undefined>>): TileSpec | null {
  const t = values.get(TILE_OPTION);
  const tiles = values.get(TILES_OPTION);
  if (t === undefined) {
    if (tiles !== undefined) throw new UsageError("--tiles N goes with --tile auto (a Kubernetes Indexed Job's completions)");
    return null;
  }
  if (t !== "auto") {
    if (tiles !== undefined && tiles !== t.count) throw new UsageError(`--tiles ${tiles} disagrees with --tile ${t.index}/${t.count}`);
    return t;
  }
  try {
    return tileFromEnv(env, tiles);
  } catch (err) {
    throw new UsageError(`--tile ${(err as Error).message}`);
  }
}

/** The tile file of tile K of N of `command` in the folder `dir` (checked, not created). */
export function tileFilePath(dir: string, command: string, t: TileSpec): string {
  return join(checkOutDir(dir), `${command}-tile-${t.index}-of-${t.count}.jsonl`);
}

/** The checkpoint of a single run writing `out`. */
export function checkpointPath(out: string): string {
  return `${checkOutFile(out)}.resume.jsonl`;
}

/** The tile files merge reads in a folder. */
export const TILE_FILE_NAME = /^([a-z-]+)-tile-(\d+)-of-(\d+)\.jsonl$/;

/** Shell-quotes one argument (single quotes unless it is plain). */
export function shellQuote(a: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}
