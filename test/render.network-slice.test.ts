// The networks section's slice figure: the heatmap over (α, β) with α/β axes, projected
// runs at their coordinates, and off-plane rings whose radius follows the distance.

import { describe, expect, it } from "vitest";
import { renderNetworkSlice, type NetworkSliceInput } from "../src/render/figures/network-slice.js";
import { makeDocument, panelMap, parseSvg } from "./helpers/svg.js";

const n = 11;
const axis = (lo: number, hi: number): Float64Array => Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
const alpha = axis(-2, 8);
const beta = axis(-3, 3);
const values = Float64Array.from({ length: n * n }, (_, k) => (alpha[k % n] - 1) ** 2 + beta[Math.floor(k / n)] ** 2);

const INPUT: NetworkSliceInput = {
  heading: { title: "slice", subtitle: "sub" },
  desc: "a test slice with two projected runs",
  idPrefix: "slice",
  field: { w: alpha, b: beta, values },
  fieldLabel: "MSE loss",
  xLabel: "α: principal component 1",
  yLabel: "β: principal component 2",
  scheme: "viridis",
  scale: "linear",
  contourLines: true,
  flat: { gradNorm: { w: alpha, b: beta, values: values.map((v) => 2 * Math.sqrt(v)) }, epsilon: 0.5, label: "flat" },
  runs: [
    { key: "on", color: "#d55e00", label: "on the plane", w: [6, 3, 1], b: [2, 1, 0], epochEnds: [1], offPlane: [0, 0, 0] },
    { key: "off", color: "#000000", dashed: true, label: "off the plane", w: [0, 0.5], b: [-2, -1], epochEnds: [], offPlane: [2, 8] },
  ],
  offPlaneScale: 4,
  offPlaneScaleText: "4",
};

describe("renderNetworkSlice", () => {
  const text = renderNetworkSlice(makeDocument(), INPUT);
  const doc = parseSvg(text);

  it("labels the axes α and β, not w and b", () => {
    const labels = Array.from(doc.querySelectorAll(".axis-label")).map((t) => t.textContent);
    expect(labels).toContain("α: principal component 1");
    expect(labels).toContain("β: principal component 2");
    expect(labels).not.toContain("w");
  });

  it("rings every saved point at its (α, β), radius growing with its distance off the plane, capped at the scale", () => {
    const map = panelMap(doc.querySelector(".panel")!);
    const rings = (key: string) => Array.from(doc.querySelectorAll(`.off-plane [data-run="${key}"] circle`));
    const on = rings("on");
    expect(on).toHaveLength(3);
    on.forEach((c, i) => {
      const [x, y] = map.toPixel(INPUT.runs[0].w[i] as number, INPUT.runs[0].b[i] as number);
      expect(Number(c.getAttribute("cx"))).toBeCloseTo(x, 1);
      expect(Number(c.getAttribute("cy"))).toBeCloseTo(y, 1);
      expect(Number(c.getAttribute("r"))).toBe(1.2);
    });
    const off = rings("off").map((c) => Number(c.getAttribute("r")));
    // 2 of 4 is halfway from 1.2 to 10 px; 8 of 4 is capped at 10 px.
    expect(off[0]).toBeCloseTo(5.6, 5);
    expect(off[1]).toBe(10);
  });

  it("draws both projected runs and a legend entry per run, and is deterministic", () => {
    expect(doc.querySelectorAll(".trajectory")).toHaveLength(2);
    const legend = Array.from(doc.querySelectorAll(".legend text")).map((t) => t.textContent);
    expect(legend).toContain("on the plane");
    expect(legend.some((l) => l?.includes("distance from the plane"))).toBe(true);
    expect(renderNetworkSlice(makeDocument(), INPUT)).toBe(text);
  });
});
