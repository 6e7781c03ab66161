// slice-1d.svg: loss (top) and accuracy (bottom) along one or more lines θ* + α·d through
// parameter space, overlaid on a shared α axis: e.g. the interpolation init → final
// (Goodfellow et al. 2015) next to random filter-normalized directions (Li et al. 2018).
// Long lines are reduced per pixel column, so the file's size follows its width.

import { NOT_COMPUTED_STROKE, notComputedPattern } from "../not-computed.js";
import { drawLegend, legendHeight, type LegendEntry } from "../legend.js";
import type { Rect } from "../frame.js";
import type { ScaleType } from "../scales.js";
import { serializeSvg } from "../serialize.js";
import { createSvg } from "../svg.js";
import { drawHeading, headingHeight, type Heading } from "../text.js";
import { FIGURE_WIDTH } from "./landscape.js";
import { drawChart } from "./slice-chart.js";

export interface SliceLine {
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
  /** Increasing α values and the loss and accuracy at θ* + α·d. */
  alpha: ArrayLike<number>;
  loss: ArrayLike<number>;
  accuracy: ArrayLike<number>;
}

export interface Slice1dFigureInput {
  heading: Heading;
  desc: string;
  idPrefix: string;
  lines: SliceLine[];
  /** x-axis label naming the direction kind, e.g. "α (filter-normalized random direction)". */
  xLabel: string;
  /** e.g. "BCE loss". */
  lossLabel: string;
  scale: ScaleType;
  /** Dashed verticals, e.g. { alpha: 0, label: "θ*" } and { alpha: 1, label: "θ_to" }. */
  marks?: Array<{ alpha: number; label: string }>;
  /** α intervals no tile computed (merge --allow-missing), hatched grey in both panels, and how many points they hold. */
  notComputed?: { intervals: Array<[number, number]>; points: number; total: number };
}

export function renderSlice1dFigure(doc: Document, input: Slice1dFigureInput): string {
  const width = FIGURE_WIDTH;
  const top = headingHeight(input.heading) + 22;
  const lossRect: Rect = { left: 70, top, width: width - 70 - 24, height: 250 };
  const accRect: Rect = { left: 70, top: lossRect.top + lossRect.height + 70, width: lossRect.width, height: 130 };
  const entries: LegendEntry[] = input.lines.map((l) => ({ kind: "line", color: l.color, dashed: l.dashed, label: l.label }));
  const nc = input.notComputed && input.notComputed.points > 0 ? input.notComputed : null;
  const missingEntry: LegendEntry | null = nc ? { kind: "area", fill: "", stroke: NOT_COMPUTED_STROKE, label: `not computed (${nc.points} of ${nc.total} points: tiles missing at merge)` } : null;
  if (missingEntry) entries.push(missingEntry);
  const legendBox = { left: 20, top: accRect.top + accRect.height + 54, width: width - 40, height: 0 };
  legendBox.height = legendHeight(entries, legendBox.width);
  const height = legendBox.top + legendBox.height + 10;

  const svg = createSvg(doc, { width, height, title: input.heading.title, desc: input.desc });
  drawHeading(svg, input.heading);
  const marks = (input.marks ?? []).map((m) => ({ x: m.alpha, label: m.label }));
  const notComputedFill = nc ? notComputedPattern(svg) : undefined;
  if (missingEntry?.kind === "area" && notComputedFill) missingEntry.fill = notComputedFill;
  const notComputed = nc?.intervals;
  drawChart(svg, lossRect, input.lines.map((l) => ({ key: l.key, color: l.color, dashed: l.dashed, x: l.alpha, y: l.loss })), {
    className: "loss-panel", title: input.lossLabel, xLabel: input.xLabel, yLabel: input.lossLabel, yScale: input.scale, marks, xTicks: 8, yTicks: 6, notComputed, notComputedFill,
  });
  drawChart(svg, accRect, input.lines.map((l) => ({ key: l.key, color: l.color, dashed: l.dashed, x: l.alpha, y: l.accuracy })), {
    className: "accuracy-panel", title: "accuracy", xLabel: input.xLabel, yLabel: "accuracy", yScale: "linear", yDomain: [0, 1], marks, xTicks: 8, yTicks: 4, notComputed, notComputedFill,
  });
  drawLegend(svg, legendBox, entries);
  return serializeSvg(svg, { idPrefix: input.idPrefix });
}
