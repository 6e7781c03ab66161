// The plane through A, B and the bend θ_b (Garipov et al. 2018, fig. 1): an orthonormal
// basis e1 = (B − A)/‖B − A‖, e2 = the part of θ_b − A orthogonal to e1, normalized;
// the loss on a grid of A + x·e1 + y·e2 around the three points. A quadratic Bezier
// curve and a one-bend chain lie in this plane exactly (affine combinations of A, θ_b, B).

import type { Objective } from "./objective.js";
import type { PathPoint } from "./paths.js";

export interface LossPlane {
  /** Grid coordinates along e1 and e2 (increasing). */
  x: number[];
  y: number[];
  /** Loss at (x[j], y[i]) as values[i·x.length + j]. */
  loss: Float64Array;
  /** A, B and the bend in plane coordinates. */
  a: [number, number];
  b: [number, number];
  bend: [number, number];
  /** The path's points in plane coordinates. */
  curve: Array<[number, number]>;
  /** Largest distance of a path point from the plane (rounding only, for a curve of A, θ_b, B). */
  offPlane: number;
}

export function lossPlane(obj: Objective, a: Float64Array, b: Float64Array, bend: Float64Array, path: PathPoint, t: readonly number[], n: number): LossPlane | null {
  const P = a.length;
  const e1 = b.map((v, i) => v - a[i]);
  const len = Math.hypot(...e1);
  if (!(len > 0)) return null;
  for (let i = 0; i < P; i++) e1[i] /= len;
  const v = bend.map((x, i) => x - a[i]);
  let along = 0;
  for (let i = 0; i < P; i++) along += v[i] * e1[i];
  const e2 = v.map((x, i) => x - along * e1[i]);
  const h = Math.hypot(...e2);
  // A bend on the line through A and B spans no plane.
  if (!(h > 1e-12 * len)) return null;
  for (let i = 0; i < P; i++) e2[i] /= h;
  const coords = (p: Float64Array): [number, number, number] => {
    let x = 0, y = 0;
    for (let i = 0; i < P; i++) {
      x += (p[i] - a[i]) * e1[i];
      y += (p[i] - a[i]) * e2[i];
    }
    let r = 0;
    for (let i = 0; i < P; i++) r += (p[i] - a[i] - x * e1[i] - y * e2[i]) ** 2;
    return [x, y, Math.sqrt(r)];
  };
  const q = new Float64Array(P);
  let offPlane = 0;
  const curve = t.map((s): [number, number] => {
    path(s, q);
    const [x, y, r] = coords(q);
    offPlane = Math.max(offPlane, r);
    return [x, y];
  });
  const xs = [0, len, along, ...curve.map((c) => c[0])], ys = [0, h, ...curve.map((c) => c[1])];
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  const mx = 0.2 * (x1 - x0), my = 0.25 * Math.max(y1 - y0, 0.2 * (x1 - x0));
  const x = Array.from({ length: n }, (_, j) => x0 - mx + ((x1 - x0 + 2 * mx) * j) / (n - 1));
  const y = Array.from({ length: n }, (_, i) => y0 - my + ((y1 - y0 + 2 * my) * i) / (n - 1));
  const loss = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < P; k++) q[k] = a[k] + x[j] * e1[k] + y[i] * e2[k];
      loss[i * n + j] = obj.loss(q);
    }
  }
  return { x, y, loss, a: [0, 0], b: [len, 0], bend: [along, h], curve, offPlane };
}
