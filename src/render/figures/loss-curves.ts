// loss-curves.svg: the loss on all samples after every step, one line per run, with one
// panel (and y axis) per loss: MSE and cross-entropy live on different scales.
//
// Long runs are reduced per pixel column (M4) and simplified to a point budget, so the
// file's size follows the plot's width, not the step count. Curves that lie on top of
// each other (proper inits converging alike) are drawn wider underneath and the legend
// says which ones they hide under, so every entry stays visible.

import { line as d3line, scaleLinear, scaleLog, type ScaleContinuousNumeric } from "d3";
import { drawAxes } from "../axes.js";
import { formatPower, formatTick } from "../format.js";
import { drawLegend, legendHeight, type LegendEntry } from "../legend.js";
import { HALO } from "../palette.js";
import { round2, serializeSvg } from "../serialize.js";
import type { ScaleType } from "../scales.js";
import { createSvg, localId, type Svg } from "../svg.js";
import { drawHeading, headingHeight, type Heading } from "../text.js";
import { FIGURE_WIDTH } from "./landscape.js";
import { defs, type Rect } from "../frame.js";
import { columnExtremes, fitPolyline } from "../reduce.js";

export interface LossCurve {
  key: string;
  label: string;
  /** Short name for overlap notes in the legend, e.g. "he". */
  name?: string;
  /** Panel the curve is drawn in (its loss), e.g. "MSE"; panels follow first appearance. */
  panel?: string;
  color: string;
  dashed?: boolean;
  /** Loss after every `stride`-th step, index 0 = at the start; the last value is at the last step. */
  losses: ArrayLike<number>;
  /** Steps between values (default 1). */
  stride?: number;
  /** The step of the last value (default (length − 1) · stride). */
  steps?: number;
}

/** The step of the last value. */
const lastStep = (c: LossCurve): number => c.steps ?? (c.losses.length - 1) * (c.stride ?? 1);
/** The step of the i-th value. */
const stepOf = (c: LossCurve, i: number): number => (i === c.losses.length - 1 ? lastStep(c) : i * (c.stride ?? 1));

export interface LossCurvesInput {
  heading: Heading;
  desc: string;
  idPrefix: string;
  curves: LossCurve[];
  yScale: ScaleType;
  yLabel: string;
}

/** Values ≤ 0 cannot sit on a log axis; they are raised to this. */
const LOG_MIN = 1e-12;
const BASE_WIDTH = 1.8;
/** Extra stroke width per curve drawn on top of this one. */
const WIDEN = 2;
/** Two curves overlap when they are within this many px on this share of the steps. */
const OVERLAP_PX = 2;
const OVERLAP_SHARE = 0.8;

type Y = ScaleContinuousNumeric<number, number>;

function yScaleFor(curves: LossCurve[], type: ScaleType, rect: Rect): Y {
  const clamp = (v: number): number => (type === "log" ? Math.max(v, LOG_MIN) : v);
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of curves) {
    for (let i = 0; i < c.losses.length; i++) {
      const v = clamp(c.losses[i]);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo)) [lo, hi] = [type === "log" ? 0.1 : 0, 1];
  const range = [rect.top + rect.height, rect.top];
  return type === "log" ? scaleLog().domain([lo / 1.3, hi * 1.3]).range(range).nice() : scaleLinear().domain([0, hi * 1.05]).range(range).nice();
}

/** For each curve, the later curves (drawn on top) that cover it. */
function overlaps(curves: LossCurve[], y: Y, clamp: (v: number) => number): number[][] {
  const out = curves.map(() => [] as number[]);
  for (let a = 0; a < curves.length; a++) {
    for (let b = a + 1; b < curves.length; b++) {
      const n = Math.min(curves[a].losses.length, curves[b].losses.length);
      const samples = Math.min(n, 400);
      let close = 0;
      for (let s = 0; s < samples; s++) {
        const i = Math.floor((s * (n - 1)) / Math.max(1, samples - 1));
        if (Math.abs(y(clamp(curves[a].losses[i])) - y(clamp(curves[b].losses[i]))) < OVERLAP_PX) close++;
      }
      if (samples > 0 && close >= OVERLAP_SHARE * samples) out[a].push(b);
    }
  }
  return out;
}

