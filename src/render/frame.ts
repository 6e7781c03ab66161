// The plot frame: where a panel sits in the figure and how (w, b) maps to pixels.
// w runs left to right, b bottom to top, both linear, over the grid's own range.

import { scaleLinear, type ScaleLinear } from "d3";
import { localId, type G, type Svg } from "./svg.js";

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A numeric field sampled on a (w, b) grid: values[i * w.length + j] is at (w[j], b[i]). */
export interface GridField {
  w: ArrayLike<number>;
  b: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface PlotFrame {
  rect: Rect;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** url(#…) of a clip path equal to the plot rectangle. */
  clip: string;
}

/** Frames a panel over [wMin, wMax] × [bMin, bMax] and defines its clip path in `svg`. */
export function plotFrame(svg: Svg, rect: Rect, wDomain: [number, number], bDomain: [number, number]): PlotFrame {
  const x = scaleLinear().domain(wDomain).range([rect.left, rect.left + rect.width]);
  const y = scaleLinear().domain(bDomain).range([rect.top + rect.height, rect.top]);
  const id = localId(svg, "clip");
  defs(svg)
    .append("clipPath")
    .attr("id", id)
    .append("rect")
    .attr("x", rect.left)
    .attr("y", rect.top)
    .attr("width", rect.width)
    .attr("height", rect.height);
  return { rect, x, y, clip: `url(#${id})` };
}

/** The figure's single <defs>, created on first use right after <desc>. */
export function defs(svg: Svg): G {
  const existing = svg.select<SVGGElement>(":scope > defs");
  if (!existing.empty()) return existing as unknown as G;
  return svg.insert("defs", ":scope > rect.background") as unknown as G;
}

/** A <g> clipped to the plot area, for everything drawn in data coordinates. */
export function clippedLayer(parent: G | Svg, frame: PlotFrame, className: string): G {
  return (parent as G).append("g").attr("class", className).attr("clip-path", frame.clip);
}
