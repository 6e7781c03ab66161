// The part of `sharpness` both routes share (networks and --model files): the library's
// sharpness() with its points run into the tile or checkpoint file, then the outputs of a
// whole run, or nothing for a tile.

import { rmSync } from "node:fs";
import { sharpness, type SharpnessOptions } from "../api/sharpness.js";
import type { Model, ModelData } from "../model/model.js";
import type { TileSpec } from "../tiles/tile-spec.js";
import type { CommandIO } from "./command.js";
import type { Progress } from "./progress.js";
import { writeSharpnessOutputs } from "./sharpness-format.js";
import { filePoints, tileStage } from "./tile-run.js";
import { packageVersion } from "./version.js";

export interface SharpnessRunPlace {
  tile: TileSpec | null;
  /** The tile file, or the whole run's checkpoint (with --out), or null. */
  tilePath: string | null;
  resume: boolean;
  out: string | undefined;
  svg: string | undefined;
  /** The flag the runs' parameters came from, named in messages about them. */
  source: string;
  /** --json: the format of the output (and of the merged tiles', which carry it). */
  json: boolean;
}

/** Runs sharpness() (or one tile of its points) and writes the outputs; returns the exit code. */
export async function runSharpnessJob(model: Model, data: ModelData, options: Partial<SharpnessOptions>, place: SharpnessRunPlace, io: CommandIO, progress: Progress): Promise<number> {
  const { tile, tilePath } = place;
  // The tiles carry the format, so that `merge` writes what this run would have.
  const files = filePoints({ path: tilePath, tile, resume: place.resume, argv: io.argv ?? [] }, io.err, packageVersion(), { context: (c) => ({ ...(c as object), json: place.json }) });
  const doc = await sharpness(model, data, options, { onProgress: (stage, f) => progress.update(tileStage(stage, tile), f), points: files.points });
  if (doc === null) {
    progress.finish();
    return files.exitCode();
  }
  await writeSharpnessOutputs(doc, place.json, { out: place.out, svg: place.svg }, io, place.source);
  if (tilePath !== null) rmSync(tilePath, { force: true });
  progress.finish();
  return 0;
}
