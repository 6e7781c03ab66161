// The vanishing-gradient region {(w, b) : |∇L| < ε}: a hatched overlay with an outline.
//
// The region is contoured from log10 |∇L| (floored, never −∞), because |∇L| decays
// exponentially into the plateau: linear interpolation between cells is accurate in
// log space. A grid point with |∇L| < ε is always inside the outline and one with
// |∇L| > ε always outside (d3-contour's marching squares puts the boundary between
// them); test/render.flat-region.test.ts checks that on the written SVG.

import type { GridField, PlotFrame } from "./frame.js";
import { clippedLayer, defs } from "./frame.js";
import { contourSet, log10Field, multiPolygonPath } from "./geometry.js";
import { localId, type G, type Svg } from "./svg.js";

/** |∇L| values below this are treated as this (log10 → −30): far below float64 noise in a 40-sample mean. */
export const GRAD_FLOOR = 1e-30;

export interface FlatRegionStyle {
  hatch: string;
  outline: string;
}

export const DEFAULT_FLAT_STYLE: FlatRegionStyle = { hatch: "#ffffff", outline: "#ffffff" };

/** Path data (pixels) of the region where `gradNorm` < epsilon; "" when it is empty. */
export function flatRegionPath(gradNorm: GridField, epsilon: number, frame: PlotFrame): string {
  // {−log10 g ≥ −log10 ε} = {g ≤ ε}: d3-contour fills values at or above a threshold.
  const neg = log10Field(gradNorm.values, GRAD_FLOOR).map((v) => -v);
  const [mp] = contourSet(gradNorm, neg, [-Math.log10(epsilon)]);
  return multiPolygonPath(mp, gradNorm, frame);
}

/** Defines the hatch pattern once per figure and returns its url(#…). */
export function hatchPattern(svg: Svg, style: FlatRegionStyle = DEFAULT_FLAT_STYLE): string {
  const id = localId(svg, "hatch");
  const p = defs(svg)
    .append("pattern")
    .attr("id", id)
    .attr("patternUnits", "userSpaceOnUse")
    .attr("width", 6)
    .attr("height", 6)
    .attr("patternTransform", "rotate(45)");
  p.append("line").attr("x1", 0).attr("y1", 0).attr("x2", 0).attr("y2", 6).attr("stroke", style.hatch).attr("stroke-width", 1.3).attr("stroke-opacity", 0.75);
  return `url(#${id})`;
}

/**
 * Draws <g class="flat-region"> with the hatched fill and the outline (a dark halo
 * under a light line, so it reads on every colour of the scheme).
 */
export function drawFlatRegion(
  svg: Svg,
  parent: G,
  gradNorm: GridField,
  epsilon: number,
  frame: PlotFrame,
  style: FlatRegionStyle = DEFAULT_FLAT_STYLE,
): G {
  const layer = clippedLayer(parent, frame, "flat-region").attr("data-epsilon", epsilon.toExponential(3));
  const d = flatRegionPath(gradNorm, epsilon, frame);
  if (d === "") return layer;
  // The region's geometry is written once, as the outline path (its paint sits on a
  // wrapping <g>); the hatch fill and the halo re-use it with <use>, which may point
  // forward in the document.
  const id = localId(svg, "flat");
  layer.append("use").attr("class", "hatch").attr("href", `#${id}`).attr("fill", hatchPattern(svg, style)).attr("fill-rule", "evenodd").attr("stroke", "none");
  layer.append("use").attr("class", "outline-halo").attr("href", `#${id}`).attr("fill", "none").attr("stroke", "#000000").attr("stroke-opacity", 0.45).attr("stroke-width", 2.6);
  layer.append("g").attr("fill", "none").attr("stroke", style.outline).attr("stroke-width", 1.2).append("path").attr("class", "outline").attr("id", id).attr("d", d);
  return layer;
}
