// The part of `sharpness` both routes share (networks and --model files): the points as one
// tile job (tiles, checkpoint, resume), then the outputs of a whole run, or nothing for a tile.

import { rmSync } from "node:fs";
import type { ModelData } from "../model/model.js";
import type { Table } from "../nn/table.js";
import type { TileSpec } from "../tiles/tile-spec.js";
import type { CommandIO } from "./command.js";
import type { Progress } from "./progress.js";
import { writeSharpnessOutputs } from "./sharpness-format.js";
import { sharpnessPointJob, sharpnessRuns, sharpnessSettings, type SharpnessPoint, type SharpnessTileContext } from "./sharpness-tiles.js";
import { evaluatePoints, SIGNAL_EXIT } from "./tile-run.js";
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
}

/** Evaluates the points (or one tile of them) and writes the outputs; returns the exit code. */
export async function runSharpnessJob(
  points: SharpnessPoint[], data: Table | ModelData, loss: string, context: SharpnessTileContext, place: SharpnessRunPlace, io: CommandIO, progress: Progress,
): Promise<number> {
  const { tile, tilePath } = place;
  const stage = tile ? `ascent starts and curvature, tile ${tile.index}/${tile.count}` : "ascent starts and curvature";
  const job = sharpnessPointJob(points, context.req, sharpnessSettings(points, data, loss, context.req, packageVersion()), context, (done, total) => progress.update(stage, done / total));
  const vals = await evaluatePoints(job, { path: tilePath, tile, resume: place.resume, argv: io.argv ?? [] }, io.err);
  if (!Array.isArray(vals)) {
    progress.finish();
    return SIGNAL_EXIT[vals.stoppedBy];
  }
  if (tile === null) {
    await writeSharpnessOutputs(sharpnessRuns(context, vals), context, { out: place.out, svg: place.svg }, io, place.source);
    if (tilePath !== null) rmSync(tilePath, { force: true });
  }
  progress.finish();
  return 0;
}
