// A vertical colorbar: the same discrete bands as the heatmap, with ticks and a label.

import { axisBottom, axisRight } from "d3";
import { formatPower, formatTick } from "./format.js";
import type { Rect } from "./frame.js";
import { bandScale, type ColorBands } from "./scales.js";
import type { G, Svg } from "./svg.js";

export interface ColorbarOptions {
  label: string;
  /** Extra marks on the bar, e.g. ε on a |∇L| scale. */
  marks?: Array<{ value: number; label: string }>;
  /** Vertical (beside a plot, the default) or horizontal (under a panel). */
  orientation?: "vertical" | "horizontal";
}

export function drawColorbar(parent: G | Svg, rect: Rect, bands: ColorBands, options: ColorbarOptions): G {
  if (options.orientation === "horizontal") return drawHorizontal(parent, rect, bands, options);
  const g = (parent as G).append("g").attr("class", "colorbar").attr("font-size", 10);
  const y = bandScale(bands, [rect.top + rect.height, rect.top]);
  const t = bands.thresholds;
  for (let i = 0; i < bands.colors.length; i++) {
    const y0 = y(t[i]);
    const y1 = y(t[i + 1]);
    g.append("rect").attr("x", rect.left).attr("y", y1).attr("width", rect.width).attr("height", y0 - y1).attr("fill", bands.colors[i]);
  }
  g.append("rect").attr("x", rect.left).attr("y", rect.top).attr("width", rect.width).attr("height", rect.height).attr("fill", "none").attr("stroke", "#333333").attr("stroke-width", 0.6);
  const fmt = bands.type === "log" ? formatPower : formatTick;
  const axis = axisRight(y).tickValues(bands.ticks).tickFormat((v) => fmt(Number(v))).tickSizeOuter(0).tickSize(4);
  const ag = g.append("g").attr("class", "axis").attr("transform", `translate(${rect.left + rect.width},0)`).call(axis);
  ag.attr("font-family", null).attr("font-size", null).select(".domain").remove();
  for (const m of options.marks ?? []) {
    const my = y(m.value);
    g.append("line").attr("class", "mark").attr("x1", rect.left - 4).attr("x2", rect.left + rect.width).attr("y1", my).attr("y2", my).attr("stroke", "#000000").attr("stroke-width", 1.4);
    g.append("text").attr("class", "mark-label").attr("x", rect.left - 6).attr("y", my).attr("dy", "0.32em").attr("text-anchor", "end").text(m.label);
  }
  g.append("text")
    .attr("class", "colorbar-label")
    .attr("transform", `translate(${rect.left + rect.width + 44},${rect.top + rect.height / 2}) rotate(90)`)
    .attr("text-anchor", "middle")
    .attr("font-size", 12)
    .text(options.label);
  return g;
}

function drawHorizontal(parent: G | Svg, rect: Rect, bands: ColorBands, options: ColorbarOptions): G {
  const g = (parent as G).append("g").attr("class", "colorbar").attr("font-size", 10);
  const x = bandScale(bands, [rect.left, rect.left + rect.width]);
  const t = bands.thresholds;
  for (let i = 0; i < bands.colors.length; i++) {
    const x0 = x(t[i]);
    g.append("rect").attr("x", x0).attr("y", rect.top).attr("width", x(t[i + 1]) - x0).attr("height", rect.height).attr("fill", bands.colors[i]);
  }
  g.append("rect").attr("x", rect.left).attr("y", rect.top).attr("width", rect.width).attr("height", rect.height).attr("fill", "none").attr("stroke", "#333333").attr("stroke-width", 0.6);
  const fmt = bands.type === "log" ? formatPower : formatTick;
  // Horizontal labels are wider than they are tall: at most 6 ticks.
  const every = Math.max(1, Math.ceil(bands.ticks.length / 6));
  const tickValues = bands.ticks.filter((_, i) => i % every === 0);
  const axis = axisBottom(x).tickValues(tickValues).tickFormat((v) => fmt(Number(v))).tickSizeOuter(0).tickSize(4);
  const ag = g.append("g").attr("class", "axis").attr("transform", `translate(0,${rect.top + rect.height})`).call(axis);
  ag.attr("font-family", null).attr("font-size", null).select(".domain").remove();
  for (const m of options.marks ?? []) {
    const mx = x(m.value);
    g.append("line").attr("class", "mark").attr("x1", mx).attr("x2", mx).attr("y1", rect.top - 4).attr("y2", rect.top + rect.height).attr("stroke", "#000000").attr("stroke-width", 1.4);
    g.append("text").attr("class", "mark-label").attr("x", mx).attr("y", rect.top - 7).attr("text-anchor", "middle").text(m.label);
  }
  g.append("text").attr("class", "colorbar-label").attr("x", rect.left + rect.width / 2).attr("y", rect.top + rect.height + 30).attr("text-anchor", "middle").attr("font-size", 12).text(options.label);
  return g;
}
