// Axes of a (w, b) panel or of a line chart: d3-axis ticks plus an axis label.

import { axisBottom, axisLeft, type AxisScale } from "d3";
import type { Rect } from "./frame.js";
import type { G, Svg } from "./svg.js";

export interface AxesOptions {
  xLabel: string;
  yLabel: string;
  /** Approximate tick counts; small panels need fewer to avoid overlap. */
  xTicks?: number;
  yTicks?: number;
  yTickFormat?: (v: number) => string;
  /** Render the axis labels in italics (they are maths symbols such as w and b). */
  italic?: boolean;
}

/** Draws bottom and left axes around `rect`, and a thin frame. */
export function drawAxes(parent: G | Svg, rect: Rect, x: AxisScale<number>, y: AxisScale<number>, options: AxesOptions): G {
  const g = (parent as G).append("g").attr("class", "axes").attr("font-size", 11);
  const xa = axisBottom<number>(x).ticks(options.xTicks ?? 7).tickSizeOuter(0);
  const ya = axisLeft<number>(y).ticks(options.yTicks ?? 7).tickSizeOuter(0);
  if (options.yTickFormat) ya.tickFormat((v) => options.yTickFormat!(Number(v)));
  const bottom = rect.top + rect.height;
  g.append("g").attr("class", "axis x-axis").attr("transform", `translate(0,${bottom})`).call(xa);
  g.append("g").attr("class", "axis y-axis").attr("transform", `translate(${rect.left},0)`).call(ya);
  // d3-axis sets font-family/size on the axis <g>; the figure's font stack should win.
  g.selectAll(".axis").attr("font-family", null).attr("font-size", null);
  g.append("rect")
    .attr("class", "frame")
    .attr("x", rect.left)
    .attr("y", rect.top)
    .attr("width", rect.width)
    .attr("height", rect.height)
    .attr("fill", "none")
    .attr("stroke", "#333333")
    .attr("stroke-width", 0.8);
  const style = options.italic === false ? "normal" : "italic";
  g.append("text")
    .attr("class", "axis-label x-label")
    .attr("x", rect.left + rect.width / 2)
    .attr("y", bottom + 34)
    .attr("text-anchor", "middle")
    .attr("font-size", 13)
    .attr("font-style", style)
    .text(options.xLabel);
  g.append("text")
    .attr("class", "axis-label y-label")
    .attr("transform", `translate(${rect.left - 40},${rect.top + rect.height / 2}) rotate(-90)`)
    .attr("text-anchor", "middle")
    .attr("font-size", 13)
    .attr("font-style", style)
    .text(options.yLabel);
  return g;
}
