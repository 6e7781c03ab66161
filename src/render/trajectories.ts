// SGD trajectories over a landscape: a polyline through the params after every step,
// in data coordinates and clipped to the plot; a hollow start marker, a filled end
// marker and a small dot at the end of every epoch.

import type { PlotFrame } from "./frame.js";
import { clippedLayer } from "./frame.js";
import { HALO } from "./palette.js";
import { round2 } from "./serialize.js";
import { fitPolyline, thinByDistance } from "./reduce.js";
import type { G } from "./svg.js";

export interface Trajectory {
  /** Stable key used in class names and tests, e.g. "mse-start-1". */
  key: string;
  color: string;
  /** w after each step, start first. */
  w: ArrayLike<number>;
  /** b after each step, start first. */
  b: ArrayLike<number>;
  /** Index into w/b of each epoch's last step. */
  epochEnds: ArrayLike<number>;
  /** Dashed lines tell apart runs that share a colour (same start, other loss). */
  dashed?: boolean;
}

/** Paths longer than this are thinned to steps of at least 0.1 px before simplifying. */
const THIN_ABOVE = 20_000;

/** Epoch dots drawn per run at most: with more epochs, every k-th epoch gets one. */
export const MAX_EPOCH_DOTS = 200;

/**
 * The polyline's pixel points, simplified to within 0.25 px (coarser when that leaves
 * more than MAX_POLYLINE_POINTS); start and end are kept exactly.
 */
export function polylinePoints(t: Trajectory, frame: PlotFrame, tolerance = 0.25): Array<[number, number]> {
  const n = t.w.length;
  const px = (i: number): number => frame.x(t.w[i]);
  const py = (i: number): number => frame.y(t.b[i]);
  const pts = n > THIN_ABOVE ? thinByDistance(n, px, py, 0.1) : thinByDistance(n, px, py, 0);
  return fitPolyline(pts, tolerance);
}

const pathData = (pts: Array<[number, number]>): string => `M${pts.map(([x, y]) => `${round2(x)},${round2(y)}`).join("L")}`;

/**
 * Draws each trajectory in its own <g class="trajectory" data-run=key>, clipped to the
 * plot. The first run is drawn last, on top: callers list the run that matters first.
 */
export function drawTrajectories(parent: G, runs: Trajectory[], frame: PlotFrame): G {
  const layer = clippedLayer(parent, frame, "trajectories");
  for (const t of [...runs].reverse()) {
    const g = layer.append("g").attr("class", "trajectory").attr("data-run", t.key);
    const d = pathData(polylinePoints(t, frame));
    g.append("path").attr("class", "halo").attr("d", d).attr("fill", "none").attr("stroke", HALO).attr("stroke-width", 3.6).attr("stroke-linejoin", "round").attr("stroke-opacity", 0.85);
    const line = g.append("path").attr("class", "line").attr("d", d).attr("fill", "none").attr("stroke", t.color).attr("stroke-width", 1.8).attr("stroke-linejoin", "round");
    if (t.dashed) line.attr("stroke-dasharray", "5 3");
    const epochs = g.append("g").attr("class", "epochs").attr("fill", t.color).attr("stroke", HALO).attr("stroke-width", 0.6);
    let lx = NaN;
    let ly = NaN;
    const stride = Math.ceil(t.epochEnds.length / MAX_EPOCH_DOTS);
    for (let e = 0; e < t.epochEnds.length; e += stride) {
      const k = t.epochEnds[e];
      const x = frame.x(t.w[k]);
      const y = frame.y(t.b[k]);
      // Epoch dots closer than 1.5 px would print as one blob; one dot says the same.
      if (Math.hypot(x - lx, y - ly) < 1.5) continue;
      epochs.append("circle").attr("cx", x).attr("cy", y).attr("r", 1.6);
      lx = x;
      ly = y;
    }
    const last = t.w.length - 1;
    g.append("circle").attr("class", "end").attr("cx", frame.x(t.w[last])).attr("cy", frame.y(t.b[last])).attr("r", 4.2).attr("fill", t.color).attr("stroke", HALO).attr("stroke-width", 1.2);
    g.append("circle").attr("class", "start-halo").attr("cx", frame.x(t.w[0])).attr("cy", frame.y(t.b[0])).attr("r", 5).attr("fill", "none").attr("stroke", HALO).attr("stroke-width", 3.4);
    g.append("circle").attr("class", "start").attr("cx", frame.x(t.w[0])).attr("cy", frame.y(t.b[0])).attr("r", 5).attr("fill", "none").attr("stroke", t.color).attr("stroke-width", 1.8);
  }
  return layer;
}
