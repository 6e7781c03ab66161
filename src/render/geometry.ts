// Contour geometry from d3-contour, mapped from grid space to pixels.
//
// d3-contour places value j of a row at x = j + 0.5 (cell centres) and returns rings
// in [0, n] × [0, m]; so grid coordinate gx maps to w = w[0] + (gx − 0.5)·Δw, and
// likewise for b. The outer half cell falls outside the axis range and is clipped.

import { contours, type ContourMultiPolygon } from "d3";
import type { GridField, PlotFrame } from "./frame.js";
import { round2 } from "./serialize.js";

/** d3-contour MultiPolygons of `values` (already in the contouring space) at each threshold. */
export function contourSet(field: GridField, values: ArrayLike<number>, thresholds: number[]): ContourMultiPolygon[] {
  const n = field.w.length;
  const m = field.b.length;
  // d3-contour reads values[i * n + j]: exactly the evaluator's row-major [b, w] layout.
  return contours().size([n, m]).thresholds(thresholds)(Array.from(values));
}

/** Maps grid coordinates to data coordinates (w, b). */
export function gridToData(field: GridField): (gx: number, gy: number) => [number, number] {
  const n = field.w.length;
  const m = field.b.length;
  const w0 = field.w[0];
  const b0 = field.b[0];
  const dw = (field.w[n - 1] - w0) / (n - 1);
  const db = (field.b[m - 1] - b0) / (m - 1);
  return (gx, gy) => [w0 + (gx - 0.5) * dw, b0 + (gy - 0.5) * db];
}

/**
 * SVG path data for a MultiPolygon, in pixels rounded to 2 decimals. Points that
 * repeat or lie on a straight line with their neighbours (d3-contour emits one per
 * cell edge along the grid border) are dropped: same shape, far fewer bytes.
 */
export function multiPolygonPath(mp: ContourMultiPolygon, field: GridField, frame: PlotFrame): string {
  const toData = gridToData(field);
  let d = "";
  for (const polygon of mp.coordinates) {
    for (const ring of polygon) {
      const pts: Array<[number, number]> = [];
      for (const [gx, gy] of ring) {
        const [w, b] = toData(gx, gy);
        pts.push([Number(round2(frame.x(w))), Number(round2(frame.y(b)))]);
      }
      const kept = simplifyRing(pts);
      if (kept.length < 3) continue;
      d += `M${kept.map(([x, y]) => `${x},${y}`).join("L")}Z`;
    }
  }
  return d;
}

/** Drops duplicate and exactly collinear points of a closed ring (one pass, stack-based). */
export function simplifyRing(pts: Array<[number, number]>): Array<[number, number]> {
  const collinear = (a: [number, number], b: [number, number], c: [number, number]): boolean =>
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) === 0;
  const out: Array<[number, number]> = [];
  const closed = pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1];
  for (const p of closed ? pts.slice(0, -1) : pts) {
    const last = out[out.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    while (out.length >= 2 && collinear(out[out.length - 2], out[out.length - 1], p)) out.pop();
    out.push(p);
  }
  // Close the ring: the seam between the last and first points may be collinear too.
  while (out.length > 3 && collinear(out[out.length - 2], out[out.length - 1], out[0])) out.pop();
  while (out.length > 3 && collinear(out[out.length - 1], out[0], out[1])) out.shift();
  return out;
}

/** log10 of a non-negative field, with values below `floor` (including 0) raised to it: never −Infinity or NaN. */
export function log10Field(values: ArrayLike<number>, floor: number): Float64Array {
  const out = new Float64Array(values.length);
  const lf = Math.log10(floor);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v > floor ? Math.log10(v) : lf;
  }
  return out;
}
