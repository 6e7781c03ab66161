// `slice` as a list of points for tiles and checkpoints: its context (what its outputs need
// besides the values: axes, directions and their metadata, the projected trajectory, the
// figure's captions), the document a whole run writes, and the library plan's evaluation of
// a range of points (../api/slice.ts), with the same numbers as a whole run.

import type { SlicePlan } from "../api/slice.js";
import { makeField } from "../numerics/grid.js";
import type { Settings } from "../tiles/settings-hash.js";
import { STANDARD_ERROR_FIELD, type SliceDocument } from "../formats/slice.js";
import type { SliceSvgOptions } from "./slice-svg.js";
import type { PointJob } from "../tiles/point-job.js";

export interface SliceContext {
  header: Record<string, unknown>;
  alpha: number[];
  beta: number[];
  directionMeta: Record<string, unknown>;
  d1: number[];
  d2: number[] | null;
  trajectory: SliceDocument["trajectory"];
  /** The figure's options; null for a slice that draws none (slice --model). */
  svg: SliceSvgOptions | null;
}

export function sliceContext(doc: Omit<SliceDocument, "result">, alpha: Float64Array, beta: Float64Array, svg: SliceSvgOptions | null): SliceContext {
  return {
    header: doc.header,
    alpha: Array.from(alpha),
    beta: Array.from(beta),
    directionMeta: doc.directionMeta,
    d1: Array.from(doc.d1),
    d2: doc.d2 ? Array.from(doc.d2) : null,
    trajectory: doc.trajectory,
    svg,
  };
}

/** The document a whole run writes, from the context and the values (one array per field, β-major). */
export function sliceDocument(c: SliceContext, values: readonly Float64Array[]): SliceDocument {
  const rows = c.beta.length, cols = c.alpha.length;
  const field = (f: number) => {
    const out = makeField(rows, cols);
    (out.data as Float64Array).set(values[f]);
    return out;
  };
  return {
    header: c.header,
    result: { alpha: Float64Array.from(c.alpha), beta: Float64Array.from(c.beta), fields: { loss: field(0), accuracy: field(1), gradNorm: field(2) } },
    d1: Float64Array.from(c.d1),
    d2: c.d2 ? Float64Array.from(c.d2) : null,
    directionMeta: c.directionMeta,
    trajectory: c.trajectory,
    ...(values.length > 3 ? { extraFields: [{ ...STANDARD_ERROR_FIELD, data: Float64Array.from(values[3]) }] } : {}),
  };
}

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
