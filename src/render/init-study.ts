// init-study.svg: how often each init scheme's random start trains, per loss.
// Left: P(reach the accuracy target) for every scheme, a dot per loss with its Wilson
// 95% interval as a whisker. Right: the same probability for N(0, σ²) starts against
// σ (log axis), a line per loss with its interval as a band, the named schemes placed
// at their per-coordinate standard deviation: the quantitative form of "a bad init
// leaves MSE unable to learn".

import { axisBottom, axisLeft, scaleLinear, scaleLog, type ScaleLinear } from "d3";
import { FIGURE_WIDTH } from "./figures/landscape.js";
import { drawLegend, legendHeight, type LegendEntry } from "./legend.js";
import { HALO } from "./palette.js";
import { serializeSvg } from "./serialize.js";
import { createSvg, type Svg } from "./svg.js";
import { drawHeading, headingHeight, type Heading } from "./text.js";

export interface StudyPoint {
  rate: number;
  ci: [number, number];
}

export interface StudyFigureRow {
  label: string;
  /** Per-coordinate standard deviation of the scheme's draws. */
  std: number;
  /** True for the N(0, σ²) rows that form the σ curve. */
  isNormal: boolean;
  results: Array<StudyPoint | undefined>;
}

export interface StudySeries {
  label: string;
  color: string;
  dashed: boolean;
}

export interface InitStudyFigureInput {
  heading: Heading;
  desc: string;
  idPrefix: string;
  /** One per loss, in the order of each row's results. */
  series: StudySeries[];
  rows: StudyFigureRow[];
  /** Axis label of both panels' probability axis. */
  probabilityLabel: string;
}

const ROW_H = 22;
const QUARTERS = [0, 0.25, 0.5, 0.75, 1];
/** Extra width of a series line per series drawn over it (the later ones go underneath). */
const WIDEN = 2;
const pct = (v: number): string => `${Math.round(v * 100)}%`;

function dotPlot(svg: Svg, input: InitStudyFigureInput, rect: { left: number; top: number; width: number; height: number }): void {
  const g = svg.append("g").attr("class", "scheme-rates");
  const x = scaleLinear().domain([0, 1]).range([rect.left, rect.left + rect.width]);
  const n = input.series.length;
  g.append("rect").attr("class", "frame").attr("x", rect.left).attr("y", rect.top).attr("width", rect.width).attr("height", rect.height).attr("fill", "none").attr("stroke", "#333333").attr("stroke-width", 0.8);
  for (const v of [0.25, 0.5, 0.75]) {
    g.append("line").attr("class", "gridline").attr("x1", x(v)).attr("x2", x(v)).attr("y1", rect.top).attr("y2", rect.top + rect.height).attr("stroke", "#dddddd").attr("stroke-width", 0.8);
  }
  input.rows.forEach((row, i) => {
    const yc = rect.top + (i + 0.5) * ROW_H;
    g.append("text").attr("class", "row-label").attr("x", rect.left - 8).attr("y", yc).attr("dy", "0.32em").attr("text-anchor", "end").attr("font-size", 11).text(row.label);
    row.results.forEach((p, k) => {
      if (!p) return;
      const s = input.series[k];
      const y = yc + (k - (n - 1) / 2) * 6;
      const item = g.append("g").attr("class", "estimate");
      item.append("line").attr("x1", x(p.ci[0])).attr("x2", x(p.ci[1])).attr("y1", y).attr("y2", y).attr("stroke", s.color).attr("stroke-width", 1.6);
      for (const v of p.ci) item.append("line").attr("x1", x(v)).attr("x2", x(v)).attr("y1", y - 3).attr("y2", y + 3).attr("stroke", s.color).attr("stroke-width", 1.2);
      item.append("circle").attr("cx", x(p.rate)).attr("cy", y).attr("r", 3.2).attr("fill", s.dashed ? HALO : s.color).attr("stroke", s.color).attr("stroke-width", 1.4);
    });
  });
  // Ticks where the grid lines are: every quarter.
  const axis = axisBottom(x).tickValues(QUARTERS).tickFormat((v) => pct(Number(v))).tickSizeOuter(0);
  const ag = g.append("g").attr("class", "axis x-axis").attr("transform", `translate(0,${rect.top + rect.height})`).call(axis);
  ag.attr("font-family", null).attr("font-size", null);
  g.append("text").attr("class", "axis-label").attr("x", rect.left + rect.width / 2).attr("y", rect.top + rect.height + 34).attr("text-anchor", "middle").attr("font-size", 12).text(input.probabilityLabel);
}

