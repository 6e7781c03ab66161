// SGD trajectories over a landscape: a polyline through the params after every step,
// in data coordinates and clipped to the plot; a hollow start marker, a filled end
// marker and a small dot at the end of every epoch.

import type { PlotFrame } from "./frame.js";
import { clippedLayer } from "./frame.js";
import { HALO } from "./palette.js";
import { round2 } from "./serialize.js";
import { simplifyPolyline } from "./simplify.js";
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

/** The polyline's pixel points, simplified to within 0.25 px; start and end are kept exactly. */
export function polylinePoints(t: Trajectory, frame: PlotFrame, tolerance = 0.25): Array<[number, number]> {
  const pts: Array<[number, number]> = [];
  for (let i = 0; i < t.w.length; i++) pts.push([frame.x(t.w[i]), frame.y(t.b[i])]);
  return simplifyPolyline(pts, tolerance);
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
    for (let e = 0; e < t.epochEnds.length; e++) {
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
