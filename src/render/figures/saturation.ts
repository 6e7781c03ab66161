// saturation.svg: why the gradient vanishes at the bad start, sample by sample.
//
// Top: σ(z_i) at the start for each sample, with the target y_i and the error between
// them. Bottom: each sample's |dℓ/dz| under MSE and under cross-entropy, on a log axis.
// A sample adds (dℓ/dz)/n · (x_i, 1) to ∇L, so this is its weight in the gradient.
// MSE: dℓ/dz = 2(p − y)·σ′(z) and σ′(z) ≈ e^z for z ≪ 0, so a positive at z ≈ −15
// contributes ~1e-6 although its error p − y ≈ −1. Cross-entropy: dℓ/dz = p − y ≈ −1.
//
// Above MAX_SAMPLE_MARKS samples the marks are binned: per x-bin and label, a bar from
// the lowest to the highest value and a dot at the mean, so the file and the picture
// stay readable for any data size.

import { scaleLinear, scaleLog, line as d3line, type ScaleContinuousNumeric } from "d3";
import { drawAxes } from "../axes.js";
import { formatPower, formatTick } from "../format.js";
import { drawLegend, legendHeight, type LegendEntry } from "../legend.js";
import { serializeSvg } from "../serialize.js";
import { createSvg, type G } from "../svg.js";
import { drawHeading, headingHeight, type Heading } from "../text.js";
import { FIGURE_WIDTH } from "./landscape.js";

export interface SaturationSample {
  x: number;
  y: number;
  p: number;
  /** dℓ/dz under MSE and cross-entropy (signed; drawn as |dℓ/dz|). */
  dldz: { mse: number; bce: number };
}

export interface SaturationInput {
  heading: Heading;
  desc: string;
  idPrefix: string;
  /** Any array-like or iterable with a length: iterated once per pass, never copied. */
  samples: Iterable<SaturationSample> & { readonly length: number };
  /** The model at the start: σ(w·x + b), sampled for the curve. */
  curve: Array<[x: number, p: number]>;
  /** p below this counts as saturated (σ ≈ 0). */
  saturatedBelow: number;
  colors: { positive: string; negative: string; mse: string; bce: string };
}

const FLOOR = 1e-12;
/** Samples drawn one mark each at most; above, marks are binned by x. */
export const MAX_SAMPLE_MARKS = 400;
/** x-bins of the binned drawing (about 5 px each). */
const BINS = 120;

/** Per x-bin and label: count, p's range and mean, and the range of |dℓ/dz| per loss. */
interface Bin {
  n: number;
  x0: number;
  x1: number;
  pLo: number;
  pHi: number;
  pSum: number;
  mseLo: number;
  mseHi: number;
  bceLo: number;
  bceHi: number;
}

function binSamples(samples: Iterable<SaturationSample>, xd: [number, number], label: number): Array<Bin | undefined> {
  const bins: Array<Bin | undefined> = new Array(BINS);
  const width = (xd[1] - xd[0]) / BINS;
  for (const s of samples) {
    if (s.y !== label) continue;
    const k = Math.min(BINS - 1, Math.max(0, Math.floor((s.x - xd[0]) / width)));
    const m = Math.max(Math.abs(s.dldz.mse), FLOOR);
    const c = Math.max(Math.abs(s.dldz.bce), FLOOR);
    const b = (bins[k] ??= { n: 0, x0: xd[0] + k * width, x1: xd[0] + (k + 1) * width, pLo: Infinity, pHi: -Infinity, pSum: 0, mseLo: Infinity, mseHi: -Infinity, bceLo: Infinity, bceHi: -Infinity });
    b.n++;
    b.pSum += s.p;
    b.pLo = Math.min(b.pLo, s.p);
    b.pHi = Math.max(b.pHi, s.p);
    b.mseLo = Math.min(b.mseLo, m);
    b.mseHi = Math.max(b.mseHi, m);
    b.bceLo = Math.min(b.bceLo, c);
    b.bceHi = Math.max(b.bceHi, c);
  }
  return bins;
}

