// mse-landscape.svg / bce-landscape.svg: one loss over the (w, b) plane with the
// trajectories from every start, the vanishing-gradient region hatched, a colorbar
// and a legend below the plot (never over the trajectories).

import { drawColorbar } from "../colorbar.js";
import type { GridField } from "../frame.js";
import type { FlatSplit } from "../flat-region.js";
import { drawLegend, legendHeight, type LegendEntry } from "../legend.js";
import { drawPanel, type PointMarker } from "../panel.js";
import { colorBands, finiteExtent, type ColorScheme, type ScaleType } from "../scales.js";
import { serializeSvg } from "../serialize.js";
import { createSvg } from "../svg.js";
import { drawHeading, headingHeight, type Heading } from "../text.js";
import type { Trajectory } from "../trajectories.js";
import { withPatterns } from "../legend-patterns.js";

export interface LabelledTrajectory extends Trajectory {
  /** Legend text: init, loss and final accuracy. */
  label: string;
}

export interface LandscapeFigureInput {
  heading: Heading;
  desc: string;
  idPrefix: string;
  field: GridField;
  /** Colorbar label, e.g. "MSE loss". */
  fieldLabel: string;
  scheme: ColorScheme;
  scale: ScaleType;
  bandCount?: number;
  contourLines: boolean;
  /** The flat region; with `split` (and `floorLabel`), drawn and listed as plateau and floor. */
  flat?: { gradNorm: GridField; epsilon: number; label: string; split?: FlatSplit; floorLabel?: string };
  runs: LabelledTrajectory[];
  markers?: PointMarker[];
}

export const FIGURE_WIDTH = 700;

export function renderLandscapeFigure(doc: Document, input: LandscapeFigureInput): string {
  const width = FIGURE_WIDTH;
  const plot = 440;
  const top = headingHeight(input.heading) + 14;
  const legendBox = { left: 20, top: top + plot + 50, width: width - 40, height: 0 };
  const entries: LegendEntry[] = input.runs.map((r) => ({ kind: "run", color: r.color, dashed: r.dashed, label: r.label }));
  entries.push({ kind: "markers" });
  if (input.flat) entries.push({ kind: "flat-region", hatch: "", label: input.flat.label, variant: "plateau" });
  if (input.flat?.split && input.flat.floorLabel) entries.push({ kind: "flat-region", hatch: "", label: input.flat.floorLabel, variant: "floor" });
  legendBox.height = legendHeight(entries, legendBox.width);
  const height = legendBox.top + legendBox.height + 10;

  const svg = createSvg(doc, { width, height, title: input.heading.title, desc: input.desc });
  drawHeading(svg, input.heading);
  const [lo, hi] = finiteExtent(input.field.values);
  const bands = colorBands(lo, hi, input.scheme, input.scale, input.bandCount ?? 11);
  const rect = { left: 66, top, width: plot, height: plot };
  drawPanel(svg, rect, {
    field: input.field,
    bands,
    contourLines: input.contourLines,
    flat: input.flat,
    trajectories: input.runs,
    markers: input.markers,
  });
  drawColorbar(svg, { left: rect.left + plot + 22, top, width: 14, height: plot }, bands, { label: input.fieldLabel });
  drawLegend(svg, legendBox, withPatterns(svg, entries));
  return serializeSvg(svg, { idPrefix: input.idPrefix });
}
