// A small line chart for the slice figures: series y(x) drawn over a white halo, with
// axes and light gridlines, each series reduced per pixel column (M4) and simplified to a
// point budget, so a figure's size follows its width, not the number of points.

import { line as d3line, scaleLinear, scaleLog, type ScaleContinuousNumeric } from "d3";
import { drawAxes } from "../axes.js";
import { defs, type Rect } from "../frame.js";
import { formatPower, formatTick } from "../format.js";
import { missingRuns, NOT_COMPUTED_STROKE, notComputedPattern } from "../not-computed.js";
import { HALO } from "../palette.js";
import { columnExtremes, fitPolyline } from "../reduce.js";
import { round2 } from "../serialize.js";
import type { ScaleType } from "../scales.js";
import { localId, type Svg } from "../svg.js";

export interface ChartSeries {
  key: string;
  color: string;
  dashed?: boolean;
  /** Increasing x values. */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface ChartOptions {
  xLabel: string;
  yLabel: string;
  yScale: ScaleType;
  /** Fixed y domain (e.g. accuracy 0…1); otherwise from the data, from 0 for linear scales. */
  yDomain?: [number, number];
  /** Vertical marks at these x values (e.g. the center α = 0 and an end point α = 1). */
  marks?: Array<{ x: number; label: string }>;
  /** Panel title above the plot. */
  title?: string;
  xTicks?: number;
  yTicks?: number;
  className: string;
  /** x intervals no tile computed (merge --allow-missing): hatched grey across the plot. */
  notComputed?: Array<[number, number]>;
  /** The fill of those intervals (notComputedPattern's url), shared with the legend. */
  notComputedFill?: string;
}

/** Values ≤ 0 cannot sit on a log axis; they are raised to this. */
const LOG_MIN = 1e-300;

type Scale = ScaleContinuousNumeric<number, number>;

function extent(series: ChartSeries[], pick: (s: ChartSeries) => ArrayLike<number>, clamp: (v: number) => number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const s of series) {
    const v = pick(s);
    for (let i = 0; i < v.length; i++) {
      const c = clamp(v[i]);
      if (!Number.isFinite(c)) continue;
      if (c < lo) lo = c;
      if (c > hi) hi = c;
    }
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** The y scale of a chart over `series`. */
export function chartYScale(series: ChartSeries[], options: ChartOptions, rect: Rect): Scale {
  const range = [rect.top + rect.height, rect.top];
  if (options.yScale === "log") {
    const [lo, hi] = options.yDomain ?? extent(series, (s) => s.y, (v) => Math.max(v, LOG_MIN));
    return scaleLog().domain([lo / 1.3, Math.max(hi * 1.3, lo * 10)]).range(range).nice();
  }
  const [lo, hi] = options.yDomain ?? extent(series, (s) => s.y, (v) => v);
  if (options.yDomain) return scaleLinear().domain([lo, hi]).range(range);
  const a = Math.min(0, lo), b = hi > a ? hi : a + 1;
  return scaleLinear().domain([a, b + (b - a) * 0.05]).range(range).nice();
}

export function drawChart(svg: Svg, rect: Rect, series: ChartSeries[], options: ChartOptions): void {
  const [x0, x1] = extent(series, (s) => s.x, (v) => v);
  const x = scaleLinear().domain(x1 > x0 ? [x0, x1] : [x0 - 1, x0 + 1]).range([rect.left, rect.left + rect.width]);
  const y = chartYScale(series, options, rect);
  const clampY = (v: number): number => (options.yScale === "log" ? Math.max(v, LOG_MIN) : v);
  const g = svg.append("g").attr("class", options.className);
  const grid = g.append("g").attr("class", "gridlines").attr("stroke", "#e5e5e5").attr("stroke-width", 0.8);
  for (const t of y.ticks(options.yTicks ?? 4)) grid.append("line").attr("x1", rect.left).attr("x2", rect.left + rect.width).attr("y1", round2(y(t))).attr("y2", round2(y(t)));
  const clip = localId(svg, "clip");
  defs(svg).append("clipPath").attr("id", clip).append("rect").attr("x", rect.left).attr("y", rect.top).attr("width", rect.width).attr("height", rect.height);
  const layer = g.append("g").attr("class", "series").attr("clip-path", `url(#${clip})`);
  if (options.notComputed && options.notComputed.length > 0) {
    const d = options.notComputed.map(([a, b]) => {
      const x0 = round2(Math.min(x(a), x(b))), x1 = round2(Math.max(x(a), x(b)));
      return `M${x0},${round2(rect.top)}H${x1}V${round2(rect.top + rect.height)}H${x0}Z`;
    }).join("");
    layer.append("g").attr("class", "not-computed").append("path").attr("d", d).attr("fill", options.notComputedFill ?? notComputedPattern(svg)).attr("stroke", NOT_COMPUTED_STROKE).attr("stroke-width", 0.8);
  }
  for (const m of options.marks ?? []) {
    if (m.x < x.domain()[0] || m.x > x.domain()[1]) continue;
    const mx = Number(round2(x(m.x)));
    layer.append("line").attr("class", "mark").attr("x1", mx).attr("x2", mx).attr("y1", rect.top).attr("y2", rect.top + rect.height).attr("stroke", "#555555").attr("stroke-width", 0.8).attr("stroke-dasharray", "2 3");
    layer.append("text").attr("class", "mark-label").attr("x", mx + 3).attr("y", rect.top + 11).attr("font-size", 10).attr("fill", "#333333")
      .attr("stroke", HALO).attr("stroke-width", 3).attr("paint-order", "stroke").text(m.label);
  }
  // A line breaks where y is not a number (points no tile computed): each finite run is its own polyline.
  const paths = series.map((s) => {
    const n = Math.min(s.x.length, s.y.length);
    const runs = missingRuns(n, (i) => !Number.isNaN(s.y[i]));
    return runs.map(([a, b]) => {
      const pts = fitPolyline(columnExtremes(b - a, (i) => x(s.x[a + i]), (i) => y(clampY(s.y[a + i])), Math.ceil(rect.width)));
      return d3line().digits(2)(pts) ?? "";
    }).join("");
  });
  // Halos under every line first, so a line drawn later never hides one drawn before.
  const halos = layer.append("g").attr("class", "halos").attr("fill", "none").attr("stroke", HALO).attr("stroke-width", 3.4);
  for (const d of paths) halos.append("path").attr("d", d);
  series.forEach((s, k) => {
    const l = layer.append("path").attr("class", "line").attr("data-series", s.key).attr("d", paths[k]).attr("fill", "none").attr("stroke", s.color).attr("stroke-width", 1.7).attr("stroke-linejoin", "round");
    if (s.dashed) l.attr("stroke-dasharray", "5 3");
  });
  const fmt = options.yScale === "log" ? (v: number): string => (Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9 ? formatPower(v) : "") : formatTick;
  drawAxes(g as unknown as Svg, rect, x, y, { xLabel: options.xLabel, yLabel: options.yLabel, xTicks: options.xTicks ?? 6, yTicks: options.yTicks ?? 4, yTickFormat: fmt, italic: false });
  if (options.title) g.append("text").attr("class", "chart-title").attr("x", rect.left).attr("y", rect.top - 6).attr("font-size", 11.5).attr("font-weight", 600).text(options.title);
}
