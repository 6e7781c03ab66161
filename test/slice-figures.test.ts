// slice.svg and slice-1d.svg: snapshots of one small deterministic case each, the
// encodings the figures promise (hatched ‖∇L‖ < ε, ring size = off-plane fraction, axis
// labels) and determinism; the 200 KB budget on inputs far larger than any screen is
// test/slice-figures.large.slow.test.ts.

import { describe, expect, it } from "vitest";
import { renderSliceFigure } from "../src/render/figures/slice.js";
import { renderSlice1dFigure } from "../src/render/figures/slice-1d.js";
import { sliceEpsilon } from "../src/slices/slice-epsilon.js";
import { makeDocument, parseSvg } from "./helpers/svg.js";

import { lineInput, planeInput } from "./helpers/slice-inputs.js";

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
