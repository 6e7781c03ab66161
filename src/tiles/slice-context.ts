// `slice`'s tiles: the context every tile file carries (what the outputs need besides the
// values: axes, directions and their metadata, the projected trajectory, the figure's
// captions), and the document and plain result a whole run writes from it and the values.

import { makeField } from "../numerics/grid.js";
import type { LossName } from "../numerics/losses.js";
import { STANDARD_ERROR_FIELD, type SliceDocument } from "../formats/slice.js";

/** The captions of a network slice's figure (`slice --svg`): what the tiles keep so merge draws it. */
export interface SliceFigureOptions {
  loss: LossName;
  /** --epsilon: a value, or "auto" for sliceEpsilon's rule. */
  epsilon: number | "auto";
  samples: number;
  /** e.g. "2-8-1 tanh". */
  model: string;
  center: string;
}

export interface SliceContext {
  header: Record<string, unknown>;
  alpha: number[];
  beta: number[];
  directionMeta: Record<string, unknown>;
  d1: number[];
  d2: number[] | null;
  trajectory: SliceDocument["trajectory"];
  /** The figure's options; null for a slice that draws none (slice --model). */
  svg: SliceFigureOptions | null;
}

export function sliceContext(doc: Omit<SliceDocument, "result">, alpha: Float64Array, beta: Float64Array, svg: SliceFigureOptions | null): SliceContext {
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
    (out.data as Float64Array).set(values[f]!);
    return out;
  };
  return {
    header: c.header,
    result: { alpha: Float64Array.from(c.alpha), beta: Float64Array.from(c.beta), fields: { loss: field(0), accuracy: field(1), gradNorm: field(2) } },
    d1: Float64Array.from(c.d1),
    d2: c.d2 ? Float64Array.from(c.d2) : null,
    directionMeta: c.directionMeta,
    trajectory: c.trajectory,
    ...(values.length > 3 ? { extraFields: [{ ...STANDARD_ERROR_FIELD, data: Float64Array.from(values[3]!) }] } : {}),
  };
}
