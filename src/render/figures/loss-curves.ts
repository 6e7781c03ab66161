// loss-curves.svg: the loss on all samples after every SGD step, one line per run.
// The MSE run from the bad start stays flat while the others fall.

import { line as d3line, max, min, scaleLinear, scaleLog } from "d3";
import { drawAxes } from "../axes.js";
import { formatPower, formatTick } from "../format.js";
import { drawLegend, legendHeight, type LegendEntry } from "../legend.js";
import { HALO } from "../palette.js";
import { round2 } from "../serialize.js";
import type { ScaleType } from "../scales.js";
import { serializeSvg } from "../serialize.js";
import { createSvg, localId } from "../svg.js";
import { drawHeading, headingHeight, type Heading } from "../text.js";
import { FIGURE_WIDTH } from "./landscape.js";
import { defs } from "../frame.js";
import { simplifyPolyline } from "../simplify.js";

export interface LossCurve {
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
  /** Loss after each step, index 0 = at the start. */
  losses: ArrayLike<number>;
  /** Step index of each epoch's end, for tick marks along the curve. */
  epochEnds?: ArrayLike<number>;
}

export interface LossCurvesInput {
  heading: Heading;
  desc: string;
  idPrefix: string;
  curves: LossCurve[];
  yScale: ScaleType;
  yLabel: string;
}

/** Values ≤ 0 cannot sit on a log axis; they are raised to this. */
const LOG_MIN = 1e-12;

export function renderLossCurves(doc: Document, input: LossCurvesInput): string {
  const width = FIGURE_WIDTH;
  const top = headingHeight(input.heading) + 14;
  const rect = { left: 66, top, width: width - 66 - 24, height: 300 };
  const entries: LegendEntry[] = input.curves.map((c) => ({ kind: "line", color: c.color, dashed: c.dashed, label: c.label }));
  const legendBox = { left: 20, top: top + rect.height + 50, width: width - 40, height: 0 };
  legendBox.height = legendHeight(entries, legendBox.width);
  const height = legendBox.top + legendBox.height + 10;

  const svg = createSvg(doc, { width, height, title: input.heading.title, desc: input.desc });
  drawHeading(svg, input.heading);
  const steps = max(input.curves, (c) => c.losses.length - 1) ?? 1;
  const x = scaleLinear().domain([0, Math.max(1, steps)]).range([rect.left, rect.left + rect.width]);
  const clampLog = (v: number): number => (input.yScale === "log" ? Math.max(v, LOG_MIN) : v);
  const lo = min(input.curves, (c) => min(Array.from(c.losses, clampLog))) ?? 0;
  const hi = max(input.curves, (c) => max(Array.from(c.losses, clampLog))) ?? 1;
  const y =
    input.yScale === "log"
      ? scaleLog().domain([lo / 1.3, hi * 1.3]).range([rect.top + rect.height, rect.top]).nice()
      : scaleLinear().domain([0, hi * 1.05]).range([rect.top + rect.height, rect.top]).nice();
  const clip = localId(svg, "clip");
  defs(svg).append("clipPath").attr("id", clip).append("rect").attr("x", rect.left).attr("y", rect.top).attr("width", rect.width).attr("height", rect.height);

  const grid = svg.append("g").attr("class", "gridlines").attr("stroke", "#e5e5e5").attr("stroke-width", 0.8);
  const gridTicks = input.yScale === "log" ? y.ticks(6).filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9) : y.ticks(6);
  for (const t of gridTicks) grid.append("line").attr("x1", rect.left).attr("x2", rect.left + rect.width).attr("y1", y(t)).attr("y2", y(t));

  const layer = svg.append("g").attr("class", "curves").attr("clip-path", `url(#${clip})`);
  for (const c of input.curves) {
    const pts: Array<[number, number]> = [];
    for (let i = 0; i < c.losses.length; i++) pts.push([x(i), y(clampLog(c.losses[i]))]);
    const d = d3line().digits(2)(simplifyPolyline(pts, 0.25)) ?? "";
    const g = layer.append("g").attr("class", "curve").attr("data-run", c.key);
    g.append("path").attr("d", d).attr("fill", "none").attr("stroke", HALO).attr("stroke-width", 3.4);
    const l = g.append("path").attr("class", "line").attr("d", d).attr("fill", "none").attr("stroke", c.color).attr("stroke-width", 1.8).attr("stroke-linejoin", "round");
    if (c.dashed) l.attr("stroke-dasharray", "6 3");
    const last = c.losses.length - 1;
    g.append("circle").attr("cx", round2(x(last))).attr("cy", round2(y(clampLog(c.losses[last])))).attr("r", 3.5).attr("fill", c.color).attr("stroke", HALO);
  }
  // Log axes label decades and the 2× and 5× ticks only when the span is short; d3's
  // default labels every minor tick, which overlaps at this height.
  const decades = input.yScale === "log" ? Math.log10(y.domain()[1] / y.domain()[0]) : 0;
  const fmt = (v: number): string => {
    if (input.yScale !== "log") return formatTick(v);
    const m = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
    if (Math.abs(m - 1) < 1e-6) return formatPower(v);
    return decades <= 3 && (Math.abs(m - 2) < 1e-6 || Math.abs(m - 5) < 1e-6) ? formatTick(v) : "";
  };
  drawAxes(svg, rect, x, y, { xLabel: "SGD step (iteration)", yLabel: input.yLabel, yTicks: 6, xTicks: 8, yTickFormat: fmt, italic: false });
  drawLegend(svg, legendBox, entries);
  return serializeSvg(svg, { idPrefix: input.idPrefix });
}
