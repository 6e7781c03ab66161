// Heatmap of a grid field as filled contour bands (d3-contour), not one rect per cell.
//
// Bands are painted bottom-up in the manner of Observable Plot's contour mark: the
// plot is first filled with the lowest band's colour, then each threshold's region
// {v ≥ t_i} is painted over with band i's colour. Every pixel ends up with the colour
// of the highest threshold it reaches. Log scales contour log10(v), so the linear
// interpolation between cells is done in the space the colours are uniform in.

import type { ColorBands } from "./scales.js";
import { LOG_FLOOR } from "./scales.js";
import type { GridField, PlotFrame } from "./frame.js";
import { contourSet, log10Field, multiPolygonPath } from "./geometry.js";
import { clippedLayer } from "./frame.js";
import { localId, type G, type Svg } from "./svg.js";

/** The field in contouring space (log10 for log scales) and the matching thresholds. */
export function contourSpace(field: GridField, bands: ColorBands, thresholds: number[] = bands.thresholds) {
  if (bands.type === "log") {
    return { values: log10Field(field.values, LOG_FLOOR), thresholds: thresholds.map((t) => Math.log10(t)) };
  }
  return { values: field.values, thresholds };
}

/** What drawHeatmap drew: its layer and the id of each band's path (for <use> references). */
export interface HeatmapLayer {
  layer: G;
  /** Id of the region {v ≥ t} for each inner threshold t that has a non-empty region. */
  bandIds: Array<{ threshold: number; id: string }>;
}

/**
 * Draws the bands into `parent` inside a <g class="heatmap"> clipped to the plot.
 * Each band path carries an id and no paint of its own (the paint is on a wrapping
 * <g>), so contour lines can re-stroke the same geometry with <use> instead of
 * repeating the path data: half the bytes for the same picture.
 */
export function drawHeatmap(parent: G, field: GridField, bands: ColorBands, frame: PlotFrame, svg?: Svg): HeatmapLayer {
  const layer = clippedLayer(parent, frame, "heatmap");
  const { rect } = frame;
  layer
    .append("rect")
    .attr("x", rect.left)
    .attr("y", rect.top)
    .attr("width", rect.width)
    .attr("height", rect.height)
    .attr("fill", bands.colors[0]);
  // Inner edges only: the region above the lowest edge is the whole plot (painted above).
  const inner = bands.thresholds.slice(1, -1);
  const space = contourSpace(field, bands, inner);
  const polys = contourSet(field, space.values, space.thresholds);
  const bandIds: HeatmapLayer["bandIds"] = [];
  polys.forEach((mp, k) => {
    const d = multiPolygonPath(mp, field, frame);
    if (d === "") return;
    const c = bands.colors[k + 1];
    // Stroke in the fill colour hides hairline seams between adjacent bands (anti-aliasing).
    const path = layer.append("g").attr("fill", c).attr("stroke", c).attr("stroke-width", 0.5).append("path").attr("d", d);
    if (svg) {
      const id = localId(svg, "band");
      path.attr("id", id);
      bandIds.push({ threshold: inner[k], id });
    }
  });
  return { layer, bandIds };
}
