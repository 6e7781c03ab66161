// basins.svg: two panels (MSE, cross-entropy) of the final accuracy reached from every
// start (w, b), with the bad start marked, each loss's flat region {|∇L| < ε} at the
// start outlined and split by what the run from there did: striped where it stalls
// below the accuracy target (the plateau), dotted where it reaches it (a minimum's
// floor, where a small gradient is success), and the support of each init scheme
// drawn as a square.
//
// Built from the shared blocks (panel, colorbar, legend, heading, serialize) with the
// same two-panel geometry as figures/two-panel.ts; the scheme boxes are the only
// layer of our own, drawn after each panel over its frame.

import { interpolateViridis } from "d3";
import { drawColorbar } from "./colorbar.js";

import { FIGURE_WIDTH } from "./figures/landscape.js";
import { clippedLayer, type GridField, type PlotFrame } from "./frame.js";
import { drawLegend, legendHeight, type LegendEntry } from "./legend.js";
import { withPatterns } from "./legend-patterns.js";
import { HALO } from "./palette.js";
import { drawPanel, type PointMarker } from "./panel.js";
import type { ColorBands } from "./scales.js";
import { serializeSvg } from "./serialize.js";
import { createSvg, type G, type Svg } from "./svg.js";
import { drawHeading, headingHeight, type Heading } from "./text.js";

export interface BasinPanel {
  /** Panel label, e.g. "MSE". */
  label: string;
  /** Final accuracy from each start. */
  accuracy: GridField;
  /** |∇L| at each start under this panel's loss (the flat region's field). */
  gradNorm: GridField;
}

export interface SupportBox {
  /** Half-width of the square [−half, half]². */
  half: number;
  label: string;
  color: string;
  dashed: boolean;
}

export interface BasinsFigureInput {
  heading: Heading;
  desc: string;
  idPrefix: string;
  panels: [BasinPanel, BasinPanel];
  epsilon: number;
  /** Legend of the striped part: flat at the start, the run ends below the target. */
  flatLabel: string;
  /** Legend of the dotted part: flat at the start, the run reaches the target. */
  floorLabel: string;
  /** The accuracy target, drawn as a band edge and marked on the colorbar. */
  target: number;
  markers: PointMarker[];
  markerLabel: string;
  supports: SupportBox[];
}

/** Support-box styles, in order of increasing width (colours from palette.ts's set). */
export const SUPPORT_STYLES: ReadonlyArray<{ color: string; dashed: boolean }> = [
  { color: "#000000", dashed: false },
  { color: "#cc79a7", dashed: true },
  { color: "#d55e00", dashed: true },
  { color: "#f0e442", dashed: true },
];

/**
 * Accuracy bands: tenths from the lowest accuracy up to 0.9, then [0.9, target) and
 * [target, 1], so "reaches the target" is exactly the top band.
 */
export function accuracyBands(minAccuracy: number, target: number): ColorBands {
  const lo = Math.min(0.4, Math.floor(minAccuracy * 10) / 10);
  const t: number[] = [];
  for (let k = Math.round(lo * 10); k <= 9; k++) t.push(k / 10);
  if (target > 0.9 && target < 1) t.push(target);
  t.push(1);
  const colors = t.slice(0, -1).map((_, i) => interpolateViridis(i / (t.length - 2)));
  return { scheme: "viridis", type: "linear", thresholds: t, colors, ticks: t.filter((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9 && Math.round(v * 10) % 2 === 0) };
}

function drawSupports(parent: G | Svg, frame: PlotFrame, boxes: SupportBox[]): void {
  const layer = clippedLayer(parent, frame, "init-supports").attr("fill", "none");
  for (const s of boxes) {
    const x0 = frame.x(-s.half);
    const x1 = frame.x(s.half);
    const y0 = frame.y(s.half);
    const y1 = frame.y(-s.half);
    const g = layer.append("g").attr("class", "support");
    g.append("rect").attr("x", x0).attr("y", y0).attr("width", x1 - x0).attr("height", y1 - y0).attr("stroke", HALO).attr("stroke-width", 3.4);
    const r = g.append("rect").attr("x", x0).attr("y", y0).attr("width", x1 - x0).attr("height", y1 - y0).attr("stroke", s.color).attr("stroke-width", 1.6);
    if (s.dashed) r.attr("stroke-dasharray", "5 3");
  }
}

export function renderBasinsFigure(doc: Document, input: BasinsFigureInput): string {
  const width = FIGURE_WIDTH;
  const size = 282;
  const lefts = [60, 60 + size + 60];
  const top = headingHeight(input.heading) + 12;
  const barTop = top + size + 58;
  const entries: LegendEntry[] = [
    { kind: "markers", label: input.markerLabel },
    { kind: "flat-region", hatch: "", label: input.flatLabel, variant: "plateau" },
    { kind: "flat-region", hatch: "", label: input.floorLabel, variant: "floor" },
    ...input.supports.map((s): LegendEntry => ({ kind: "line", color: s.color, dashed: s.dashed, label: s.label })),
  ];
  const legendBox = { left: 20, top: barTop + 56, width: width - 40, height: 0 };
  legendBox.height = legendHeight(entries, legendBox.width);
  const height = legendBox.top + legendBox.height + 10;

  const svg = createSvg(doc, { width, height, title: input.heading.title, desc: input.desc });
  drawHeading(svg, input.heading);
  let lowest = 1;
  for (const p of input.panels) for (let k = 0; k < p.accuracy.values.length; k++) lowest = Math.min(lowest, p.accuracy.values[k]);
  const bands = accuracyBands(lowest, input.target);
  input.panels.forEach((p, k) => {
    const rect = { left: lefts[k], top, width: size, height: size };
    const frame = drawPanel(svg, rect, {
      field: p.accuracy,
      bands,
      contourLines: false,
      // Split on the panel's own field: the final accuracy of the run from each start.
      flat: { gradNorm: p.gradNorm, epsilon: input.epsilon, split: { accuracy: p.accuracy, target: input.target } },
      trajectories: [],
      markers: input.markers,
      label: p.label,
      xTicks: 5,
      yTicks: 5,
    });
    drawSupports(svg, frame, input.supports);
  });
  drawColorbar(svg, { left: lefts[0] + 40, top: barTop, width: lefts[1] + size - lefts[0] - 80, height: 10 }, bands, {
    label: "final accuracy after training from (w, b)",
    marks: [{ value: input.target, label: `target ${input.target}` }],
    orientation: "horizontal",
  });
  drawLegend(svg, legendBox, withPatterns(svg, entries));
  return serializeSvg(svg, { idPrefix: input.idPrefix });
}
