// Shared layout of the two-panel figures (gradient-norm.svg, comparison.svg): two
// square (w, b) panels side by side, horizontal colorbars under them, legend below.

import { drawColorbar } from "../colorbar.js";
import { withPatterns } from "../legend-patterns.js";
import { drawLegend, legendHeight, type LegendEntry } from "../legend.js";
import { drawPanel, type PanelInput } from "../panel.js";
import type { ColorBands } from "../scales.js";
import { serializeSvg } from "../serialize.js";
import { createSvg } from "../svg.js";
import { drawHeading, headingHeight, type Heading } from "../text.js";
import { FIGURE_WIDTH } from "./landscape.js";

export interface TwoPanelInput {
  heading: Heading;
  desc: string;
  idPrefix: string;
  panels: [PanelInput, PanelInput];
  /** One colorbar per panel, or a single shared one spanning both (when both use the same bands). */
  colorbars: Array<{ bands: ColorBands; label: string; marks?: Array<{ value: number; label: string }> }>;
  legend: LegendEntry[];
}

export function renderTwoPanel(doc: Document, input: TwoPanelInput): string {
  const width = FIGURE_WIDTH;
  const size = 282;
  const lefts = [60, 60 + size + 60];
  const top = headingHeight(input.heading) + 12;
  const barTop = top + size + 58;
  const legendBox = { left: 20, top: barTop + 56, width: width - 40, height: 0 };
  legendBox.height = legendHeight(input.legend, legendBox.width);
  const height = legendBox.top + legendBox.height + 10;

  const svg = createSvg(doc, { width, height, title: input.heading.title, desc: input.desc });
  drawHeading(svg, input.heading);
  input.panels.forEach((p, k) => drawPanel(svg, { left: lefts[k], top, width: size, height: size }, { xTicks: 5, yTicks: 5, ...p }));
  if (input.colorbars.length === 1) {
    const c = input.colorbars[0];
    drawColorbar(svg, { left: lefts[0] + 40, top: barTop, width: lefts[1] + size - lefts[0] - 80, height: 10 }, c.bands, { label: c.label, marks: c.marks, orientation: "horizontal" });
  } else {
    input.colorbars.forEach((c, k) => {
      drawColorbar(svg, { left: lefts[k] + 16, top: barTop, width: size - 32, height: 10 }, c.bands, { label: c.label, marks: c.marks, orientation: "horizontal" });
    });
  }
  drawLegend(svg, legendBox, withPatterns(svg, input.legend));
  return serializeSvg(svg, { idPrefix: input.idPrefix });
}
