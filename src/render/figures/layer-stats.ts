// layer-stats.svg: the tutorial's criteria for a good init, layer by layer, in the style
// of Glorot & Bengio 2010 (figs. 6–7). Top: each layer's activations as 2/25/50/75/98 %
// percentile boxes, the schemes side by side; a good init keeps them centred and spread
// alike from layer to layer, a bad one squeezes them or pins them at the ends of the
// activation's range. Bottom: the std of the back-propagated gradient ∂ℓ_i/∂z per layer
// on a log axis; a good init keeps it within a small factor across layers, a vanishing
// one falls by decades towards the input.

import { FIGURE_WIDTH } from "./landscape.js";
import { drawActivationPanel, drawBackpropPanel, type LayerStatsSeries } from "./layer-stats-panels.js";
import { drawLegend, legendHeight, type LegendEntry } from "../legend.js";
import { serializeSvg } from "../serialize.js";
import { createSvg } from "../svg.js";
import { drawHeading, headingHeight, type Heading } from "../text.js";

export type { LayerStatsSeries } from "./layer-stats-panels.js";

export interface LayerStatsInput {
  heading: Heading;
  desc: string;
  idPrefix: string;
  /** One label per layer, input side first, e.g. ["1", "2", "3", "out"]. */
  layerLabels: readonly string[];
  series: readonly LayerStatsSeries[];
  /** y label of the top panel, e.g. "sigmoid activation". */
  activationLabel: string;
  /** y label of the bottom panel. */
  backpropLabel: string;
}

const PANEL_LEFT = 70;

/** Throws RangeError when a series' per-layer arrays do not match the layer labels. */
function checkInput(input: LayerStatsInput): void {
  const n = input.layerLabels.length;
  if (n === 0) throw new RangeError("layer-stats figure: no layers");
  for (const s of input.series) {
    if (s.backpropStd.length !== n) throw new RangeError(`layer-stats figure: series "${s.label}" has ${s.backpropStd.length} backprop values for ${n} layers`);
    if (s.activations && s.activations.length !== n) throw new RangeError(`layer-stats figure: series "${s.label}" has ${s.activations.length} activation rows for ${n} layers`);
    if (s.activations?.some((r) => r.length !== 5)) throw new RangeError(`layer-stats figure: series "${s.label}" needs 5 percentiles (2/25/50/75/98) per layer`);
  }
}

export function renderLayerStats(doc: Document, input: LayerStatsInput): string {
  checkInput(input);
  const width = FIGURE_WIDTH;
  const top = headingHeight(input.heading) + 16;
  const plotWidth = width - PANEL_LEFT - 24;
  const upper = { left: PANEL_LEFT, top, width: plotWidth, height: 250 };
  const lower = { left: PANEL_LEFT, top: upper.top + upper.height + 44, width: plotWidth, height: 190 };
  const entries: LegendEntry[] = input.series.map((s) => ({
    kind: "line",
    color: s.color,
    dashed: s.dashed,
    label: s.activations === null ? `${s.label} (gradient only: same activations as above)` : s.label,
  }));
  entries.push({ kind: "markers", label: "boxes: 25–75 %, tick: median, whisker: 2–98 % of units × samples" });
  const legendBox = { left: 20, top: lower.top + lower.height + 50, width: width - 40, height: 0 };
  legendBox.height = legendHeight(entries, legendBox.width);
  const height = legendBox.top + legendBox.height + 10;

  const svg = createSvg(doc, { width, height, title: input.heading.title, desc: input.desc });
  drawHeading(svg, input.heading);
  drawActivationPanel(svg, upper, input.layerLabels, input.series, input.activationLabel);
  drawBackpropPanel(svg, lower, input.layerLabels, input.series, "layer (input side first)", input.backpropLabel);
  drawLegend(svg, legendBox, entries);
  return serializeSvg(svg, { idPrefix: input.idPrefix });
}
