// `merge` as one library call: the tiles of a job (the texts of its `… --tile K/N` files)
// put together into the result one run returns: grid's, basins', slice's (network or
// model) and sharpness's. A point no tile computed is null there (allowMissing).

import { basinsJsonOf } from "../basins/basins-json.js";
import type { BasinsJson } from "../formats/basins.js";
import type { GridJson } from "../formats/grid.js";
import { sharpnessJson, type SharpnessJson } from "../geometry/sharpness-json.js";
import { sharpnessRuns, type SharpnessJobContext } from "../geometry/sharpness-job.js";
import { basinsMaps, type BasinsContext } from "../tiles/basins-job.js";
import { GRID_FIELDS, type GridContext } from "../tiles/grid-job.js";
import { mergeTiles, type MissingTile } from "../tiles/merge.js";
import type { SliceContext, SliceFigureOptions } from "../tiles/slice-context.js";
import { parseTileFile } from "../tiles/tile-file.js";
import { progressOf, type RunControl } from "./run-control.js";
import type { SliceResult } from "./slice-types.js";

export interface MergeOptions {
  /** --allow-missing: merge even with tiles missing (their points null; refused for sharpness, whose report needs every start). */
  allowMissing: boolean;
}

export const DEFAULT_MERGE_OPTIONS: Readonly<MergeOptions> = { allowMissing: false };

/** A slice's fields with the points no tile computed as null. */
export type MergedSliceResult = Omit<SliceResult, "fields"> & { fields: Record<string, Array<Array<number | null>>> };

interface Merged<C extends string, R> {
  /** The tiled command (from the tiles' header). */
  command: C;
  /** Tiles not there, or stopped part-way, each with the command's arguments that compute (or finish) it. */
  missing: MissingTile[];
  /** What one run of the command returns; null when tiles are missing and allowMissing is false. */
  result: R | null;
}

/**
 * The merged result by command: grid's and basins' results (as their writers take them),
 * slice's with the figure's captions its tiles carry (null for a model's slice, which draws
 * none), and sharpness's report with the format its tiles' run wrote (`sharpness --json`).
 */
export type MergeResult =
  | Merged<"grid", GridJson>
  | Merged<"basins", BasinsJson>
  | (Merged<"slice", MergedSliceResult> & { figure: SliceFigureOptions | null })
  | (Merged<"sharpness", SharpnessJson> & { format: "json" | "text" });

/** Rows of a β-major (or b-major) field, NaN (a point not computed) as null. */
function rowsOf(v: Float64Array, rows: number, cols: number): Array<Array<number | null>> {
  return Array.from({ length: rows }, (_, i) => Array.from(v.subarray(i * cols, (i + 1) * cols), (x) => (Number.isNaN(x) ? null : x)));
}

function gridOf(c: GridContext, values: readonly Float64Array[]): GridJson {
  const [values0, gradW, gradB, gradNorm] = GRID_FIELDS.map((_, k) => rowsOf(values[k]!, c.b.length, c.w.length));
  return { loss: c.loss, w: c.w, b: c.b, values: values0!, gradW: gradW!, gradB: gradB!, gradNorm: gradNorm! };
}

function basinsOf(c: BasinsContext, values: readonly Float64Array[], computed: Uint8Array, missing: boolean): BasinsJson {
  const maps = basinsMaps(c, values);
  const S = c.spec.w.count * c.spec.b.count;
  if (missing) maps.forEach((map, li) => (map.notComputed = computed.map((k) => 1 - k).subarray(li * S, (li + 1) * S)));
  return basinsJsonOf(maps, { data: c.data, seed: c.seed });
}

function sliceOf(c: SliceContext, fields: readonly string[], values: readonly Float64Array[]): MergedSliceResult {
  return {
    ...c.header,
    alpha: c.alpha,
    beta: c.beta,
    directions: { ...c.directionMeta, d1: c.d1, d2: c.d2 },
    fields: Object.fromEntries(fields.map((f, i) => [f, rowsOf(values[i]!, c.beta.length, c.alpha.length)])),
    ...(c.trajectory ? { trajectory: c.trajectory } : {}),
  };
}

/**
 * Throws TileFileError for a text that is not a tile file, TileMergeError for tiles of other
 * settings or overlapping tiles, and RangeError for sharpness tiles merged with tiles missing
 * or tiles of a command this version cannot merge.
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
  return mergeParsed(named, o, control);
}

/** merge() of tiles already parsed (the CLI reads and parses each file as it lists the folder). */
export async function mergeParsed(named: Parameters<typeof mergeTiles>[0], options: Partial<MergeOptions> = {}, control?: RunControl): Promise<MergeResult> {
  const o = { ...DEFAULT_MERGE_OPTIONS, ...options };
  const progress = progressOf(control);
  const m = mergeTiles(named);
  const command = m.header.command;
  const missing = m.missing;
  const stop = missing.length > 0 && !o.allowMissing;
  const context = m.context as Record<string, unknown>;
  progress("merging", 0);
  let r: MergeResult;
  switch (command) {
    case "grid":
      r = { command, missing, result: stop ? null : gridOf(m.context as GridContext, m.values) };
      break;
    case "basins":
      r = { command, missing, result: stop ? null : basinsOf(m.context as BasinsContext, m.values, m.computed, missing.length > 0) };
      break;
    case "slice": {
      const c = m.context as SliceContext;
      r = { command, missing, result: stop ? null : sliceOf(c, m.header.fields, m.values), figure: c.svg };
      break;
    }
    case "sharpness": {
      if (missing.length > 0 && o.allowMissing) throw new RangeError("allowMissing: a sharpness report needs every ascent start; compute the missing tiles first");
      const c = m.context as SharpnessJobContext;
      r = { command, missing, result: stop ? null : sharpnessJson(sharpnessRuns(c, m.values), c.req, c.ctx), format: context.json === true ? "json" : "text" };
      break;
    }
    default:
      throw new RangeError(`tiles of \`${command}\` cannot be merged by this version`);
  }
  progress("merging", 1);
  return r;
}
