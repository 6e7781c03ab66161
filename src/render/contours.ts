// Contour lines of a grid field: thin strokes at chosen levels, over the bands.

import type { GridField, PlotFrame } from "./frame.js";
import { contourSet, multiPolygonPath } from "./geometry.js";
import { clippedLayer } from "./frame.js";
import { contourSpace } from "./heatmap.js";
import type { ColorBands } from "./scales.js";
import type { G } from "./svg.js";

export interface ContourLineOptions {
  /** Levels in data units; default: the bands' inner thresholds. */
  levels?: number[];
  stroke?: string;
  strokeWidth?: number;
  opacity?: number;
}

export function drawContourLines(parent: G, field: GridField, bands: ColorBands, frame: PlotFrame, options: ContourLineOptions = {}): G {
  const layer = clippedLayer(parent, frame, "contour-lines");
  const levels = options.levels ?? bands.thresholds.slice(1, -1);
  const space = contourSpace(field, bands, levels);
  const polys = contourSet(field, space.values, space.thresholds);
  layer
    .attr("fill", "none")
    .attr("stroke", options.stroke ?? "#ffffff")
    .attr("stroke-width", options.strokeWidth ?? 0.6)
    .attr("stroke-opacity", options.opacity ?? 0.45);
  for (const mp of polys) {
    const d = multiPolygonPath(mp, field, frame);
    if (d !== "") layer.append("path").attr("d", d);
  }
  return layer;
}

/** Contour lines along the heatmap's own band edges, as <use> references to the band paths. */
export function drawBandEdges(parent: G, bandIds: Array<{ id: string }>, frame: PlotFrame, options: ContourLineOptions = {}): G {
  const layer = clippedLayer(parent, frame, "contour-lines")
    .attr("fill", "none")
    .attr("stroke", options.stroke ?? "#ffffff")
    .attr("stroke-width", options.strokeWidth ?? 0.6)
    .attr("stroke-opacity", options.opacity ?? 0.45);
  for (const { id } of bandIds) layer.append("use").attr("href", `#${id}`);
  return layer;
}