export function renderSaturation(doc: Document, input: SaturationInput): string {
  const width = FIGURE_WIDTH;
  const binned = input.samples.length > MAX_SAMPLE_MARKS;
  // The wrong-side positives and the x range, in one pass (no copies of the samples).
  let wrong = 0;
  let wLo = Infinity;
  let wHi = -Infinity;
  let xLo = Infinity;
  let xHi = -Infinity;
  for (const s of input.samples) {
    if (s.x < xLo) xLo = s.x;
    if (s.x > xHi) xHi = s.x;
    if (s.y === 1 && s.p < input.saturatedBelow) {
      wrong++;
      if (s.x < wLo) wLo = s.x;
      if (s.x > wHi) wHi = s.x;
    }
  }
  const annotation = wrong > 0 ? 16 : 0;
  const top = headingHeight(input.heading) + 16 + annotation;
  const left = 66;
  const pw = width - left - 24;
  const top1 = { left, top, width: pw, height: 190 };
  const top2 = { left, top: top + 190 + 62, width: pw, height: 190 };
  const what = binned ? ` (binned by x: bar = range, dot = mean)` : "; line: error p − y";
  const entries: LegendEntry[] = [
    { kind: "line", color: "#555555", label: "model σ(w·x + b) at the start" },
    { kind: "dot", color: input.colors.positive, label: `positive (y = 1)${what}` },
    { kind: "dot", color: input.colors.negative, label: `negative (y = 0)${what}` },
    { kind: "line", color: input.colors.mse, label: binned ? "|dℓ/dz| under MSE (bar: largest in the bin)" : "|dℓ/dz| under MSE (bar)" },
    { kind: "dot", color: input.colors.bce, hollow: true, label: binned ? "|dℓ/dz| under cross-entropy (ring: largest in the bin)" : "|dℓ/dz| under cross-entropy" },
  ];
  const legendBox = { left: 20, top: top2.top + top2.height + 48, width: width - 40, height: 0 };
  legendBox.height = legendHeight(entries, legendBox.width);
  const height = legendBox.top + legendBox.height + 10;
  const svg = createSvg(doc, { width, height, title: input.heading.title, desc: input.desc });
  drawHeading(svg, input.heading);

  const xd: [number, number] = input.samples.length > 0 ? [xLo - 0.1, xHi + 0.1] : [-1, 1];
  const x1 = scaleLinear().domain(xd).range([top1.left, top1.left + top1.width]);
  const y1 = scaleLinear().domain([-0.05, 1.05]).range([top1.top + top1.height, top1.top]);

  // Shade the samples that are saturated on the wrong side: y = 1 but σ ≈ 0. The
  // annotation sits above the panel, clear of the stems.
  const band = svg.append("g").attr("class", "saturated-wrong");
  if (wrong > 0) {
    const a = Math.max(xd[0], wLo - 0.05);
    const b = Math.min(xd[1], wHi + 0.05);
    for (const r of [top1, top2]) {
      band.append("rect").attr("x", x1(a)).attr("y", r.top).attr("width", x1(b) - x1(a)).attr("height", r.height).attr("fill", input.colors.positive).attr("fill-opacity", 0.1);
    }
    band.append("text").attr("x", Math.max(x1(b), left + 300)).attr("y", top1.top - 6).attr("text-anchor", "end").attr("font-size", 11).attr("font-weight", 600).attr("fill", "#8a2f00")
      .text(`${wrong} positives with σ < ${formatTick(input.saturatedBelow)}: wrong side, saturated`);
  }

  const p1 = svg.append("g").attr("class", "predictions");
  p1.append("path").attr("d", d3line().digits(2)(input.curve.map(([x, p]) => [x1(x), y1(p)])) ?? "").attr("fill", "none").attr("stroke", "#555555").attr("stroke-width", 1.4);
  const y2 = scaleLog().domain([FLOOR, 1]).range([top2.top + top2.height, top2.top]);
  const p2 = svg.append("g").attr("class", "gradient-weights");
  if (binned) drawBinned(p1, p2, input, xd, x1, y1, y2);
  else drawEach(p1, p2, input, x1, y1, y2);
  drawAxes(svg, top1, x1, y1, { xLabel: "", yLabel: "σ(z) (dot), y (ring)", yTicks: 5, italic: false });
  drawAxes(svg, top2, x1, y2, {
    xLabel: "x (sample input)",
    yLabel: "|dℓ/dz| (log)",
    yTicks: 5,
    italic: false,
    yTickFormat: (v) => (Math.abs(Math.log10(v) % 3) < 1e-9 ? formatPower(v) : ""),
  });
  drawLegend(svg, legendBox, entries);
  return serializeSvg(svg, { idPrefix: input.idPrefix });
}

