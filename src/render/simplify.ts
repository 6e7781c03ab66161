// Polyline simplification (Ramer–Douglas–Peucker) in pixel space. A stalled SGD run
// makes hundreds of sub-pixel steps and a loss curve has a point per 0.6 px; dropping
// points that lie within `tolerance` px of the simplified line keeps the drawing
// identical to the eye and the files small. Deterministic: no randomness, no ties.

export function simplifyPolyline(pts: Array<[number, number]>, tolerance = 0.25): Array<[number, number]> {
  if (pts.length <= 2) return pts.slice();
  const keep = new Uint8Array(pts.length);
  keep[0] = 1;
  keep[pts.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, pts.length - 1]];
  while (stack.length > 0) {
    const [i, j] = stack.pop() as [number, number];
    const [ax, ay] = pts[i];
    const [bx, by] = pts[j];
    const dx = bx - ax;
    const dy = by - ay;
    const len = Math.hypot(dx, dy);
    let worst = -1;
    let at = -1;
    for (let k = i + 1; k < j; k++) {
      const [px, py] = pts[k];
      // Distance to the segment (to the end point when the segment is degenerate).
      const d = len === 0 ? Math.hypot(px - ax, py - ay) : segmentDistance(px, py, ax, ay, dx, dy, len);
      if (d > worst) {
        worst = d;
        at = k;
      }
    }
    if (worst > tolerance) {
      keep[at] = 1;
      stack.push([i, at], [at, j]);
    }
  }
  return pts.filter((_, k) => keep[k] === 1);
}

function segmentDistance(px: number, py: number, ax: number, ay: number, dx: number, dy: number, len: number): number {
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (len * len)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
