// slice.svg: the loss over a plane θ* + α·d1 + β·d2 through parameter space. Heatmap with
// colorbar, the flat region ‖∇L‖ < ε hatched (stripes where the model is wrong, dots where
// it is right, as in the (w, b) figures), and projected runs whose distance from the plane
// is drawn where it can be read: each saved point's ring grows with its off-plane
// fraction ‖θ_t − proj‖ / ‖θ_t − θ*‖, and two charts under the plot give the off-plane
// distance and the true loss next to the loss at the projection, against the step.
// Fields over MAX_DRAWN_SIDE points a side are drawn from an even subsample of rows and
// columns; a field so rough that its contours still overflow SIZE_BUDGET is redrawn from
// coarser subsamples until it fits, so the file stays under 200 KB for any slice. The
// figure's description says when it shows a subsample.

import { drawAxes } from "../axes.js";
import { drawColorbar } from "../colorbar.js";
import type { GridField, Rect } from "../frame.js";
import { clippedLayer } from "../frame.js";
import { withPatterns } from "../legend-patterns.js";
import { drawLegend, legendHeight, type LegendEntry } from "../legend.js";
import { drawNotComputed, NOT_COMPUTED_STROKE, notComputedPattern, notComputedRects } from "../not-computed.js";
import { HALO } from "../palette.js";
import { drawPanel } from "../panel.js";
import { colorBands, finiteExtent, type ColorScheme, type ScaleType } from "../scales.js";
import { round2, serializeSvg } from "../serialize.js";
import { createSvg } from "../svg.js";
import { drawHeading, headingHeight, type Heading } from "../text.js";
import { FIGURE_WIDTH } from "./landscape.js";
import type { ProjectedPoint } from "../../slices/projection.js";
import { drawChart } from "./slice-chart.js";

/** A run projected onto the plane (projectTrajectory's output, one entry per saved point). */
export interface SlicePath {
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
  step: ArrayLike<number>;
  alpha: ArrayLike<number>;
  beta: ArrayLike<number>;
  offPlane: ArrayLike<number>;
  offPlaneFraction: ArrayLike<number>;
  loss: ArrayLike<number>;
  planeLoss: ArrayLike<number>;
}

/** A SlicePath from one run's projected points and the steps they were saved at. */
export function slicePath(
  style: { key: string; label: string; color: string; dashed?: boolean },
  step: ArrayLike<number>,
  points: readonly ProjectedPoint[],
): SlicePath {
  const take = (f: (p: ProjectedPoint) => number): Float64Array => Float64Array.from(points, f);
  return {
    ...style,
    step,
    alpha: take((p) => p.alpha),
    beta: take((p) => p.beta),
    offPlane: take((p) => p.offPlane),
    offPlaneFraction: take((p) => p.offPlaneFraction),
    loss: take((p) => p.loss),
    planeLoss: take((p) => p.planeLoss),
  };
}

export interface SliceFigureInput {
  heading: Heading;
  desc: string;
  idPrefix: string;
  /** Column and row coordinates; fields are row-major [beta][alpha]. */
  alpha: ArrayLike<number>;
  beta: ArrayLike<number>;
  loss: ArrayLike<number>;
  gradNorm: ArrayLike<number>;
  accuracy: ArrayLike<number>;
  /** Colorbar label, e.g. "BCE loss". */
  fieldLabel: string;
  scheme: ColorScheme;
  scale: ScaleType;
  contourLines: boolean;
  /** Axis labels naming the direction kind and normalization. */
  xLabel: string;
  yLabel: string;
  /** ‖∇L‖ < epsilon is hatched: stripes where accuracy < target, dots where ≥. */
  flat: { epsilon: number; target: number; plateauLabel: string; floorLabel: string };
  paths: SlicePath[];
  /** Label of the center marker at (0, 0), e.g. "θ*". */
  centerLabel: string;
  /** Non-zero where a point was not computed (tiles merged with --allow-missing): those cells are hatched grey. */
  notComputed?: ArrayLike<number>;
}

/** Fields are drawn from at most this many rows and columns. */
export const MAX_DRAWN_SIDE = 161;
/** Coarser subsamples tried, in order, while the figure exceeds SIZE_BUDGET bytes. */
const FALLBACK_SIDES = [101, 64, 41, 26, 16];
export const SIZE_BUDGET = 190 * 1024;
/** Off-plane rings per path at most. */
const MAX_RINGS = 40;

/** Indices 0 … n−1 thinned evenly to at most `max`, first and last kept. */
export function evenIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, k) => Math.round((k * (n - 1)) / (max - 1)));
}

function subsample(alpha: ArrayLike<number>, beta: ArrayLike<number>, values: ArrayLike<number>, cols: number[], rows: number[]): GridField {
  const n = alpha.length;
  const out = new Float64Array(rows.length * cols.length);
  rows.forEach((i, r) => cols.forEach((j, c) => (out[r * cols.length + c] = values[i * n + j])));
  return { w: cols.map((j) => alpha[j]), b: rows.map((i) => beta[i]), values: out };
}

export function renderSliceFigure(doc: Document, input: SliceFigureInput): string {
  let svg = "";
  for (const side of [MAX_DRAWN_SIDE, ...FALLBACK_SIDES]) {
    svg = renderAt(doc, input, side);
    if (new TextEncoder().encode(svg).length <= SIZE_BUDGET || side >= input.alpha.length && side >= input.beta.length) break;
  }
  return svg;
}

