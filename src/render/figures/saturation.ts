// saturation.svg: why the gradient vanishes at the bad start, sample by sample.
//
// Top: σ(z_i) at the start for each sample, with the target y_i and the error between
// them. Bottom: each sample's |dℓ/dz| under MSE and under cross-entropy, on a log axis.
// A sample adds (dℓ/dz)/n · (x_i, 1) to ∇L, so this is its weight in the gradient.
// MSE: dℓ/dz = 2(p − y)·σ′(z) and σ′(z) ≈ e^z for z ≪ 0, so a positive at z ≈ −15
// contributes ~1e-6 although its error p − y ≈ −1. Cross-entropy: dℓ/dz = p − y ≈ −1.

import { scaleLinear, scaleLog, line as d3line } from "d3";
import { drawAxes } from "../axes.js";
import { formatPower, formatTick } from "../format.js";
import { drawLegend, legendHeight, type LegendEntry } from "../legend.js";
import { serializeSvg } from "../serialize.js";
import { createSvg } from "../svg.js";
import { drawHeading, headingHeight, type Heading } from "../text.js";
import { FIGURE_WIDTH } from "./landscape.js";

export interface SaturationSample {
  x: number;
  y: number;
  p: number;
  /** |dℓ/dz| under MSE and cross-entropy. */
  mse: number;
  bce: number;
}

export interface SaturationInput {
  heading: Heading;
  desc: string;
  idPrefix: string;
  samples: SaturationSample[];
  /** The model at the start: σ(w·x + b), sampled for the curve. */
  curve: Array<[x: number, p: number]>;
  /** p below this counts as saturated (σ ≈ 0). */
  saturatedBelow: number;
  colors: { positive: string; negative: string; mse: string; bce: string };
}

const FLOOR = 1e-12;

export function renderSaturation(doc: Document, input: SaturationInput): string {
  const width = FIGURE_WIDTH;
  const top = headingHeight(input.heading) + 16;
  const left = 66;
  const pw = width - left - 24;
  const top1 = { left, top, width: pw, height: 190 };
  const top2 = { left, top: top + 190 + 62, width: pw, height: 190 };
  const entries: LegendEntry[] = [
    { kind: "line", color: "#555555", label: "model σ(w·x + b) at the start" },
    { kind: "dot", color: input.colors.positive, label: "positive (y = 1); line: error p − y" },
    { kind: "dot", color: input.colors.negative, label: "negative (y = 0); line: error p − y" },
    { kind: "line", color: input.colors.mse, label: "|dℓ/dz| under MSE (bar)" },
    { kind: "dot", color: input.colors.bce, hollow: true, label: "|dℓ/dz| under cross-entropy" },
  ];
  const legendBox = { left: 20, top: top2.top + top2.height + 48, width: width - 40, height: 0 };
  legendBox.height = legendHeight(entries, legendBox.width);
  const height = legendBox.top + legendBox.height + 10;
  const svg = createSvg(doc, { width, height, title: input.heading.title, desc: input.desc });
  drawHeading(svg, input.heading);

  const xs = input.samples.map((s) => s.x);
  const xd: [number, number] = [Math.min(...xs) - 0.1, Math.max(...xs) + 0.1];
  const x1 = scaleLinear().domain(xd).range([top1.left, top1.left + top1.width]);
  const y1 = scaleLinear().domain([-0.05, 1.05]).range([top1.top + top1.height, top1.top]);

  // Shade the samples that are saturated on the wrong side: y = 1 but σ ≈ 0.
  const wrong = input.samples.filter((s) => s.y === 1 && s.p < input.saturatedBelow);
  const band = svg.append("g").attr("class", "saturated-wrong");
  if (wrong.length > 0) {
    const a = Math.min(...wrong.map((s) => s.x)) - 0.05;
    const b = Math.max(...wrong.map((s) => s.x)) + 0.05;
    for (const [r, y] of [[top1, y1], [top2, null]] as const) {
      band.append("rect").attr("x", x1(a)).attr("y", r.top).attr("width", x1(b) - x1(a)).attr("height", r.height).attr("fill", input.colors.positive).attr("fill-opacity", 0.1);
      if (y) {
        band.append("text").attr("x", x1(b) - 6).attr("y", y(0.55)).attr("text-anchor", "end").attr("font-size", 11).attr("font-weight", 600).attr("fill", "#8a2f00")
          .attr("stroke", "#ffffff").attr("stroke-width", 4).attr("stroke-linejoin", "round").attr("paint-order", "stroke")
          .text(`${wrong.length} positives with σ < ${formatTick(input.saturatedBelow)}: wrong side, saturated`);
      }
    }
  }

  const p1 = svg.append("g").attr("class", "predictions");
  p1.append("path").attr("d", d3line().digits(2)(input.curve.map(([x, p]) => [x1(x), y1(p)])) ?? "").attr("fill", "none").attr("stroke", "#555555").attr("stroke-width", 1.4);
  for (const s of input.samples) {
    const pos = s.y === 1;
    const c = pos ? input.colors.positive : input.colors.negative;
    const g = p1.append("g").attr("class", pos ? "sample positive" : "sample negative");
    g.append("line").attr("x1", x1(s.x)).attr("x2", x1(s.x)).attr("y1", y1(s.p)).attr("y2", y1(s.y)).attr("stroke", c).attr("stroke-width", 1.2).attr("stroke-opacity", 0.7);
    g.append("circle").attr("cx", x1(s.x)).attr("cy", y1(s.y)).attr("r", 2.6).attr("fill", "#ffffff").attr("stroke", c).attr("stroke-width", 1.2);
    g.append("circle").attr("cx", x1(s.x)).attr("cy", y1(s.p)).attr("r", 3).attr("fill", c);
  }
  drawAxes(svg, top1, x1, y1, { xLabel: "", yLabel: "σ(z) (dot), y (ring)", yTicks: 5, italic: false });

  const y2 = scaleLog().domain([FLOOR, 1]).range([top2.top + top2.height, top2.top]);
  const p2 = svg.append("g").attr("class", "gradient-weights");
  for (const s of input.samples) {
    const cx = x1(s.x);
    p2.append("line").attr("x1", cx).attr("x2", cx).attr("y1", y2(FLOOR)).attr("y2", y2(Math.max(s.mse, FLOOR))).attr("stroke", input.colors.mse).attr("stroke-width", 3);
    p2.append("circle").attr("class", "bce").attr("cx", cx).attr("cy", y2(Math.max(s.bce, FLOOR))).attr("r", 3).attr("fill", "#ffffff").attr("stroke", input.colors.bce).attr("stroke-width", 1.4);
  }
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
