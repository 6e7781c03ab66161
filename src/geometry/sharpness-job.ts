// `sharpness` as a list of points for the tile machinery: the points of ./sharpness-points.ts
// as a PointJob (run in memory by the library's sharpness(), or into tile and checkpoint files
// by the CLI), the settings a tile file is checked against, and the context merge needs to
// build the report one run builds.

import { pointsPerRun, SHARPNESS_FIELDS, sharpnessPointValues, sharpnessRunsOf, type SharpnessPoint, type SharpnessRunInfo } from "./sharpness-points.js";
import type { SharpnessRequest } from "./sharpness-report.js";
import type { SharpnessSetup } from "./sharpness.js";
import type { SharpnessContext, SharpnessRun } from "./sharpness-figure.js";
import type { ModelData } from "../model/model.js";
import type { Table } from "../nn/table.js";
import { contentDigest, type Settings } from "../tiles/settings-hash.js";
import type { PointRange } from "../tiles/tile-spec.js";
import type { PointJob } from "../tiles/point-job.js";

export { pointsPerRun, SHARPNESS_FIELDS, type SharpnessPoint };

/** What the report needs besides the values: each run's description, the request, the data's. */
export interface SharpnessJobContext {
  runs: SharpnessRunInfo[];
  req: SharpnessRequest;
  ctx: SharpnessContext;
}

const dataDigest = (data: Table | ModelData): string =>
  "inputs" in data ? contentDigest([String(data.inputs), data.x, data.y]) : contentDigest([data.x.shape.join("×"), data.x.data, data.y]);

/** What decides the values (the runner that writes tile files adds the package version). An MLP's data is digested as its table. */
export function sharpnessSettings(points: readonly SharpnessPoint[], data: Table | ModelData, loss: string, req: SharpnessRequest): Settings {
  return {
    data: dataDigest(data),
    loss,
    runs: JSON.stringify(points.map((p) => [p.label, p.architecture])),
    params: contentDigest(points.map((p) => p.theta)),
    request: JSON.stringify(req),
  };
}

export function sharpnessPointJob(points: readonly SharpnessPoint[], req: SharpnessRequest, settings: Settings, context: SharpnessJobContext, onPoint: (done: number, total: number) => void): PointJob {
  const total = points.length * pointsPerRun(req);
  const evaluate = async (range: PointRange, onBlock: (at: number, values: Float64Array[]) => void, shouldStop: () => boolean): Promise<void> => {
    // Set-ups shared by the starts of one measure, for this range only.
    const setups = new Map<string, SharpnessSetup>();
    for (let p = range.start; p < range.end; p++) {
      if (shouldStop()) return;
      const row = sharpnessPointValues(points, req, p, setups);
      onBlock(p, row.map((v) => Float64Array.of(v)));
      onPoint(p - range.start + 1, range.end - range.start);
      // Let signals and the event loop in between points.
      await new Promise<void>((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));
    }
  };
  return { command: "sharpness", total, fields: SHARPNESS_FIELDS, settings, context, evaluate };
}

/** The runs' reports from the points' values (one array per field, every point present). */
export function sharpnessRuns(c: SharpnessJobContext, values: readonly Float64Array[]): SharpnessRun[] {
  return sharpnessRunsOf(c.runs, c.req, values);
}
