// A 2-D slice as the library's `slice` returns it (axes and [beta][alpha] rows of loss,
// accuracy and ‖∇L‖), drawn with renderSliceFigure's defaults: viridis, contours, the flat
// region hatched, the center marked θ*. Everything the figure shows can be overridden.

import { renderSliceFigure, type SliceFigureInput } from "./slice.js";

/** What the figure reads of a slice result: `slice()`'s object (or `slice --format json` parsed). */
export interface SliceResultLike {
  loss?: unknown;
  alpha: readonly number[];
  beta: readonly number[];
  fields: Readonly<Record<string, ReadonlyArray<ReadonlyArray<number | null>>>>;
}

const LABELS: Readonly<Record<string, string>> = { mse: "MSE", bce: "cross-entropy loss", ce: "cross-entropy loss" };

/** The field's rows flattened, a missing point as NaN. */
function flat(s: SliceResultLike, name: string): number[] {
  const rows = s.fields[name];
  if (rows === undefined) throw new RangeError(`the slice has no "${name}" field`);
  return rows.flatMap((r) => r.map((v) => v ?? NaN));
}

/** The SVG of a 2-D slice (RangeError for a line: draw it with renderSlice1dFigure). `options` override any of the figure's inputs. */
export function renderSliceResult(doc: Document, s: SliceResultLike, options: Partial<Omit<SliceFigureInput, "alpha" | "beta" | "loss" | "gradNorm" | "accuracy">> & { title?: string } = {}): string {
  if (s.beta.length < 2) throw new RangeError("renderSliceResult draws a plane (beta of 2 points or more); draw a line with renderSlice1dFigure");
  const { title, ...rest } = options;
  const fieldLabel = (typeof s.loss === "string" && LABELS[s.loss]) || "loss";
  return renderSliceFigure(doc, {
    heading: { title: title ?? `${fieldLabel} on a plane through θ*` },
    desc: `${fieldLabel} over α·d1 + β·d2 around θ*, with ‖∇L‖'s flat region hatched`,
    idPrefix: "slice",
    fieldLabel,
    scheme: "viridis",
    scale: "linear",
    contourLines: true,
    xLabel: "α · d1",
    yLabel: "β · d2",
    centerLabel: "θ*",
    flat: { epsilon: 1e-3, target: 0.95, plateauLabel: "plateau", floorLabel: "floor" },
    paths: [],
    ...rest,
    alpha: s.alpha,
    beta: s.beta,
    loss: flat(s, "loss"),
    gradNorm: flat(s, "gradNorm"),
    accuracy: flat(s, "accuracy"),
  });
}
