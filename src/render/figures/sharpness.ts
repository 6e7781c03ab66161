// sharpness.svg: each sharpness measure in its own panel, one dot per run with its
// error bar (the spread over ascent starts for the worst-case measures, the 95% interval
// of the mean for average-case sharpness and Hutchinson's trace), so the runs can be
// compared measure by measure. A panel whose values are all positive and span more than
// two decades is drawn on a log axis (the bad start is often orders of magnitude apart).

import { format, scaleLinear, scaleLog, scalePoint, axisLeft, type ScaleContinuousNumeric } from "d3";
import { formatTick } from "../format.js";
import type { Rect } from "../frame.js";
import { drawLegend, legendHeight, type LegendEntry } from "../legend.js";
import { round2, serializeSvg } from "../serialize.js";
import { createSvg, type Svg } from "../svg.js";
import { drawHeading, headingHeight, type Heading } from "../text.js";
import { FIGURE_WIDTH } from "./landscape.js";

export interface MeasurePoint {
  value: number;
  /** Error bar ends (may equal value). */
  low: number;
  high: number;
}

export interface SharpnessPanel {
  key: string;
  title: string;
  /** What the bar shows, under the title. */
  note: string;
  /** One entry per run, in the runs' order. */
  points: MeasurePoint[];
}

export interface SharpnessFigureInput {
  heading: Heading;
  desc: string;
  idPrefix: string;
  runs: Array<{ label: string; color: string }>;
  panels: SharpnessPanel[];
}

const COLS = 3;
const PANEL_H = 150;

function yScale(points: MeasurePoint[], rect: Rect): { scale: ScaleContinuousNumeric<number, number>; log: boolean } {
  const vals = points.flatMap((p) => [p.value, p.low, p.high]).filter(Number.isFinite);
  const lo = vals.length ? Math.min(...vals) : 0, hi = vals.length ? Math.max(...vals) : 1;
  const range = [rect.top + rect.height, rect.top];
  if (lo > 0 && hi / lo > 100) return { scale: scaleLog().domain([lo / 1.5, hi * 1.5]).range(range).nice(), log: true };
  const a = Math.min(0, lo), b = hi > a ? hi : a + 1;
  return { scale: scaleLinear().domain([a, b + (b - a) * 0.08]).range(range).nice(), log: false };
}

function drawPanel(svg: Svg, rect: Rect, panel: SharpnessPanel, runs: SharpnessFigureInput["runs"]): void {
  const g = svg.append("g").attr("class", `panel measure-${panel.key}`);
  g.append("text").attr("class", "panel-title").attr("x", rect.left).attr("y", rect.top - 20).attr("font-size", 12).attr("font-weight", 600).text(panel.title);
  g.append("text").attr("class", "panel-note").attr("x", rect.left).attr("y", rect.top - 7).attr("font-size", 10).attr("fill", "#555555").text(panel.note);
  const x = scalePoint<number>().domain(runs.map((_, i) => i)).range([rect.left, rect.left + rect.width]).padding(0.6);
  const { scale: y, log } = yScale(panel.points, rect);
  const ticks = y.ticks(log ? 3 : 4);
  const grid = g.append("g").attr("class", "gridlines").attr("stroke", "#e5e5e5").attr("stroke-width", 0.8);
  for (const t of ticks) grid.append("line").attr("x1", rect.left).attr("x2", rect.left + rect.width).attr("y1", round2(y(t))).attr("y2", round2(y(t)));
  const axis = axisLeft<number>(y).ticks(log ? 3 : 4, log ? "~e" : undefined).tickSizeOuter(0);
  // Ticks all below 1e−3 in size read (and fit) better as powers of ten, every one alike.
  const tiny = ticks.every((t) => Math.abs(t) < 1e-3);
  if (!log) axis.tickFormat((v) => (Number(v) === 0 ? "0" : tiny ? format("~e")(Number(v)) : formatTick(Number(v))));
  g.append("g").attr("class", "axis y-axis").attr("font-size", 10).attr("transform", `translate(${rect.left},0)`).call(axis).attr("font-family", null);
  g.append("rect").attr("class", "frame").attr("x", rect.left).attr("y", rect.top).attr("width", rect.width).attr("height", rect.height).attr("fill", "none").attr("stroke", "#333333").attr("stroke-width", 0.8);
  const clampY = (v: number): number => Math.max(rect.top, Math.min(rect.top + rect.height, y(log ? Math.max(v, y.domain()[0]) : v)));
  panel.points.forEach((p, i) => {
    if (!Number.isFinite(p.value)) return;
    const cx = x(i) ?? rect.left;
    const dot = g.append("g").attr("class", "run").attr("data-run", i);
    if (p.high > p.low) {
      dot.append("line").attr("class", "error-bar").attr("x1", round2(cx)).attr("x2", round2(cx)).attr("y1", round2(clampY(p.low))).attr("y2", round2(clampY(p.high))).attr("stroke", runs[i].color).attr("stroke-width", 1.6);
      for (const v of [p.low, p.high]) dot.append("line").attr("class", "error-cap").attr("x1", round2(cx - 5)).attr("x2", round2(cx + 5)).attr("y1", round2(clampY(v))).attr("y2", round2(clampY(v))).attr("stroke", runs[i].color).attr("stroke-width", 1.6);
    }
    dot.append("circle").attr("cx", round2(cx)).attr("cy", round2(clampY(p.value))).attr("r", 4.5).attr("fill", runs[i].color).attr("stroke", "#ffffff").attr("stroke-width", 1.2);
  });
}

export function renderSharpnessFigure(doc: Document, input: SharpnessFigureInput): string {
  const width = FIGURE_WIDTH;
  const top = headingHeight(input.heading) + 36;
  const gapX = 66, left = 58, right = 14;
  const panelW = (width - left - right - (COLS - 1) * gapX) / COLS;
  const rows = Math.ceil(input.panels.length / COLS);
  const entries: LegendEntry[] = input.runs.map((r) => ({ kind: "dot", color: r.color, label: r.label }));
  const legendBox = { left: 20, top: top + rows * (PANEL_H + 60) - 20, width: width - 40, height: 0 };
  legendBox.height = legendHeight(entries, legendBox.width);
  const svg = createSvg(doc, { width, height: legendBox.top + legendBox.height + 12, title: input.heading.title, desc: input.desc });
  drawHeading(svg, input.heading);
  input.panels.forEach((p, k) => {
    const r = Math.floor(k / COLS), c = k % COLS;
    drawPanel(svg, { left: left + c * (panelW + gapX), top: top + r * (PANEL_H + 60), width: panelW, height: PANEL_H }, p, input.runs);
  });
  drawLegend(svg, legendBox, entries);
  return serializeSvg(svg, { idPrefix: input.idPrefix });
}
