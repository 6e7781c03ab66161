// `slice` as a list of points for tiles and checkpoints: the library plan's evaluation of a
// range of points (../api/slice.ts), with the same numbers as a whole run; its context and
// document are the library's (../tiles/slice-context.ts).

import type { SlicePlan } from "../api/slice.js";
import type { Settings } from "../tiles/settings-hash.js";
import { STANDARD_ERROR_FIELD } from "../formats/slice.js";
import type { PointJob } from "../tiles/point-job.js";
import type { SliceContext } from "../tiles/slice-context.js";

export { sliceContext, sliceDocument, type SliceContext } from "../tiles/slice-context.js";

/** The library's plan as a list of points for tiles and checkpoints; onRow hears the progress. */
export function slicePlanJob(plan: SlicePlan, settings: Settings, context: SliceContext, onRow: (done: number, total: number) => void): PointJob {
  return {
    command: "slice",
    total: plan.total,
    fields: plan.fields,
    settings,
    context,
    evaluate: (range, onBlock, shouldStop) => plan.evaluate(range, onBlock, shouldStop, onRow),
  };
}

export { STANDARD_ERROR_FIELD };
