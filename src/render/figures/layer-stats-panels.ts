// The two panels of layer-stats.svg, after Glorot & Bengio 2010 (figs. 6–7): per layer,
// the activations' distribution as percentile boxes (one per scheme, side by side), and
// the back-propagated gradient's std per layer on a log axis (one line per series).

import { axisBottom, axisLeft, scaleBand, scaleLinear, scaleLog, type ScaleBand, type ScaleContinuousNumeric } from "d3";
import { formatPower, formatTick } from "../format.js";
import type { Rect } from "../frame.js";
import { HALO } from "../palette.js";
import type { G, Svg } from "../svg.js";

/** One scheme (or run): its colour and per-layer numbers, input side first. */
export interface LayerStatsSeries {
  label: string;
  color: string;
  dashed?: boolean;
  /**
   * Per layer, the activation percentiles at 2, 25, 50, 75 and 98 %; null when another
   * series already shows the same activations (the same θ under another loss).
   */
  activations: ReadonlyArray<readonly number[]> | null;
  /** Per layer, the population std of ∂ℓ_i/∂z; values ≤ 0 have no place on a log axis and are left out. */
  backpropStd: readonly number[];
}

/** Index of each box's parts in a percentile row: whisker ends, box ends, median. */
const [P2, P25, P50, P75, P98] = [0, 1, 2, 3, 4];

/** Band scale of the layers and the labels that fit under it (every k-th when crowded). */
export function layerScale(labels: readonly string[], rect: Rect): { x: ScaleBand<string>; shown: string[] } {
  const keys = labels.map((_, i) => String(i));
  const x = scaleBand<string>().domain(keys).range([rect.left, rect.left + rect.width]).paddingInner(0.18).paddingOuter(0.1);
  const longest = labels.reduce((m, l) => Math.max(m, l.length), 1);
  const every = Math.max(1, Math.ceil((labels.length * (longest * 7 + 8)) / rect.width));
  // The last layer (the σ output) is always labelled.
  const shown = keys.filter((_, i) => i % every === 0 || i === labels.length - 1);
  return { x, shown };
}

function frame(g: G, rect: Rect): void {
  g.append("rect").attr("class", "frame").attr("x", rect.left).attr("y", rect.top).attr("width", rect.width).attr("height", rect.height)
    .attr("fill", "none").attr("stroke", "#333333").attr("stroke-width", 0.8);
}

function axes(g: G, rect: Rect, x: ScaleBand<string>, shown: string[], labels: readonly string[], y: ScaleContinuousNumeric<number, number>, yFormat: (v: number) => string, xLabel: string, yLabel: string): void {
  const ax = g.append("g").attr("class", "axes").attr("font-size", 11);
  const xa = ax.append("g").attr("class", "axis x-axis").attr("transform", `translate(0,${rect.top + rect.height})`)
    .call(axisBottom(x).tickValues(shown).tickFormat((k) => labels[Number(k)]).tickSizeOuter(0));
  const ya = ax.append("g").attr("class", "axis y-axis").attr("transform", `translate(${rect.left},0)`)
    .call(axisLeft(y).ticks(6).tickFormat((v) => yFormat(Number(v))).tickSizeOuter(0));
  for (const a of [xa, ya]) a.attr("font-family", null).attr("font-size", null);
  frame(ax, rect);
  if (xLabel) {
    ax.append("text").attr("class", "axis-label x-label").attr("x", rect.left + rect.width / 2).attr("y", rect.top + rect.height + 32)
      .attr("text-anchor", "middle").attr("font-size", 12).text(xLabel);
  }
  ax.append("text").attr("class", "axis-label y-label").attr("transform", `translate(${rect.left - 46},${rect.top + rect.height / 2}) rotate(-90)`)
    .attr("text-anchor", "middle").attr("font-size", 12).text(yLabel);
}

/** The y domain of the boxes: every whisker end, padded; a flat set gets a unit span. */
function activationDomain(series: readonly LayerStatsSeries[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (const row of s.activations ?? []) {
      if (Number.isFinite(row[P2])) lo = Math.min(lo, row[P2]);
      if (Number.isFinite(row[P98])) hi = Math.max(hi, row[P98]);
    }
  }
  if (!(lo <= hi)) return [0, 1];
  if (hi - lo < 1e-12) return [lo - 0.5, hi + 0.5];
  const pad = (hi - lo) * 0.04;
  return [lo - pad, hi + pad];
}

/**
 * The activation boxes: per layer, one slot per series that has activations, each a
 * whisker from the 2nd to the 98th percentile, a box from the 25th to the 75th and a
 * tick at the median. The data-* attributes carry the exact values for tests and tools.
 */
