// connect.svg: (top) the loss along the paths between A and B, for t from 0 to 1: the
// straight line, the aligned line and the trained curve, training data solid and test
// data dashed; (bottom, when a curve was trained) the loss over the plane through A,
// (aligned) B and the bend, with the curve and the straight segment drawn on it, as
// Garipov et al. (2018) show it in their figure 1.

import { colorBands, finiteExtent, type ScaleType } from "../scales.js";
import { drawAxes } from "../axes.js";
import { drawColorbar } from "../colorbar.js";
import { clippedLayer, plotFrame, type Rect } from "../frame.js";
import { drawHeatmap } from "../heatmap.js";
import { drawLegend, legendHeight, type LegendEntry } from "../legend.js";
import { HALO } from "../palette.js";
import { round2, serializeSvg } from "../serialize.js";
import { createSvg, type Svg } from "../svg.js";
import { drawHeading, headingHeight, type Heading } from "../text.js";
import { FIGURE_WIDTH } from "./landscape.js";
import { drawChart, type ChartSeries } from "./slice-chart.js";

export interface ConnectLine {
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
  t: ArrayLike<number>;
  loss: ArrayLike<number>;
}

export interface ConnectPlaneInput {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  loss: ArrayLike<number>;
  a: [number, number];
  b: [number, number];
  bend: [number, number];
  curve: Array<[number, number]>;
  curveColor: string;
  /** e.g. "B (aligned)". */
  bLabel: string;
}

export interface ConnectFigureInput {
  heading: Heading;
  desc: string;
  idPrefix: string;
  lines: ConnectLine[];
  lossLabel: string;
  scale: ScaleType;
  plane: ConnectPlaneInput | null;
}

const pathData = (pts: Array<[number, number]>): string => `M${pts.map(([x, y]) => `${round2(x)},${round2(y)}`).join("L")}`;

function drawPlane(svg: Svg, rect: Rect, p: ConnectPlaneInput): void {
  const g = svg.append("g").attr("class", "plane-panel");
  const xd: [number, number] = [p.x[0], p.x[p.x.length - 1]], yd: [number, number] = [p.y[0], p.y[p.y.length - 1]];
  const frame = plotFrame(svg, rect, xd, yd);
  const [lo, hi] = finiteExtent(p.loss);
  const bands = colorBands(lo, hi, "viridis", lo > 0 && hi / lo > 20 ? "log" : "linear", 12);
  drawHeatmap(g, { w: p.x, b: p.y, values: p.loss }, bands, frame, svg);
  const layer = clippedLayer(g, frame, "paths");
  const px = (q: [number, number]): [number, number] => [frame.x(q[0]), frame.y(q[1])];
  const seg = pathData([px(p.a), px(p.b)]);
  layer.append("path").attr("class", "halo").attr("d", seg).attr("fill", "none").attr("stroke", HALO).attr("stroke-width", 3.4);
  layer.append("path").attr("class", "segment").attr("d", seg).attr("fill", "none").attr("stroke", "#000000").attr("stroke-width", 1.4).attr("stroke-dasharray", "5 3");
  const cd = pathData(p.curve.map(px));
  layer.append("path").attr("class", "halo").attr("d", cd).attr("fill", "none").attr("stroke", HALO).attr("stroke-width", 3.6);
  layer.append("path").attr("class", "curve").attr("d", cd).attr("fill", "none").attr("stroke", p.curveColor).attr("stroke-width", 1.9);
  for (const [q, label, cls] of [[p.a, "A", "point-a"], [p.b, p.bLabel, "point-b"], [p.bend, "bend", "point-bend"]] as const) {
    const [x, y] = px(q);
    layer.append("circle").attr("class", cls).attr("cx", round2(x)).attr("cy", round2(y)).attr("r", 4.5).attr("fill", cls === "point-bend" ? "none" : "#ffffff").attr("stroke", "#000000").attr("stroke-width", 1.6);
    layer.append("text").attr("x", round2(x + 7)).attr("y", round2(y - 7)).attr("font-size", 11).attr("font-weight", 600).attr("stroke", HALO).attr("stroke-width", 3).attr("paint-order", "stroke").text(label);
  }
  drawAxes(g, rect, frame.x, frame.y, { xLabel: "along B − A", yLabel: "toward the bend", xTicks: 6, yTicks: 5, italic: false });
  g.append("text").attr("class", "chart-title").attr("x", rect.left).attr("y", rect.top - 6).attr("font-size", 11.5).attr("font-weight", 600).text("training loss on the plane through A, B and the bend");
  drawColorbar(g, { left: rect.left + rect.width + 18, top: rect.top, width: 14, height: rect.height }, bands, { label: "loss" });
}

export function renderConnectFigure(doc: Document, input: ConnectFigureInput): string {
  const width = FIGURE_WIDTH;
  const top = headingHeight(input.heading) + 22;
  const lossRect: Rect = { left: 70, top, width: width - 70 - 24, height: 250 };
  const entries: LegendEntry[] = input.lines.map((l) => ({ kind: "line", color: l.color, dashed: l.dashed, label: l.label }));
  const legendBox = { left: 20, top: lossRect.top + lossRect.height + 54, width: width - 40, height: 0 };
  legendBox.height = legendHeight(entries, legendBox.width);
  const planeRect: Rect | null = input.plane ? { left: 70, top: legendBox.top + legendBox.height + 40, width: width - 70 - 110, height: 300 } : null;
  const height = (planeRect ? planeRect.top + planeRect.height + 50 : legendBox.top + legendBox.height) + 10;
  const svg = createSvg(doc, { width, height, title: input.heading.title, desc: input.desc });
  drawHeading(svg, input.heading);
  const series: ChartSeries[] = input.lines.map((l) => ({ key: l.key, color: l.color, dashed: l.dashed, x: l.t, y: l.loss }));
  drawChart(svg, lossRect, series, {
    className: "loss-panel", title: `${input.lossLabel} along the paths`, xLabel: "t (0 = A, 1 = B)", yLabel: input.lossLabel, yScale: input.scale,
    marks: [{ x: 0, label: "A" }, { x: 1, label: "B" }], xTicks: 10, yTicks: 6,
  });
  drawLegend(svg, legendBox, entries);
  if (input.plane && planeRect) drawPlane(svg, planeRect, input.plane);
  return serializeSvg(svg, { idPrefix: input.idPrefix });
}
