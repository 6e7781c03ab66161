// `merge` as one library call: the tiles of a job (the texts of its `… --tile K/N` files)
// put together into the output one run writes. The library merges `grid` and `basins`
// tiles into their JSON (the same object `grid` and `basins` return); a missing point is
// null there. Slice and sharpness tiles are merged by the CLI (`loss-landscape merge`).

import { basinsJsonChunks } from "../formats/basins.js";
import { gridJsonChunks } from "../formats/grid.js";
import { basinsMaps, type BasinsContext } from "../tiles/basins-job.js";
import { gridDocument, type GridContext } from "../tiles/grid-job.js";
import { mergeTiles, type MissingTile } from "../tiles/merge.js";
import { parseTileFile } from "../tiles/tile-file.js";
import type { BasinsResult } from "./basins.js";
import type { GridResult } from "./grid.js";
import { progressOf, type RunControl } from "./run-control.js";

export interface MergeOptions {
  /** --allow-missing: merge even with tiles missing (their points null). */
  allowMissing: boolean;
}

export const DEFAULT_MERGE_OPTIONS: Readonly<MergeOptions> = { allowMissing: false };

/** A missing grid or basins point is null in the merged JSON. */
type WithMissing<T> = { [K in keyof T]: T[K] extends number[][] ? Array<Array<number | null>> : T[K] };

export interface MergeResult {
  /** The tiled command (from the tiles' header). */
  command: string;
  /** Tiles not there, or stopped part-way, each with the command's arguments that compute (or finish) it. */
  missing: MissingTile[];
  /** The merged output (the tiled command's JSON); null when tiles are missing and allowMissing is false. */
  result: WithMissing<GridResult> | BasinsResult | null;
}

/**
 * Throws TileFileError for a text that is not a tile file, TileMergeError for tiles of other
 * settings or overlapping tiles, and RangeError for commands whose tiles only the CLI merges.
 */
export async function merge(tiles: ReadonlyArray<{ name: string; text: string }>, options: Partial<MergeOptions> = {}, control?: RunControl): Promise<MergeResult> {
  const o = { ...DEFAULT_MERGE_OPTIONS, ...options };
  const progress = progressOf(control);
  progress("reading tiles", 0);
  const named = tiles.map((t, k) => {
    const tile = { name: t.name, tile: parseTileFile(t.text) };
    progress("reading tiles", (k + 1) / tiles.length);
    return tile;
  });
  const m = mergeTiles(named);
  const command = m.header.command;
  if (command !== "grid" && command !== "basins") throw new RangeError(`tiles of \`${command}\` are merged by the CLI (loss-landscape merge); the library merges grid and basins tiles`);
  if (m.missing.length > 0 && !o.allowMissing) return { command, missing: m.missing, result: null };
  progress("merging", 0);
  let text: string;
  if (command === "grid") text = [...gridJsonChunks(gridDocument(m.context as GridContext, m.values))].join("");
  else {
    const context = m.context as BasinsContext;
    const maps = basinsMaps(context, m.values);
    const S = context.spec.w.count * context.spec.b.count;
    if (m.missing.length > 0) maps.forEach((map, li) => (map.notComputed = m.computed.map((c) => 1 - c).subarray(li * S, (li + 1) * S)));
    text = [...basinsJsonChunks(maps, { data: context.data, seed: context.seed })].join("");
  }
  progress("merging", 1);
  // The object the merged file holds, by construction: its text parsed.
  return { command, missing: m.missing, result: JSON.parse(text) as MergeResult["result"] };
}