export function renderLossCurves(doc: Document, input: LossCurvesInput): string {
  const width = FIGURE_WIDTH;
  const panels: string[] = [];
  for (const c of input.curves) if (!panels.includes(c.panel ?? "")) panels.push(c.panel ?? "");
  const top = headingHeight(input.heading) + 14;
  const gap = 58;
  const panelHeight = panels.length > 1 ? 200 : 300;
  const rects = panels.map((_, k): Rect => ({ left: 66, top: top + (panels.length > 1 ? 16 : 0) + k * (panelHeight + gap), width: width - 66 - 24, height: panelHeight }));
  const last = rects[rects.length - 1] ?? { left: 66, top, width: width - 90, height: panelHeight };
  const clamp = (v: number): number => (input.yScale === "log" ? Math.max(v, LOG_MIN) : v);

  const steps = input.curves.reduce((m, c) => Math.max(m, lastStep(c)), 1);
  const x = scaleLinear().domain([0, Math.max(1, steps)]).range([last.left, last.left + last.width]);
  const scales = panels.map((p, k) => yScaleFor(input.curves.filter((c) => (c.panel ?? "") === p), input.yScale, rects[k]));
  const covered = new Map<LossCurve, LossCurve[]>();
  panels.forEach((p, k) => {
    const cs = input.curves.filter((c) => (c.panel ?? "") === p);
    overlaps(cs, scales[k], clamp).forEach((later, i) => covered.set(cs[i], later.map((j) => cs[j])));
  });
  const entries: LegendEntry[] = input.curves.map((c) => {
    const under = covered.get(c) ?? [];
    const note = under.length > 0 ? ` (drawn wide: under ${under.map((u) => u.name ?? u.label).join(", ")})` : "";
    return { kind: "line", color: c.color, dashed: c.dashed, label: `${c.label}${note}` };
  });
  const legendBox = { left: 20, top: last.top + last.height + 50, width: width - 40, height: 0 };
  legendBox.height = legendHeight(entries, legendBox.width);
  const height = legendBox.top + legendBox.height + 10;

  const svg = createSvg(doc, { width, height, title: input.heading.title, desc: input.desc });
  drawHeading(svg, input.heading);
  panels.forEach((p, k) => {
    const cs = input.curves.filter((c) => (c.panel ?? "") === p);
    drawPanel(svg, rects[k], x, scales[k], cs, covered, input, clamp, p, k === panels.length - 1);
  });
  drawLegend(svg, legendBox, entries);
  return serializeSvg(svg, { idPrefix: input.idPrefix });
}

function drawPanel(
  svg: Svg, rect: Rect, x: ScaleContinuousNumeric<number, number>, y: Y, curves: LossCurve[], covered: Map<LossCurve, LossCurve[]>,
  input: LossCurvesInput, clamp: (v: number) => number, title: string, bottom: boolean,
): void {
  const clip = localId(svg, "clip");
  defs(svg).append("clipPath").attr("id", clip).append("rect").attr("x", rect.left).attr("y", rect.top).attr("width", rect.width).attr("height", rect.height);
  const grid = svg.append("g").attr("class", "gridlines").attr("stroke", "#e5e5e5").attr("stroke-width", 0.8);
  const gridTicks = input.yScale === "log" ? y.ticks(6).filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9) : y.ticks(6);
  for (const t of gridTicks) grid.append("line").attr("x1", rect.left).attr("x2", rect.left + rect.width).attr("y1", y(t)).attr("y2", y(t));

  const layer = svg.append("g").attr("class", "curves").attr("clip-path", `url(#${clip})`);
  if (title) layer.attr("data-panel", title);
  // Halos first, under every line, so a wide curve underneath still shows around the
  // narrower ones drawn over it.
  const halos = layer.append("g").attr("class", "halos");
  for (const c of curves) {
    const n = c.losses.length;
    const pts = fitPolyline(columnExtremes(n, (i) => x(stepOf(c, i)), (i) => y(clamp(c.losses[i])), Math.ceil(rect.width)));
    const d = d3line().digits(2)(pts) ?? "";
    const w = BASE_WIDTH + WIDEN * (covered.get(c)?.length ?? 0);
    halos.append("path").attr("d", d).attr("fill", "none").attr("stroke", HALO).attr("stroke-width", round2(w + 1.6));
    const g = layer.append("g").attr("class", "curve").attr("data-run", c.key);
    const l = g.append("path").attr("class", "line").attr("d", d).attr("fill", "none").attr("stroke", c.color).attr("stroke-width", round2(w)).attr("stroke-linejoin", "round");
    if (c.dashed) l.attr("stroke-dasharray", "6 3");
    g.append("circle").attr("cx", round2(x(lastStep(c)))).attr("cy", round2(y(clamp(c.losses[n - 1])))).attr("r", 3.5).attr("fill", c.color).attr("stroke", HALO);
  }
  // Log axes label decades and the 2× and 5× ticks only when the span is short; d3's
  // default labels every minor tick, which overlaps at this height.
  const decades = input.yScale === "log" ? Math.log10(y.domain()[1] / y.domain()[0]) : 0;
  const fmt = (v: number): string => {
    if (input.yScale !== "log") return formatTick(v);
    const m = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
    if (Math.abs(m - 1) < 1e-6) return formatPower(v);
    return decades <= 2 && (Math.abs(m - 2) < 1e-6 || Math.abs(m - 5) < 1e-6) ? formatTick(v) : "";
  };
  const yLabel = title ? `${title} ${input.yLabel}` : input.yLabel;
  drawAxes(svg, rect, x, y, { xLabel: bottom ? "step (iteration)" : "", yLabel, yTicks: 6, xTicks: 8, yTickFormat: fmt, italic: false });
  if (title) {
    svg.append("text").attr("class", "panel-title").attr("x", rect.left).attr("y", rect.top - 7).attr("font-size", 12).attr("font-weight", 600).text(title);
  }
}
