// A zoom inset for a trajectory too short to see at the panel's scale (the stalled MSE
// run moves ~1.6 units of w on a 30-unit axis): the run redrawn in a magnified box in
// a corner of the panel, with its epoch dots, and a dashed box marking where it is.

import { scaleLinear } from "d3";
import type { PlotFrame, Rect } from "./frame.js";
import { HALO } from "./palette.js";
import { fitPolyline, thinByDistance } from "./reduce.js";
import { round2 } from "./serialize.js";
import type { Trajectory } from "./trajectories.js";
import type { G } from "./svg.js";
import { formatTick } from "./format.js";

/** Runs spanning fewer pixels than this get an inset. */
export const INSET_BELOW_PX = 40;
const SIZE = 130;
const PAD = 8;

/** The run's extent in data units (one pass, no copies). */
function extent(t: Trajectory): [number, number, number, number] {
  let w0 = Infinity, w1 = -Infinity, b0 = Infinity, b1 = -Infinity;
  for (let i = 0; i < t.w.length; i++) {
    if (t.w[i] < w0) w0 = t.w[i];
    if (t.w[i] > w1) w1 = t.w[i];
    if (t.b[i] < b0) b0 = t.b[i];
    if (t.b[i] > b1) b1 = t.b[i];
  }
  return [w0, w1, b0, b1];
}

const overlaps = (a: Rect, b: Rect): boolean =>
  a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;

/** Draws the inset when the run is short on screen; returns whether it did. */
export function drawInset(parent: G, frame: PlotFrame, t: Trajectory): boolean {
  const [w0, w1, b0, b1] = extent(t);
  if (!(Number.isFinite(w0) && Number.isFinite(b0))) return false;
  const px = Math.abs(frame.x(w1) - frame.x(w0));
  const py = Math.abs(frame.y(b0) - frame.y(b1));
  if (Math.max(px, py) >= INSET_BELOW_PX) return false;
  // A square data window around the run, 15% margin, at least a hundredth of the axis.
  const span = Math.max(w1 - w0, b1 - b0, Math.abs(frame.x.domain()[1] - frame.x.domain()[0]) / 100) * 1.3;
  const cw = (w0 + w1) / 2;
  const cb = (b0 + b1) / 2;
  const win: [number, number, number, number] = [cw - span / 2, cw + span / 2, cb - span / 2, cb + span / 2];
  const r = frame.rect;
  const marked: Rect = {
    left: Math.min(frame.x(win[0]), frame.x(win[1])) - 2,
    top: Math.min(frame.y(win[2]), frame.y(win[3])) - 2,
    width: Math.abs(frame.x(win[1]) - frame.x(win[0])) + 4,
    height: Math.abs(frame.y(win[3]) - frame.y(win[2])) + 4,
  };
  const corners: Rect[] = [
    { left: r.left + r.width - SIZE - PAD, top: r.top + r.height - SIZE - PAD, width: SIZE, height: SIZE },
    { left: r.left + r.width - SIZE - PAD, top: r.top + PAD + 20, width: SIZE, height: SIZE },
    { left: r.left + PAD, top: r.top + r.height - SIZE - PAD, width: SIZE, height: SIZE },
  ];
  const box = corners.find((c) => !overlaps(c, { left: marked.left - 30, top: marked.top - 30, width: marked.width + 60, height: marked.height + 60 })) ?? corners[0];
  const g = parent.append("g").attr("class", "inset").attr("data-run", t.key).attr("data-window", win.map((v) => round2(v)).join(","));
  g.append("rect").attr("class", "zoom-mark").attr("x", marked.left).attr("y", marked.top).attr("width", marked.width).attr("height", marked.height)
    .attr("fill", "none").attr("stroke", "#ffffff").attr("stroke-width", 1.2).attr("stroke-dasharray", "3 2");
  g.append("rect").attr("class", "inset-frame").attr("x", box.left).attr("y", box.top).attr("width", box.width).attr("height", box.height)
    .attr("fill", "#f4f4f4").attr("fill-opacity", 0.94).attr("stroke", "#333333").attr("stroke-width", 0.8);
  const x = scaleLinear().domain([win[0], win[1]]).range([box.left + 6, box.left + box.width - 6]);
  const y = scaleLinear().domain([win[2], win[3]]).range([box.top + box.height - 18, box.top + 6]);
  const pts = fitPolyline(thinByDistance(t.w.length, (i) => x(t.w[i]), (i) => y(t.b[i]), 0.1));
  const d = `M${pts.map(([a, b]) => `${round2(a)},${round2(b)}`).join("L")}`;
  g.append("path").attr("d", d).attr("fill", "none").attr("stroke", HALO).attr("stroke-width", 3.4);
  const line = g.append("path").attr("class", "line").attr("d", d).attr("fill", "none").attr("stroke", t.color).attr("stroke-width", 1.6);
  if (t.dashed) line.attr("stroke-dasharray", "5 3");
  const dots = g.append("g").attr("class", "epochs").attr("fill", t.color).attr("stroke", HALO).attr("stroke-width", 0.5);
  const stride = Math.ceil(t.epochEnds.length / 60);
  for (let e = 0; e < t.epochEnds.length; e += stride) {
    const k = t.epochEnds[e];
    dots.append("circle").attr("cx", x(t.w[k])).attr("cy", y(t.b[k])).attr("r", 1.7);
  }
  const last = t.w.length - 1;
  g.append("circle").attr("cx", x(t.w[0])).attr("cy", y(t.b[0])).attr("r", 4).attr("fill", "none").attr("stroke", t.color).attr("stroke-width", 1.6);
  g.append("circle").attr("cx", x(t.w[last])).attr("cy", y(t.b[last])).attr("r", 3.4).attr("fill", t.color).attr("stroke", HALO);
  g.append("text").attr("x", box.left + box.width / 2).attr("y", box.top + box.height - 5).attr("text-anchor", "middle").attr("font-size", 9.5)
    .text(`×${formatTick(Math.round(Math.abs(frame.x.domain()[1] - frame.x.domain()[0]) / span))} zoom · dots: epoch ends`);
  return true;
}
