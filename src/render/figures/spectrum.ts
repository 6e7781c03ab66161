// spectrum.svg: the Hessian's eigenvalue density and its largest eigenvalues, for one or
// more points of a run (typically the bad start and the trained point), as small
// multiples: one row per point, each with its own eigenvalue axes fitted to that point's
// density grid and top eigenvalues. Spectra of different points can differ by many orders
// of magnitude (a flat bad start with |λ| ~ 1e−9 beside a trained point with λ_max ~ 0.4),
// and on a shared axis the narrow one collapses into the pixel column at 0.
//
// Left: the smoothed density φ(λ) from stochastic Lanczos quadrature on a log axis (the
// bulk near zero is orders of magnitude denser than the outliers, as in Ghorbani et al.
// 2019 and PyHessian's plots), against λ on a symmetric-log axis (spectrum-scale.ts) so
// negative eigenvalues (a saddle) stay visible; where the exact spectrum is known the
// same smoothing of it is drawn dotted underneath. Right: the top eigenvalues by rank.
// Densities are reduced per pixel column before drawing,
// so the file's size does not grow with the number of bins.

import { line as d3line, scaleLinear, scaleLog } from "d3";
import { drawAxes } from "../axes.js";
import { formatPower } from "../format.js";
import { defs, type Rect } from "../frame.js";
import { drawLegend, legendHeight, type LegendEntry } from "../legend.js";
import { HALO } from "../palette.js";
import { columnExtremes, fitPolyline } from "../reduce.js";
import { round2, serializeSvg } from "../serialize.js";
import { createSvg, localId, type Svg } from "../svg.js";
import { drawHeading, headingHeight, type Heading } from "../text.js";
import { FIGURE_WIDTH } from "./landscape.js";
import { eigenvalueScale, type SpectrumAxis } from "./spectrum-scale.js";

export interface SpectrumSeries {
  /** Stable key (data-series attribute), e.g. "start" or "trained". */
  key: string;
  /** Legend text, e.g. "bad start (constant:0.5, MSE)". */
  label: string;
  color: string;
  dashed?: boolean;
  /** Density grid λ (ascending, evenly spaced) and φ(λ) ≥ 0 from SLQ (Σ φ·Δλ = 1). */
  grid: ArrayLike<number>;
  density: ArrayLike<number>;
  /** The same smoothing of the exact eigenvalues on the same grid, when known (P ≤ 2000). */
  exactDensity?: ArrayLike<number>;
  /** Largest eigenvalues, largest first (may be empty). */
  top: ArrayLike<number>;
}

export interface SpectrumInput {
  heading: Heading;
  desc: string;
  idPrefix: string;
  series: SpectrumSeries[];
  /** The eigenvalue axis (default symlog). */
  axis?: SpectrumAxis;
}

/** The density axis spans this many decades below the highest peak. */
const DENSITY_DECADES = 7;
const LINE_WIDTH = 1.8;

