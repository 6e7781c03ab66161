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

/**
 * Where the flat region is a plateau rather than a minimum's floor: the model is still
 * wrong there (accuracy below `target`). A small gradient on the floor of a valley is
 * convergence; on a plateau it is the vanishing-gradient failure.
 */
export interface FlatSplit {
  accuracy: GridField;
  target: number;
}

/** Path data (pixels) of {accuracy < target}; "" when empty. */
export function wrongRegionPath(split: FlatSplit, frame: PlotFrame): string {
  // {−acc ≥ −target + δ} = {acc ≤ target − δ}: accuracy is a multiple of 1/n, so δ only
  // keeps acc = target itself (trained) out.
  const neg = new Float64Array(split.accuracy.values.length);
  for (let i = 0; i < neg.length; i++) neg[i] = -split.accuracy.values[i];
  const [mp] = contourSet(split.accuracy, neg, [-split.target + 1e-9]);
  return multiPolygonPath(mp, split.accuracy, frame);
}

/** The minimum's-floor pattern: sparse dots, unlike the plateau's stripes. */
export function floorPattern(svg: Svg, style: FlatRegionStyle = DEFAULT_FLAT_STYLE): string {
  const id = localId(svg, "floor");
  const p = defs(svg).append("pattern").attr("id", id).attr("patternUnits", "userSpaceOnUse").attr("width", 7).attr("height", 7);
  p.append("circle").attr("cx", 3.5).attr("cy", 3.5).attr("r", 1.3).attr("fill", style.hatch).attr("fill-opacity", 0.85);
  return `url(#${id})`;
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
  split?: FlatSplit,
): G {
  const layer = clippedLayer(parent, frame, "flat-region").attr("data-epsilon", epsilon.toExponential(3));
  const d = flatRegionPath(gradNorm, epsilon, frame);
  if (d === "") return layer;
  // The region's geometry is written once, as the outline path (its paint sits on a
  // wrapping <g>); the hatch fill and the halo re-use it with <use>, which may point
  // forward in the document.
  const id = localId(svg, "flat");
  // A light tint under the pattern: a region narrower than the stripe spacing still
  // reads as flat region, not as a stray outline.
  layer.append("use").attr("class", "tint").attr("href", `#${id}`).attr("fill", style.hatch).attr("fill-opacity", 0.18).attr("fill-rule", "evenodd").attr("stroke", "none");
  if (split) {
    // Stripes where the model is wrong (plateau), dots where it is right (floor): each
    // a copy of the region clipped to its side of the accuracy-target contour.
    const wrong = wrongRegionPath(split, frame);
    const { left, top, width, height } = frame.rect;
    const plateauClip = localId(svg, "plateau-clip");
    const floorClip = localId(svg, "floor-clip");
    defs(svg).append("clipPath").attr("id", plateauClip).append("path").attr("d", wrong === "" ? "M0,0Z" : wrong);
    defs(svg).append("clipPath").attr("id", floorClip).append("path").attr("clip-rule", "evenodd").attr("d", `M${left},${top}h${width}v${height}h${-width}Z${wrong}`);
    layer.append("use").attr("class", "hatch plateau").attr("href", `#${id}`).attr("fill", hatchPattern(svg, style)).attr("fill-rule", "evenodd").attr("stroke", "none").attr("clip-path", `url(#${plateauClip})`);
    layer.append("use").attr("class", "hatch floor").attr("href", `#${id}`).attr("fill", floorPattern(svg, style)).attr("fill-rule", "evenodd").attr("stroke", "none").attr("clip-path", `url(#${floorClip})`);
  } else {
    layer.append("use").attr("class", "hatch").attr("href", `#${id}`).attr("fill", hatchPattern(svg, style)).attr("fill-rule", "evenodd").attr("stroke", "none");
  }
  layer.append("use").attr("class", "outline-halo").attr("href", `#${id}`).attr("fill", "none").attr("stroke", "#000000").attr("stroke-opacity", 0.45).attr("stroke-width", 2.6);
  layer.append("g").attr("fill", "none").attr("stroke", style.outline).attr("stroke-width", 1.2).append("path").attr("class", "outline").attr("id", id).attr("d", d);
  return layer;
}
