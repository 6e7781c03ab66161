// slice.svg and slice-1d.svg: snapshots of one small deterministic case each, the
// encodings the figures promise (hatched ‖∇L‖ < ε, ring size = off-plane fraction, axis
// labels), determinism, and the 200 KB budget on inputs far larger than any screen.

import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import { MAX_DRAWN_SIDE, renderSliceFigure, type SliceFigureInput } from "../src/render/figures/slice.js";
import { renderSlice1dFigure, type Slice1dFigureInput } from "../src/render/figures/slice-1d.js";
import { sliceEpsilon } from "../src/slices/slice-epsilon.js";
import { makeDocument, parseSvg } from "./helpers/svg.js";

const lin = (a: number, b: number, n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

/** A saddle-and-bowl loss over [−1, 1]² with its exact gradient norm; accuracy high near the bowl. */
function planeInput(n: number, pathPoints: number, noise = 0): SliceFigureInput {
  const alpha = lin(-1, 1, n), beta = lin(-1, 1, n);
  const rng = seededRandom(4);
  const loss = new Float64Array(n * n), gradNorm = new Float64Array(n * n), accuracy = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const a = alpha[j], b = beta[i], k = i * n + j;
    loss[k] = 0.5 + (a - 0.3) ** 2 + 0.5 * (b + 0.2) ** 2 + 0.3 * a * b + noise * rng();
    gradNorm[k] = Math.hypot(2 * (a - 0.3) + 0.3 * b, (b + 0.2) + 0.3 * a) + noise * rng();
    accuracy[k] = loss[k] < 0.6 ? 1 : 0.5;
  }
  const t = lin(0, 1, pathPoints);
  return {
    heading: { title: "Slice", subtitle: "a test plane" },
    desc: "test",
    idPrefix: "slice",
    alpha, beta, loss, gradNorm, accuracy,
    fieldLabel: "MSE loss",
    scheme: "viridis",
    scale: "linear",
    contourLines: true,
    xLabel: "α · d1 (random, filter-normalized)",
    yLabel: "β · d2 (random, filter-normalized)",
    flat: { epsilon: 0.1, target: 0.95, plateauLabel: "plateau", floorLabel: "floor" },
    paths: [{
      key: "run", label: "run", color: "#d55e00",
      step: t.map((x) => Math.round(x * 1000 * pathPoints)),
      alpha: t.map((x) => -0.9 + 1.2 * x + noise * Math.sin(9e3 * x)),
      beta: t.map((x) => 0.8 - x + noise * Math.cos(7e3 * x)),
      offPlane: t.map((x) => 1 - x),
      offPlaneFraction: t.map((x) => 1 - x),
      loss: t.map((x) => 1 - 0.5 * x),
      planeLoss: t.map((x) => 1.2 - 0.7 * x),
    }],
    centerLabel: "θ*",
  };
}

function lineInput(n: number, lines: number): Slice1dFigureInput {
  const rng = seededRandom(2);
  return {
    heading: { title: "Line", subtitle: "a test line" },
    desc: "test",
    idPrefix: "slice-1d",
    xLabel: "α",
    lossLabel: "MSE loss",
    scale: "linear",
    marks: [{ alpha: 0, label: "θ*" }, { alpha: 1, label: "θ_to" }],
    lines: Array.from({ length: lines }, (_, k) => {
      const alpha = lin(-0.5, 1.5, n);
      return {
        key: `l${k}`, label: `line ${k}`, color: ["#d55e00", "#0072b2", "#000000"][k % 3], dashed: k > 0,
        alpha,
        loss: alpha.map((a) => 0.2 + (a - 0.5) ** 2 * (1 + k) + (n > 1000 ? 0.1 * rng() : 0)),
        accuracy: alpha.map((a) => (Math.abs(a - 0.5) < 0.4 ? 1 : 0.5)),
      };
    }),
  };
}