function sigmaCurve(svg: Svg, input: InitStudyFigureInput, rect: { left: number; top: number; width: number; height: number }): void {
  const g = svg.append("g").attr("class", "sigma-curve");
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of input.rows) {
    lo = Math.min(lo, r.std / 1.5);
    hi = Math.max(hi, r.std * 1.5);
  }
  const x = scaleLog().domain([lo, hi]).range([rect.left, rect.left + rect.width]);
  const y: ScaleLinear<number, number> = scaleLinear().domain([0, 1.04]).range([rect.top + rect.height, rect.top]);
  const normals = input.rows.filter((r) => r.isNormal).sort((a, b) => a.std - b.std);
  for (const v of QUARTERS.slice(1, -1)) {
    g.append("line").attr("class", "gridline").attr("x1", rect.left).attr("x2", rect.left + rect.width).attr("y1", y(v)).attr("y2", y(v)).attr("stroke", "#dddddd").attr("stroke-width", 0.8);
  }
  // Later series are drawn first and wider, so where the rates coincide (both losses
  // train from small σ) the first series runs inside the next one and both stay visible.
  const layers = input.series.map((s, k) => ({ s, k })).reverse();
  const halos = g.append("g").attr("class", "halos");
  for (const { s, k } of layers) {
    const pts = normals.filter((r) => r.results[k]).map((r) => ({ std: r.std, p: r.results[k] as StudyPoint }));
    if (pts.length === 0) continue;
    const width = 1.8 + WIDEN * k;
    const series = g.append("g").attr("class", "series").attr("data-series", s.label);
    const band = [...pts.map((q) => `${x(q.std)},${y(q.p.ci[1])}`), ...pts.slice().reverse().map((q) => `${x(q.std)},${y(q.p.ci[0])}`)];
    series.append("path").attr("class", "ci-band").attr("d", `M${band.join("L")}Z`).attr("fill", s.color).attr("fill-opacity", 0.18).attr("stroke", "none");
    const line = pts.map((q) => `${x(q.std)},${y(q.p.rate)}`).join("L");
    halos.append("path").attr("d", `M${line}`).attr("fill", "none").attr("stroke", HALO).attr("stroke-width", width + 1.8);
    const l = series.append("path").attr("class", "line").attr("d", `M${line}`).attr("fill", "none").attr("stroke", s.color).attr("stroke-width", width);
    if (s.dashed) l.attr("stroke-dasharray", "5 3");
    for (const q of pts) series.append("circle").attr("cx", x(q.std)).attr("cy", y(q.p.rate)).attr("r", 2.6 + (WIDEN / 2) * k).attr("fill", s.dashed ? HALO : s.color).attr("stroke", s.color).attr("stroke-width", 1.4);
  }
  // The named schemes at their standard deviation, as hollow diamonds on the first series.
  const named = input.rows.filter((r) => !r.isNormal && r.results[0]);
  const seen = new Set<number>();
  for (const r of named) {
    if (seen.has(r.std)) continue;
    seen.add(r.std);
    const labels = named.filter((o) => o.std === r.std).map((o) => o.label).join(", ");
    const cx = x(r.std);
    const cy = y((r.results[0] as StudyPoint).rate);
    const m = g.append("g").attr("class", "named-scheme");
    m.append("path").attr("d", `M${cx},${cy - 5}L${cx + 5},${cy}L${cx},${cy + 5}L${cx - 5},${cy}Z`).attr("fill", HALO).attr("stroke", "#000000").attr("stroke-width", 1.2);
    m.append("title").text(`${labels}: σ = ${r.std.toFixed(3)}`);
  }
  if (named.length > 0) {
    let x0 = Infinity;
    let x1 = -Infinity;
    for (const r of named) {
      x0 = Math.min(x0, x(r.std));
      x1 = Math.max(x1, x(r.std));
    }
    const cx = (x0 + x1) / 2;
    g.append("text").attr("class", "named-label").attr("x", cx).attr("y", y(1) + 20).attr("text-anchor", "middle").attr("font-size", 10)
      .attr("fill", "#333333").text("◇ standard inits");
  }
  // Own axes (not drawAxes): a log axis reads best with ticks exactly at the σ studied.
  const ticks = [...new Set([1, ...normals.map((r) => r.std)])].sort((a, b) => a - b);
  const ax = g.append("g").attr("class", "axes").attr("font-size", 11);
  const xa = ax.append("g").attr("class", "axis x-axis").attr("transform", `translate(0,${rect.top + rect.height})`)
    .call(axisBottom(x).tickValues(ticks).tickFormat((v) => String(Number(v))).tickSizeOuter(0));
  const ya = ax.append("g").attr("class", "axis y-axis").attr("transform", `translate(${rect.left},0)`)
    .call(axisLeft(y).tickValues(QUARTERS).tickFormat((v) => pct(Number(v))).tickSizeOuter(0));
  for (const a of [xa, ya]) a.attr("font-family", null).attr("font-size", null);
  ax.append("rect").attr("class", "frame").attr("x", rect.left).attr("y", rect.top).attr("width", rect.width).attr("height", rect.height)
    .attr("fill", "none").attr("stroke", "#333333").attr("stroke-width", 0.8);
  ax.append("text").attr("class", "axis-label x-label").attr("x", rect.left + rect.width / 2).attr("y", rect.top + rect.height + 34)
    .attr("text-anchor", "middle").attr("font-size", 12).text("init scale σ: std of w and of b (log axis)");
  ax.append("text").attr("class", "axis-label y-label").attr("transform", `translate(${rect.left - 42},${rect.top + rect.height / 2}) rotate(-90)`)
    .attr("text-anchor", "middle").attr("font-size", 12).text(input.probabilityLabel);
}

