// The "not computed" area of a figure merged from incomplete tiles (`merge
// --allow-missing`): every point no tile computed is covered by its cell, painted light
// grey and cross-hatched, so a gap in the data never reads as a value of the colour scale.
// A point's cell reaches halfway to its neighbours (and to the plot's edge at the ends),
// as the heatmap's interpolation does; a tile is a contiguous run of points, so the cells
// merge into a few rectangles: one run per row, equal runs of consecutive rows stacked.

import { defs, type PlotFrame } from "./frame.js";
import { round2 } from "./serialize.js";
import { localId, type G, type Svg } from "./svg.js";

/** A rectangle in data coordinates: columns [x0, x1] × rows [y0, y1]. */
export interface DataRect {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export const NOT_COMPUTED_FILL = "#d9d9d9";
export const NOT_COMPUTED_STROKE = "#6b6b6b";

/** Edges of the cells around sorted coordinates: halfway between neighbours, the ends themselves. */
export function cellEdges(v: ArrayLike<number>): number[] {
  const n = v.length;
  const e = new Array<number>(n + 1);
  e[0] = v[0];
  e[n] = v[n - 1];
  for (let i = 1; i < n; i++) e[i] = (v[i - 1] + v[i]) / 2;
  return e;
}

/** The runs [start, end) of indices where missing(i) holds. */
export function missingRuns(n: number, missing: (i: number) => boolean): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < n; ) {
    if (!missing(i)) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && missing(j)) j++;
    runs.push([i, j]);
    i = j;
  }
  return runs;
}

/**
 * Rectangles covering the cells of the missing points of a grid (row-major
 * [row][column], `missing[r * cols + c]` non-zero where not computed).
 */
export function notComputedRects(xs: ArrayLike<number>, ys: ArrayLike<number>, missing: ArrayLike<number>): DataRect[] {
  const cols = xs.length, rows = ys.length;
  const ex = cellEdges(xs), ey = cellEdges(ys);
  const out: DataRect[] = [];
  let open: Array<{ run: [number, number]; r0: number }> = [];
  const close = (o: { run: [number, number]; r0: number }, r1: number): void => {
    out.push({ x0: ex[o.run[0]], x1: ex[o.run[1]], y0: ey[o.r0], y1: ey[r1] });
  };
  for (let r = 0; r <= rows; r++) {
    const runs = r < rows ? missingRuns(cols, (c) => missing[r * cols + c] !== 0) : [];
    const next: typeof open = [];
    for (const run of runs) {
      const same = open.find((o) => o.run[0] === run[0] && o.run[1] === run[1]);
      next.push(same ?? { run, r0: r });
    }
    for (const o of open) if (!next.includes(o)) close(o, r);
    open = next;
  }
  return out;
}

/** Defines the cross-hatch of the not-computed area and returns its url(#…). */
export function notComputedPattern(svg: Svg): string {
  const id = localId(svg, "not-computed");
  const p = defs(svg).append("pattern").attr("id", id).attr("patternUnits", "userSpaceOnUse").attr("width", 8).attr("height", 8);
  p.append("rect").attr("width", 8).attr("height", 8).attr("fill", NOT_COMPUTED_FILL);
  p.append("path").attr("d", "M0,8L8,0M-2,2L2,-2M6,10L10,6M0,0L8,8M-2,6L2,10M6,-2L10,2").attr("stroke", NOT_COMPUTED_STROKE).attr("stroke-width", 1);
  return `url(#${id})`;
}

/**
 * Draws <g class="not-computed"> over the field (under the panel's markers and runs, when
 * `parent` has them): the rectangles filled with `fill` (notComputedPattern's); nothing when there are none.
 */
export function drawNotComputed(parent: G, frame: PlotFrame, rects: readonly DataRect[], points: number, fill: string): G | null {
  if (rects.length === 0) return null;
  const over = parent.select("g.markers").empty() ? null : "g.markers";
  const layer = (over ? parent.insert("g", over) : parent.append("g")).attr("class", "not-computed").attr("clip-path", frame.clip).attr("data-points", points) as G;
  const d = rects
    .map((r) => {
      const x0 = Math.min(frame.x(r.x0), frame.x(r.x1)), x1 = Math.max(frame.x(r.x0), frame.x(r.x1));
      const y0 = Math.min(frame.y(r.y0), frame.y(r.y1)), y1 = Math.max(frame.y(r.y0), frame.y(r.y1));
      return `M${round2(x0)},${round2(y0)}H${round2(x1)}V${round2(y1)}H${round2(x0)}Z`;
    })
    .join("");
  layer.append("path").attr("d", d).attr("fill", fill).attr("stroke", NOT_COMPUTED_STROKE).attr("stroke-width", 0.8);
  return layer;
}