function renderAt(doc: Document, input: SliceFigureInput, side: number): string {
  const width = FIGURE_WIDTH;
  const plot = 420;
  const top = headingHeight(input.heading) + 14;
  const rect: Rect = { left: 70, top, width: plot, height: plot };
  const hasPaths = input.paths.length > 0;
  const chartTop = rect.top + plot + 72;
  const chartH = 110;
  const entries: LegendEntry[] = [
    ...input.paths.map((p): LegendEntry => ({ kind: "run", color: p.color, dashed: p.dashed, label: p.label })),
    ...(hasPaths ? [{ kind: "markers", label: "○ start   ● end   ring size: off-plane fraction ‖θ − proj‖/‖θ − θ*‖ (0 … 1)" } as LegendEntry] : []),
    { kind: "flat-region", hatch: "", label: input.flat.plateauLabel, variant: "plateau" },
    { kind: "flat-region", hatch: "", label: input.flat.floorLabel, variant: "floor" },
  ];
  let missing = 0;
  for (let i = 0; i < (input.notComputed?.length ?? 0); i++) if (input.notComputed![i] !== 0) missing++;
  const missingEntry: LegendEntry | null = missing > 0 ? { kind: "area", fill: "", stroke: NOT_COMPUTED_STROKE, label: `not computed (${missing} of ${input.alpha.length * input.beta.length} points: tiles missing at merge)` } : null;
  if (missingEntry) entries.push(missingEntry);
  const legendBox = { left: 20, top: hasPaths ? chartTop + chartH + 56 : rect.top + plot + 56, width: width - 40, height: 0 };
  legendBox.height = legendHeight(entries, legendBox.width);
  const height = legendBox.top + legendBox.height + 10;

  const cols = evenIndices(input.alpha.length, side);
  const rows = evenIndices(input.beta.length, side);
  const drawn = cols.length < input.alpha.length || rows.length < input.beta.length
    ? ` The heatmap is drawn from an even subsample of ${cols.length}×${rows.length} of the ${input.alpha.length}×${input.beta.length} points.`
    : "";
  const svg = createSvg(doc, { width, height, title: input.heading.title, desc: input.desc + drawn });
  drawHeading(svg, input.heading);
  const field = subsample(input.alpha, input.beta, input.loss, cols, rows);
  const [lo, hi] = finiteExtent(field.values);
  const bands = colorBands(lo, hi, input.scheme, input.scale, 11);
  const frame = drawPanel(
    svg,
    rect,
    {
      field,
      bands,
      contourLines: input.contourLines,
      flat: {
        gradNorm: subsample(input.alpha, input.beta, input.gradNorm, cols, rows),
        epsilon: input.flat.epsilon,
        split: { accuracy: subsample(input.alpha, input.beta, input.accuracy, cols, rows), target: input.flat.target },
      },
      trajectories: input.paths.map((p) => ({ key: p.key, color: p.color, dashed: p.dashed, w: p.alpha, b: p.beta, epochEnds: [] })),
      markers: [{ w: 0, b: 0, label: input.centerLabel }],
    },
    new Set(["axes"]),
  );
  if (missing > 0) {
    // From every point, not the drawn subsample: a gap narrower than the subsample's spacing still shows.
    const fill = notComputedPattern(svg);
    drawNotComputed(svg.select<SVGGElement>("g.panel") as never, frame, notComputedRects(input.alpha, input.beta, input.notComputed!), missing, fill);
    if (missingEntry && missingEntry.kind === "area") missingEntry.fill = fill;
  }
  // Rings at evenly spaced saved points: radius 2 px on the plane, 9 px fully off it.
  const rings = clippedLayer(svg.select<SVGGElement>("g.panel") as never, frame, "off-plane");
  for (const p of input.paths) {
    const g = rings.append("g").attr("data-run", p.key).attr("fill", "none").attr("stroke", p.color).attr("stroke-width", 1.3);
    for (const t of evenIndices(p.alpha.length, MAX_RINGS)) {
      const f = Math.min(1, Math.max(0, p.offPlaneFraction[t]));
      const cx = round2(frame.x(p.alpha[t])), cy = round2(frame.y(p.beta[t])), r = round2(2 + 7 * f);
      g.append("circle").attr("cx", cx).attr("cy", cy).attr("r", r).attr("stroke", HALO).attr("stroke-width", 2.6);
      g.append("circle").attr("cx", cx).attr("cy", cy).attr("r", r).attr("data-off-plane", round2(f));
    }
  }
  drawAxes(svg, rect, frame.x, frame.y, { xLabel: input.xLabel, yLabel: input.yLabel, xTicks: 6, yTicks: 6, italic: false });
  drawColorbar(svg, { left: rect.left + plot + 24, top, width: 14, height: plot }, bands, { label: input.fieldLabel, marks: [] });
  if (hasPaths) {
    const half = (width - 70 - 30 - 60) / 2;
    const step = (p: SlicePath) => p.step;
    drawChart(svg, { left: 70, top: chartTop, width: half, height: chartH }, input.paths.map((p) => ({ key: p.key, color: p.color, dashed: p.dashed, x: step(p), y: p.offPlane })), {
      className: "off-plane-chart", title: "off-plane distance ‖θ_t − proj‖", xLabel: "step", yLabel: "distance", yScale: "linear",
    });
    drawChart(svg, { left: 70 + half + 60, top: chartTop, width: half, height: chartH }, input.paths.flatMap((p) => [
      { key: `${p.key}-loss`, color: p.color, dashed: false, x: step(p), y: p.loss },
      { key: `${p.key}-plane`, color: p.color, dashed: true, x: step(p), y: p.planeLoss },
    ]), { className: "loss-chart", title: "loss at θ_t (solid) and on the plane (dashed)", xLabel: "step", yLabel: "loss", yScale: input.scale });
  }
  drawLegend(svg, legendBox, withPatterns(svg, entries));
  return serializeSvg(svg, { idPrefix: input.idPrefix });
}