export function renderInitStudyFigure(doc: Document, input: InitStudyFigureInput): string {
  const width = FIGURE_WIDTH;
  const top = headingHeight(input.heading) + 16;
  const left = { left: 140, top, width: 180, height: input.rows.length * ROW_H };
  const right = { left: 410, top, width: 270, height: left.height };
  const entries: LegendEntry[] = [
    // The left panel draws a dot per estimate, the right a line through them: one key each.
    ...input.series.map((s): LegendEntry => ({ kind: "dot", color: s.color, hollow: s.dashed, label: `${s.label}: estimate, whisker = Wilson 95% interval (left)` })),
    ...input.series.map((s, k): LegendEntry => ({
      kind: "line",
      color: s.color,
      dashed: s.dashed,
      label: `${s.label}: rate against σ, band = interval (right)${k < input.series.length - 1 ? `, drawn over ${input.series.slice(k + 1).map((o) => o.label).join(", ")}` : ""}`,
    })),
    { kind: "markers", label: "◇ pytorch, xavier, xavier-normalized, he at their σ (right panel)" },
  ];
  const legendBox = { left: 20, top: top + left.height + 52, width: width - 40, height: 0 };
  legendBox.height = legendHeight(entries, legendBox.width);
  const height = legendBox.top + legendBox.height + 10;
  const svg = createSvg(doc, { width, height, title: input.heading.title, desc: input.desc });
  drawHeading(svg, input.heading);
  dotPlot(svg, input, left);
  sigmaCurve(svg, input, right);
  drawLegend(svg, legendBox, entries);
  return serializeSvg(svg, { idPrefix: input.idPrefix });
}