describe("slice.svg", () => {
  const svg = renderSliceFigure(makeDocument(), planeInput(21, 30));
  it("matches its snapshot and is deterministic", async () => {
    expect(renderSliceFigure(makeDocument(), planeInput(21, 30))).toBe(svg);
    await expect(svg).toMatchFileSnapshot("fixtures/slice-figures/slice.svg");
  });
  it("hatches ‖∇L‖ < ε, labels the axes with the directions and sizes rings by off-plane fraction", () => {
    const doc = parseSvg(svg);
    const flat = doc.querySelector("g.flat-region");
    expect(flat?.getAttribute("data-epsilon")).toBe("1.000e-1");
    expect(flat?.querySelector("path.outline")?.getAttribute("d")).toMatch(/^M/);
    const labels = Array.from(doc.querySelectorAll(".axis-label")).map((e) => e.textContent);
    expect(labels).toContain("α · d1 (random, filter-normalized)");
    expect(labels).toContain("β · d2 (random, filter-normalized)");
    const rings = Array.from(doc.querySelectorAll("g.off-plane circle[data-off-plane]"));
    expect(rings.length).toBe(30);
    for (const r of rings) expect(Number(r.getAttribute("r"))).toBeCloseTo(2 + 7 * Number(r.getAttribute("data-off-plane")), 1);
    expect(Number(rings[0].getAttribute("r"))).toBeGreaterThan(Number(rings[rings.length - 1].getAttribute("r")) + 6);
    expect(doc.querySelectorAll("g.off-plane-chart path.line")).toHaveLength(1);
    expect(doc.querySelectorAll("g.loss-chart path.line")).toHaveLength(2);
  });
  it("stays under 200 KB for a noisy 1024² slice and a 100,000-point path", () => {
    const big = renderSliceFigure(makeDocument(), planeInput(1024, 100_000, 0.3));
    expect(Buffer.byteLength(big)).toBeLessThan(200 * 1024);
    const doc = parseSvg(big);
    expect(doc.querySelectorAll("g.off-plane circle[data-off-plane]").length).toBeLessThanOrEqual(40);
    expect(MAX_DRAWN_SIDE).toBeLessThan(1024);
  });
});

describe("slice-1d.svg", () => {
  const svg = renderSlice1dFigure(makeDocument(), lineInput(41, 2));
  it("matches its snapshot and is deterministic", async () => {
    expect(renderSlice1dFigure(makeDocument(), lineInput(41, 2))).toBe(svg);
    await expect(svg).toMatchFileSnapshot("fixtures/slice-figures/slice-1d.svg");
  });
  it("draws loss and accuracy per line, overlaid, with the marks", () => {
    const doc = parseSvg(svg);
    expect(doc.querySelectorAll("g.loss-panel path.line")).toHaveLength(2);
    expect(doc.querySelectorAll("g.accuracy-panel path.line")).toHaveLength(2);
    expect(Array.from(doc.querySelectorAll(".mark-label")).map((e) => e.textContent)).toEqual(["θ*", "θ_to", "θ*", "θ_to"]);
  });
  it("stays under 200 KB for eight noisy lines of 1,000,000 points", () => {
    expect(Buffer.byteLength(renderSlice1dFigure(makeDocument(), lineInput(1_000_000, 8)))).toBeLessThan(200 * 1024);
  });
});

describe("the figure's ε", () => {
  it("is D / (lr·T) with D the farthest corner's distance ‖α d1 + β d2‖ and train's defaults", () => {
    const d1 = Float64Array.of(3, 4, 0), d2 = Float64Array.of(0, 0, 2);
    // Orthogonal: D² = max over corners of 25α² + 4β²; α ∈ [−1, 2], β ∈ [−1, 1] → 100 + 4.
    const e = sliceEpsilon(d1, d2, [-1, 2], [-1, 1], 40);
    expect(e.distance).toBeCloseTo(Math.sqrt(104), 14);
    expect(e.budget).toBe(2 * 50 * 20);
    expect(e.value).toBeCloseTo(Math.sqrt(104) / 2000, 16);
    // Not orthogonal: the corner (1, 1) of d1 = d2 = (1, 0, 0) is at distance 2.
    expect(sliceEpsilon(Float64Array.of(1, 0, 0), Float64Array.of(1, 1e-3, 0), [-1, 1], [-1, 1], 3).distance).toBeCloseTo(Math.hypot(2, 1e-3), 14);
    expect(sliceEpsilon(d1, null, [-3, 1], null, 40).distance).toBe(15);
  });
});
