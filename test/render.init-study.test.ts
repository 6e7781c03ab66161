// init-study.svg: ticks where the grid lines are, a legend key per mark the panels draw,
// and the MSE line visible where it coincides with cross-entropy's.

import { describe, expect, it } from "vitest";
import { renderInitStudyFigure } from "../src/render/init-study.js";
import { makeDocument, parseSvg } from "./helpers/svg.js";

const row = (label: string, std: number, isNormal: boolean, a: number, b: number) => ({
  label, std, isNormal, results: [{ rate: a, ci: [a - 0.01, Math.min(1, a + 0.01)] as [number, number] }, { rate: b, ci: [b - 0.01, b] as [number, number] }],
});
const doc = parseSvg(renderInitStudyFigure(makeDocument(), {
  heading: { title: "t" }, desc: "d", idPrefix: "is",
  series: [{ label: "MSE", color: "#d55e00", dashed: false }, { label: "cross-entropy", color: "#0072b2", dashed: true }],
  rows: [row("he", 1.41, false, 1, 1), row("normal σ=1", 1, true, 1, 1), row("normal σ=2", 2, true, 1, 1), row("normal σ=10", 10, true, 0.5, 1)],
  probabilityLabel: "P",
}));

describe("renderInitStudyFigure", () => {
  it("puts the left panel's ticks on its grid lines (quarters)", () => {
    const ticks = Array.from(doc.querySelectorAll(".scheme-rates .x-axis .tick text")).map((t) => t.textContent);
    expect(ticks).toEqual(["0%", "25%", "50%", "75%", "100%"]);
    const tickX = Array.from(doc.querySelectorAll(".scheme-rates .x-axis .tick")).map((t) => Number(/translate\(([\d.]+)/.exec(t.getAttribute("transform")!)![1]));
    const gridX = Array.from(doc.querySelectorAll(".scheme-rates .gridline")).map((l) => Number(l.getAttribute("x1")));
    // d3-axis shifts ticks by half a pixel for crisp lines.
    expect(gridX).toHaveLength(3);
    gridX.forEach((x, k) => expect(Math.abs(x - tickX[k + 1])).toBeLessThanOrEqual(0.5));
  });

  it("keys the dots of the left panel with dots and the right panel's lines with lines", () => {
    const kinds = Array.from(doc.querySelectorAll(".legend-entry")).map((e) => /legend-(\w+)/.exec(e.getAttribute("class")!.split(" ")[1])![1]);
    expect(kinds).toEqual(["dot", "dot", "line", "line", "markers"]);
  });

  it("draws the later series wider underneath, so the first stays visible where they coincide", () => {
    const width = (label: string): number => Number(doc.querySelector(`.series[data-series="${label}"] path.line`)!.getAttribute("stroke-width"));
    expect(width("cross-entropy")).toBeGreaterThan(width("MSE"));
    const order = Array.from(doc.querySelectorAll(".sigma-curve .series")).map((g) => g.getAttribute("data-series"));
    expect(order).toEqual(["cross-entropy", "MSE"]);
  });
});
