// The networks section's slice figure: a loss over a plane θ* + α d1 + β d2 of parameter
// space (Li et al. 2018) with the flat region hatched and runs projected onto the plane.
// A projected path is only where the run would be if it lay on the plane: every saved
// point gets a ring whose radius grows with its distance from the plane (a dot on the
// plane, a 10 px ring at `offPlaneScale` or more), so nobody reads a contour
// under a point that is far off it.

import { drawAxes } from "../axes.js";
import { drawColorbar } from "../colorbar.js";
import { clippedLayer, type GridField } from "../frame.js";
import type { FlatSplit } from "../flat-region.js";
import { drawLegend, legendHeight, type LegendEntry } from "../legend.js";
import { withPatterns } from "../legend-patterns.js";
import { drawPanel } from "../panel.js";
import { colorBands, finiteExtent, type ColorScheme, type ScaleType } from "../scales.js";
import { serializeSvg } from "../serialize.js";
import { createSvg } from "../svg.js";
import { drawHeading, headingHeight, type Heading } from "../text.js";
import { FIGURE_WIDTH, type LabelledTrajectory } from "./landscape.js";

/** A run projected on the plane: w = α, b = β of each saved point. */
export interface PlaneTrajectory extends LabelledTrajectory {
  /** Per saved point, its distance from the plane (in the units of α and β). */
  offPlane: ArrayLike<number>;
}

export interface NetworkSliceInput {
  heading: Heading;
  desc: string;
  idPrefix: string;
  /** The loss on the (α, β) grid: values[i · α.length + j] at (α_j, β_i). */
  field: GridField;
  fieldLabel: string;
  xLabel: string;
  yLabel: string;
  scheme: ColorScheme;
  scale: ScaleType;
  contourLines: boolean;
  flat?: { gradNorm: GridField; epsilon: number; label: string; split?: FlatSplit; floorLabel?: string };
  runs: PlaneTrajectory[];
  /** Off-plane distance drawn as the largest ring, and the legend's words for it. */
  offPlaneScale: number;
  offPlaneScaleText: string;
}

/** Ring radius at an off-plane fraction of 1; a point on the plane gets RING_MIN. */
const RING_MAX = 10;
const RING_MIN = 1.2;
/** Rings drawn per run at most (every k-th saved point beyond). */
const MAX_RINGS = 120;

export function renderNetworkSlice(doc: Document, input: NetworkSliceInput): string {
  const width = FIGURE_WIDTH;
  const plot = 440;
  const top = headingHeight(input.heading) + 14;
  const entries: LegendEntry[] = input.runs.map((r) => ({ kind: "run", color: r.color, dashed: r.dashed, label: r.label }));
  entries.push({ kind: "markers", label: "○ start   ● end of each projected run" });
  entries.push({ kind: "markers", label: `◯ ring: a saved point's distance from the plane (${RING_MAX} px at ≥ ${input.offPlaneScaleText})` });
  if (input.flat) entries.push({ kind: "flat-region", hatch: "", label: input.flat.label, variant: "plateau" });
  if (input.flat?.split && input.flat.floorLabel) entries.push({ kind: "flat-region", hatch: "", label: input.flat.floorLabel, variant: "floor" });
  const legendBox = { left: 20, top: top + plot + 50, width: width - 40, height: 0 };
  legendBox.height = legendHeight(entries, legendBox.width);
  const height = legendBox.top + legendBox.height + 10;

  const svg = createSvg(doc, { width, height, title: input.heading.title, desc: input.desc });
  drawHeading(svg, input.heading);
  const [lo, hi] = finiteExtent(input.field.values);
  const bands = colorBands(lo, hi, input.scheme, input.scale, 11);
  const rect = { left: 66, top, width: plot, height: plot };
  // The panel's own axes say w and b; this plane's are α and β.
  const frame = drawPanel(svg, rect, { field: input.field, bands, contourLines: input.contourLines, flat: input.flat, trajectories: input.runs }, new Set(["axes"]));
  const rings = clippedLayer(svg, frame, "off-plane");
  for (const r of input.runs) {
    const g = rings.append("g").attr("data-run", r.key).attr("fill", "none").attr("stroke", r.color).attr("stroke-width", 1).attr("stroke-opacity", 0.8);
    const n = r.w.length;
    const stride = Math.max(1, Math.ceil(n / MAX_RINGS));
    for (let i = 0; i < n; i += stride) {
      const f = input.offPlaneScale > 0 ? Math.min(1, Math.max(0, r.offPlane[i] / input.offPlaneScale)) : 0;
      g.append("circle").attr("cx", frame.x(r.w[i])).attr("cy", frame.y(r.b[i])).attr("r", RING_MIN + (RING_MAX - RING_MIN) * f).attr("data-off-plane", r.offPlane[i].toPrecision(4));
    }
  }
  drawAxes(svg, rect, frame.x, frame.y, { xLabel: input.xLabel, yLabel: input.yLabel, italic: false });
  drawColorbar(svg, { left: rect.left + plot + 22, top, width: 14, height: plot }, bands, { label: input.fieldLabel });
  drawLegend(svg, legendBox, withPatterns(svg, entries));
  return serializeSvg(svg, { idPrefix: input.idPrefix });
}
