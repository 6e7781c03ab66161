// The window of a slice that shows a whole run: each axis spans the projected trajectory's
// coordinates and the center (0), widened on both sides by a margin (a fraction of that
// span), so the path, its start and its end all lie inside with room around them. Li et
// al. (2018) choose their PCA plots' ranges by hand around the path; this makes it the default.

/** The margin on each side, as a fraction of the covered span. */
export const FIT_MARGIN = 0.25;

export interface FittedWindow {
  alpha: [number, number];
  /** null for a line (--dims 1). */
  beta: [number, number] | null;
}

function axisRange(values: readonly number[], margin: number): [number, number] {
  let lo = 0, hi = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`a projected coordinate is ${v}`);
    // Stryker disable next-line EqualityOperator: at v = lo the assignment keeps lo's value
    if (v < lo) lo = v;
    // Stryker disable next-line EqualityOperator: at v = hi the assignment keeps hi's value
    if (v > hi) hi = v;
  }
  const span = hi - lo;
  // A run that never leaves the center along this axis: the unit window around it.
  const pad = span > 0 ? margin * span : 1;
  const r: [number, number] = [lo - pad, hi + pad];
  if (!Number.isFinite(r[0]) || !Number.isFinite(r[1]) || !(r[0] < r[1])) throw new RangeError(`the projected trajectory spans [${lo}, ${hi}], too wide for a float64 window`);
  return r;
}

/** The window covering the points' (α, β) and the center, with `margin` on each side. */
export function fitWindow(points: ReadonlyArray<{ alpha: number; beta: number }>, dims: 1 | 2, margin = FIT_MARGIN): FittedWindow {
  return {
    alpha: axisRange(points.map((p) => p.alpha), margin),
    beta: dims === 2 ? axisRange(points.map((p) => p.beta), margin) : null,
  };
}