/** Lowest and highest finite value over the series' arrays picked by `pick`. */
function extent(series: SpectrumSeries[], pick: (s: SpectrumSeries) => Array<ArrayLike<number> | undefined>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const s of series) {
    for (const a of pick(s)) {
      if (!a) continue;
      for (let i = 0; i < a.length; i++) {
        const v = a[i];
        if (!Number.isFinite(v)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}

/** A non-empty interval: a point domain [v, v] widens by 1 (or |v|/2). */
function widen([lo, hi]: [number, number]): [number, number] {
  if (hi > lo) return [lo, hi];
  const h = lo === 0 ? 1 : Math.abs(lo) / 2;
  return [lo - h, hi + h];
}

function clipRect(svg: Svg, rect: Rect): string {
  const id = localId(svg, "clip");
  defs(svg).append("clipPath").attr("id", id).append("rect").attr("x", rect.left).attr("y", rect.top).attr("width", rect.width).attr("height", rect.height);
  return `url(#${id})`;
}

function densityPanel(svg: Svg, rect: Rect, series: SpectrumSeries[], kind: SpectrumAxis, title: string): void {
  const [lo, hi] = widen(extent(series, (s) => [s.grid]));
  const x = eigenvalueScale(kind, lo, hi, [rect.left, rect.left + rect.width]);
  const peak = extent(series, (s) => [s.density, s.exactDensity])[1];
  const top = peak > 0 ? peak * 2 : 1;
  const floor = top * 10 ** -DENSITY_DECADES;
  const y = scaleLog().domain([floor, top]).range([rect.top + rect.height, rect.top]);
  const py = (v: number): number => y(Math.max(floor, Number.isFinite(v) ? v : floor));
  const g = svg.append("g").attr("class", "density").attr("data-series", series.map((s) => s.key).join(" "));
  const grid = g.append("g").attr("class", "gridlines").attr("stroke", "#e5e5e5").attr("stroke-width", 0.8);
  for (let k = Math.ceil(Math.log10(floor)); 10 ** k <= top; k += 2) grid.append("line").attr("x1", rect.left).attr("x2", rect.left + rect.width).attr("y1", y(10 ** k)).attr("y2", y(10 ** k));
  if (lo < 0 && hi > 0) grid.append("line").attr("class", "zero").attr("x1", x(0)).attr("x2", x(0)).attr("y1", rect.top).attr("y2", rect.top + rect.height).attr("stroke", "#bbbbbb");
  const layer = g.append("g").attr("class", "curves").attr("clip-path", clipRect(svg, rect));
  const halos = layer.append("g").attr("class", "halos");
  const path = (xs: ArrayLike<number>, ys: ArrayLike<number>): string => {
    const n = Math.min(xs.length, ys.length);
    const pts = fitPolyline(columnExtremes(n, (i) => x(xs[i]), (i) => py(ys[i]), Math.ceil(rect.width)));
    return d3line().digits(2)(pts) ?? "";
  };
  for (const s of series) {
    const sg = layer.append("g").attr("class", "series").attr("data-series", s.key);
    if (s.exactDensity) {
      sg.append("path").attr("class", "exact").attr("d", path(s.grid, s.exactDensity)).attr("fill", "none").attr("stroke", s.color).attr("stroke-width", 1).attr("stroke-dasharray", "5 3");
    }
    const d = path(s.grid, s.density);
    halos.append("path").attr("d", d).attr("fill", "none").attr("stroke", HALO).attr("stroke-width", LINE_WIDTH + 1.6);
    const l = sg.append("path").attr("class", "line slq").attr("d", d).attr("fill", "none").attr("stroke", s.color).attr("stroke-width", LINE_WIDTH).attr("stroke-linejoin", "round");
    if (s.dashed) l.attr("stroke-dasharray", "6 3");
  }
  const fmt = (v: number): string => (Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9 && Math.round(Math.log10(v)) % 2 === 0 ? formatPower(v) : "");
  drawAxes(g, rect, x, y, { xLabel: `eigenvalue λ${kind === "symlog" ? " (symmetric log axis)" : ""}`, yLabel: "density φ(λ) (log axis)", xTicks: 7, yTicks: DENSITY_DECADES, yTickFormat: fmt, italic: false });
  g.append("text").attr("class", "panel-title").attr("x", rect.left).attr("y", rect.top - 7).attr("font-size", 12).attr("font-weight", 600).text(title);
}

function topPanel(svg: Svg, rect: Rect, series: SpectrumSeries[], kind: SpectrumAxis): void {
  const K = series.reduce((m, s) => Math.max(m, s.top.length), 0);
  const [lo0, hi0] = extent(series, (s) => [s.top]);
  const [lo, hi] = widen([Math.min(0, lo0), Math.max(0, hi0) * (kind === "linear" ? 1.05 : 1.5)]);
  const x = scaleLinear().domain([0.5, Math.max(1, K) + 0.5]).range([rect.left, rect.left + rect.width]);
  const y = eigenvalueScale(kind, lo, hi, [rect.top + rect.height, rect.top], 6);
  const g = svg.append("g").attr("class", "top-eigenvalues").attr("data-series", series.map((s) => s.key).join(" "));
  const n = series.length;
  // Series side by side within each rank, a bar from 0 to the value under each dot.
  const slot = Math.min(10, (rect.width / Math.max(1, K)) * 0.7 / Math.max(1, n));
  series.forEach((s, j) => {
    const sg = g.append("g").attr("class", "series").attr("data-series", s.key);
    for (let k = 0; k < s.top.length; k++) {
      const v = s.top[k];
      if (!Number.isFinite(v)) continue;
      const cx = round2(x(k + 1) + (j - (n - 1) / 2) * slot);
      sg.append("line").attr("x1", cx).attr("x2", cx).attr("y1", y(0)).attr("y2", y(v)).attr("stroke", s.color).attr("stroke-width", 1.2).attr("stroke-opacity", 0.6);
      sg.append("circle").attr("cx", cx).attr("cy", y(v)).attr("r", 3.2).attr("fill", s.dashed ? HALO : s.color).attr("stroke", s.color).attr("stroke-width", 1.4);
    }
  });
  const xTicks = Math.min(K, 6);
  x.ticks = (): number[] => Array.from({ length: xTicks }, (_, i) => 1 + Math.round((i * (K - 1)) / Math.max(1, xTicks - 1)));
  drawAxes(g, rect, x, y, { xLabel: "rank k", yLabel: "λ_k", xTicks, yTicks: 6, italic: false });
  g.append("text").attr("class", "panel-title").attr("x", rect.left).attr("y", rect.top - 7).attr("font-size", 12).attr("font-weight", 600).text(K > 0 ? `top ${K} (Lanczos)` : "top eigenvalues: none");
}

/** Height of one row of panels: a single point keeps the full height. */
const ROW_HEIGHT_SINGLE = 300;
const ROW_HEIGHT_MULTI = 220;
/** Space between rows: the x-axis label below one row and the panel titles above the next. */
const ROW_GAP = 74;

export function renderSpectrum(doc: Document, input: SpectrumInput): string {
  const width = FIGURE_WIDTH;
  const kind = input.axis ?? "symlog";
  const top = headingHeight(input.heading) + 24;
  const rows = input.series.length;
  const rowHeight = rows > 1 ? ROW_HEIGHT_MULTI : ROW_HEIGHT_SINGLE;
  const rowTop = (i: number): number => top + i * (rowHeight + ROW_GAP);
  const entries: LegendEntry[] = [];
  for (const s of input.series) {
    entries.push({ kind: "line", color: s.color, dashed: s.dashed, label: `${s.label}: SLQ density, top eigenvalues` });
    if (s.exactDensity) entries.push({ kind: "line", color: s.color, dashed: true, label: `${s.label}: exact eigenvalues, same smoothing` });
  }
  const legendBox = { left: 20, top: rowTop(Math.max(1, rows) - 1) + rowHeight + 50, width: width - 40, height: 0 };
  legendBox.height = legendHeight(entries, legendBox.width);
  const height = legendBox.top + legendBox.height + 10;
  const svg = createSvg(doc, { width, height, title: input.heading.title, desc: input.desc });
  drawHeading(svg, input.heading);
  // One row per series, each panel's axes fitted to that series alone.
  input.series.forEach((s, i) => {
    const left: Rect = { left: 66, top: rowTop(i), width: 400, height: rowHeight };
    const right: Rect = { left: 536, top: rowTop(i), width: width - 536 - 20, height: rowHeight };
    densityPanel(svg, left, [s], kind, rows > 1 ? `${s.label}: SLQ density` : "eigenvalue density (SLQ)");
    topPanel(svg, right, [s], kind);
  });
  drawLegend(svg, legendBox, entries);
  return serializeSvg(svg, { idPrefix: input.idPrefix });
}
