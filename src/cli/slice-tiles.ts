// `slice` as a list of points for tiles and checkpoints: its settings (what determines a
// value), its context (what its outputs need besides the values: axes, directions and
// their metadata, the projected trajectory, the figure's captions) and its evaluation of
// a range of points, with the same numbers as a whole run.

import { evaluateSliceBlocks } from "../fast/nn-slice-fast.js";
import { usingKernelPool } from "../fast/pool.js";
import { makeField } from "../numerics/grid.js";
import { evaluateSliceRange, SLICE_FIELDS, slicePoint, type SliceInput, type SliceSpec } from "../slices/slice.js";
import { meanLossStandardError } from "../slices/subsample.js";
import { contentDigest, type Settings } from "../tiles/settings-hash.js";
import type { PointRange } from "../tiles/tile-spec.js";
import { evaluateSliceCli } from "./slice-evaluate.js";
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

export function sliceSettings(input: SliceInput, grid: SliceSpec, wbPlane: boolean, version: string, extra: Record<string, string>): Settings {
  const { data, arch, theta, d1, d2, loss } = input;
  return {
    version,
    data: contentDigest([String(data.inputs), data.x, data.y]),
    model: JSON.stringify({ inputs: arch.inputs, hidden: arch.hidden, activation: arch.activation }),
    params: contentDigest([theta]),
    directions: contentDigest([d1, d2]),
    loss,
    ranges: JSON.stringify(grid),
    evaluation: wbPlane ? "grid kernel" : "network kernel",
    ...extra,
  };
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

/** With --subsample: the points are evaluated on `input.data`, the subset of a population of `populationSize`. */
export interface SliceSubsample {
  populationSize: number;
}

export function slicePointJob(
  input: SliceInput,
  grid: SliceSpec,
  wbPlane: boolean,
  settings: Settings,
  context: SliceContext,
  onRow: (done: number, total: number) => void,
  subsample: SliceSubsample | null = null,
): PointJob {
  const total = context.alpha.length * context.beta.length;
  const cols = context.alpha.length;
  const point = new Float64Array(input.theta.length);
  // The standard error of each point's mean loss over the subset, beside the kernel's three fields.
  const withError = (onBlock: (at: number, values: Float64Array[]) => void) => (at: number, v: Float64Array[]): void => {
    if (!subsample) return onBlock(at, v);
    const se = new Float64Array(v[0].length);
    for (let q = 0; q < se.length; q++) {
      const p = at + q;
      slicePoint(input.theta, input.d1, input.d2, context.alpha[p % cols], context.beta[Math.floor(p / cols)], point);
      se[q] = meanLossStandardError(input.arch, point, input.data, input.loss, subsample.populationSize, input.batch);
    }
    onBlock(at, [...v, se]);
  };
  const evaluate = async (range: PointRange, onBlockRaw: (at: number, values: Float64Array[]) => void, shouldStop: () => boolean): Promise<void> => {
    const onBlock = withError(onBlockRaw);
    if (wbPlane) {
      // The one-neuron (w, b) plane goes through the grid kernel as a whole (it is cheap):
      // its points are then handed on in the range asked for.
      const r = await evaluateSliceCli(input, grid, true, onRow);
      onBlock(range.start, SLICE_FIELDS.map((f) => (r.fields[f].data as Float64Array).subarray(range.start, range.end)));
      return;
    }
    const ran = await usingKernelPool((pool) => evaluateSliceBlocks(input, grid, { pool }, { range, onBlock, shouldStop }, onRow));
    if (!ran) evaluateSliceRange(input, grid, range.start, range.end, onBlock);
  };
  return { command: "slice", total, fields: subsample ? [...SLICE_FIELDS, STANDARD_ERROR_FIELD.name] : [...SLICE_FIELDS], settings, context, evaluate };
}
