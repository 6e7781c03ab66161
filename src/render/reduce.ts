// Reducing long series before drawing, so a figure's size follows what is drawn (its
// pixels), not what was computed (steps or samples).
//
// - columnExtremes: the M4 reduction plotting libraries use for time series: per pixel
//   column keep the first, lowest, highest and last point, in index order. A line drawn
//   through them covers exactly the pixels the full line covers.
// - fitPolyline: Ramer–Douglas–Peucker at 0.25 px, coarsened by factors of 2 until the
//   line has at most `maxPoints` points (a noisy SGD path at batch size 2 zigzags at
//   sub-pixel scale: thousands of points that draw as one thick line).
// - thinByDistance: a streaming pre-pass for very long paths: drops points closer than
//   `minStep` px to the last kept one, without materialising every step.

import { simplifyPolyline } from "./simplify.js";

/** Points drawn per polyline at most (trajectories and loss curves). */
export const MAX_POLYLINE_POINTS = 500;

/** Series longer than this many points per pixel column are reduced per column first. */
const POINTS_PER_COLUMN = 4;

/**
 * M4 reduction of i ↦ (px(i), py(i)), i = 0 … n−1, with px increasing in i: at most
 * four points per pixel column. Series with at most 4 points per column come back whole.
 */
export function columnExtremes(n: number, px: (i: number) => number, py: (i: number) => number, columns: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (n <= POINTS_PER_COLUMN * columns) {
    for (let i = 0; i < n; i++) out.push([px(i), py(i)]);
    return out;
  }
  let i = 0;
  while (i < n) {
    const col = Math.floor(px(i));
    const first = i;
    let lo = i;
    let hi = i;
    let j = i;
    while (j < n && Math.floor(px(j)) === col) {
      const y = py(j);
      if (y < py(lo)) lo = j;
      if (y > py(hi)) hi = j;
      j++;
    }
    const last = j - 1;
    for (const k of [first, Math.min(lo, hi), Math.max(lo, hi), last]) {
      const prev = out[out.length - 1];
      const p: [number, number] = [px(k), py(k)];
      if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) out.push(p);
    }
    i = j;
  }
  return out;
}

/** Keeps a point only when it lies at least `minStep` px from the last kept one; the last point always. */
export function thinByDistance(n: number, px: (i: number) => number, py: (i: number) => number, minStep: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let lx = NaN;
  let ly = NaN;
  for (let i = 0; i < n; i++) {
    const x = px(i);
    const y = py(i);
    if (i === 0 || i === n - 1 || Math.hypot(x - lx, y - ly) >= minStep) {
      out.push([x, y]);
      lx = x;
      ly = y;
    }
  }
  return out;
}

/** RDP at `tolerance` px, doubled until at most `maxPoints` points remain. */
export function fitPolyline(pts: Array<[number, number]>, tolerance = 0.25, maxPoints = MAX_POLYLINE_POINTS): Array<[number, number]> {
  let t = tolerance;
  let out = simplifyPolyline(pts, t);
  while (out.length > maxPoints) {
    t *= 2;
    out = simplifyPolyline(out, t);
  }
  return out;
}