type Scale = ScaleContinuousNumeric<number, number>;

function drawEach(p1: G, p2: G, input: SaturationInput, x1: Scale, y1: Scale, y2: Scale): void {
  for (const s of input.samples) {
    const pos = s.y === 1;
    const c = pos ? input.colors.positive : input.colors.negative;
    const g = p1.append("g").attr("class", pos ? "sample positive" : "sample negative");
    g.append("line").attr("x1", x1(s.x)).attr("x2", x1(s.x)).attr("y1", y1(s.p)).attr("y2", y1(s.y)).attr("stroke", c).attr("stroke-width", 1.2).attr("stroke-opacity", 0.7);
    g.append("circle").attr("cx", x1(s.x)).attr("cy", y1(s.y)).attr("r", 2.6).attr("fill", "#ffffff").attr("stroke", c).attr("stroke-width", 1.2);
    g.append("circle").attr("cx", x1(s.x)).attr("cy", y1(s.p)).attr("r", 3).attr("fill", c);
  }
  for (const s of input.samples) {
    const cx = x1(s.x);
    p2.append("line").attr("x1", cx).attr("x2", cx).attr("y1", y2(FLOOR)).attr("y2", y2(Math.max(Math.abs(s.dldz.mse), FLOOR))).attr("stroke", input.colors.mse).attr("stroke-width", 3);
    p2.append("circle").attr("class", "bce").attr("cx", cx).attr("cy", y2(Math.max(Math.abs(s.dldz.bce), FLOOR))).attr("r", 3).attr("fill", "#ffffff").attr("stroke", input.colors.bce).attr("stroke-width", 1.4);
  }
}

function drawBinned(p1: G, p2: G, input: SaturationInput, xd: [number, number], x1: Scale, y1: Scale, y2: Scale): void {
  p1.attr("data-binned", `${BINS}`);
  for (const label of [0, 1]) {
    const pos = label === 1;
    const c = pos ? input.colors.positive : input.colors.negative;
    const bins = binSamples(input.samples, xd, label);
    const g = p1.append("g").attr("class", pos ? "bins positive" : "bins negative").attr("fill", c).attr("stroke", c);
    const g2 = p2.append("g").attr("class", pos ? "bins positive" : "bins negative");
    for (const b of bins) {
      if (!b) continue;
      const cx = x1((b.x0 + b.x1) / 2);
      g.append("line").attr("x1", cx).attr("x2", cx).attr("y1", y1(b.pLo)).attr("y2", y1(b.pHi)).attr("stroke-width", 3).attr("stroke-opacity", 0.6);
      g.append("circle").attr("class", "bin").attr("data-n", b.n).attr("cx", cx).attr("cy", y1(b.pSum / b.n)).attr("r", 2.2);
      g.append("circle").attr("cx", cx).attr("cy", y1(label)).attr("r", 2).attr("fill", "#ffffff").attr("stroke-width", 1);
      g2.append("line").attr("x1", cx).attr("x2", cx).attr("y1", y2(FLOOR)).attr("y2", y2(b.mseHi)).attr("stroke", input.colors.mse).attr("stroke-width", 2.4);
      g2.append("circle").attr("class", "bce").attr("cx", cx).attr("cy", y2(b.bceHi)).attr("r", 2.4).attr("fill", "#ffffff").attr("stroke", input.colors.bce).attr("stroke-width", 1.2);
    }
  }
}