export function drawActivationPanel(svg: Svg, rect: Rect, labels: readonly string[], series: readonly LayerStatsSeries[], yLabel: string): void {
  const g = svg.append("g").attr("class", "activation-panel curves");
  const { x, shown } = layerScale(labels, rect);
  const y = scaleLinear().domain(activationDomain(series)).range([rect.top + rect.height, rect.top]).nice();
  const grid = g.append("g").attr("class", "gridlines").attr("stroke", "#e5e5e5").attr("stroke-width", 0.8);
  for (const t of y.ticks(6)) grid.append("line").attr("x1", rect.left).attr("x2", rect.left + rect.width).attr("y1", y(t)).attr("y2", y(t));
  const boxed = series.filter((s) => s.activations !== null);
  const slot = x.bandwidth() / Math.max(1, boxed.length);
  const boxWidth = Math.max(0.5, slot * 0.72);
  boxed.forEach((s, k) => {
    const sg = g.append("g").attr("class", "layer-boxes").attr("data-series", s.label);
    (s.activations ?? []).forEach((row, l) => {
      if (!row.every(Number.isFinite)) return;
      const cx = (x(String(l)) ?? 0) + (k + 0.5) * slot;
      const b = sg.append("g").attr("class", "box").attr("data-layer", labels[l]).attr("data-percentiles", row.map((v) => v.toPrecision(6)).join(","));
      b.append("line").attr("class", "whisker").attr("x1", cx).attr("x2", cx).attr("y1", y(row[P2])).attr("y2", y(row[P98])).attr("stroke", s.color).attr("stroke-width", 1.2);
      const top = y(row[P75]);
      b.append("rect").attr("class", "iqr").attr("x", cx - boxWidth / 2).attr("y", top).attr("width", boxWidth).attr("height", Math.max(0.5, y(row[P25]) - top))
        .attr("fill", s.color).attr("fill-opacity", 0.35).attr("stroke", s.color).attr("stroke-width", 1);
      b.append("line").attr("class", "median").attr("x1", cx - boxWidth / 2 - 1).attr("x2", cx + boxWidth / 2 + 1).attr("y1", y(row[P50])).attr("y2", y(row[P50]))
        .attr("stroke", s.color).attr("stroke-width", 2.4);
    });
  });
  axes(g, rect, x, shown, labels, y, formatTick, "", yLabel);
}

/** The log-axis domain of the positive finite values, padded; none gives [0.1, 1]. */
function logDomain(series: readonly LayerStatsSeries[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (const v of s.backpropStd) {
      if (v > 0 && Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (!(lo <= hi)) return [0.1, 1];
  return [lo / 1.5, hi * 1.5];
}

/** Back-propagated gradient std per layer, log axis: a line and dots per series; gaps where a value is ≤ 0. */
export function drawBackpropPanel(svg: Svg, rect: Rect, labels: readonly string[], series: readonly LayerStatsSeries[], xLabel: string, yLabel: string): void {
  const g = svg.append("g").attr("class", "backprop-panel curves");
  const { x, shown } = layerScale(labels, rect);
  const y = scaleLog().domain(logDomain(series)).range([rect.top + rect.height, rect.top]).nice();
  const decades = y.ticks(6).filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
  const grid = g.append("g").attr("class", "gridlines").attr("stroke", "#e5e5e5").attr("stroke-width", 0.8);
  for (const t of decades) grid.append("line").attr("x1", rect.left).attr("x2", rect.left + rect.width).attr("y1", y(t)).attr("y2", y(t));
  const cx = (l: number): number => (x(String(l)) ?? 0) + x.bandwidth() / 2;
  const halos = g.append("g").attr("class", "halos");
  for (const s of series) {
    // Runs of consecutive plottable layers become one polyline each.
    const segments: Array<Array<[number, number]>> = [];
    let current: Array<[number, number]> = [];
    s.backpropStd.forEach((v, l) => {
      if (v > 0 && Number.isFinite(v)) current.push([cx(l), y(v)]);
      else if (current.length > 0) {
        segments.push(current);
        current = [];
      }
    });
    if (current.length > 0) segments.push(current);
    const d = segments.map((pts) => `M${pts.map(([a, b]) => `${a},${b}`).join("L")}`).join("");
    const sg = g.append("g").attr("class", "series").attr("data-series", s.label).attr("data-backprop-std", s.backpropStd.map((v) => v.toPrecision(6)).join(","));
    if (d !== "") {
      halos.append("path").attr("d", d).attr("fill", "none").attr("stroke", HALO).attr("stroke-width", 3.6);
      const line = sg.append("path").attr("class", "line").attr("d", d).attr("fill", "none").attr("stroke", s.color).attr("stroke-width", 1.8);
      if (s.dashed) line.attr("stroke-dasharray", "6 3");
    }
    for (const pts of segments) for (const [a, b] of pts) sg.append("circle").attr("cx", a).attr("cy", b).attr("r", 2.8).attr("fill", s.dashed ? HALO : s.color).attr("stroke", s.color).attr("stroke-width", 1.3);
  }
  // Decades only, unless the values span less than two of them.
  const fmt = (v: number): string => (decades.length < 2 || decades.includes(v) ? formatPower(v) : "");
  axes(g, rect, x, shown, labels, y, fmt, xLabel, yLabel);
}
