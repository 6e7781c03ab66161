// spectrum.svg: pure data → SVG, deterministic, bounded in size, a symmetric-log axis
// that keeps negative eigenvalues, and a committed snapshot.

import { describe, expect, it } from "vitest";
import { renderSpectrum, type SpectrumSeries } from "../src/render/index.js";
import { eigenvalueScale, formatSigned, symlogConstant, symlogTicks } from "../src/render/figures/spectrum-scale.js";
import { densityGrid, smoothMeasures } from "../src/curvature/slq.js";
import { makeDocument, parseSvg } from "./helpers/svg.js";

/** A smoothed density of a known spectrum: a bulk near 0 of both signs plus outliers. */
function series(key: string, color: string, eigenvalues: number[], bins: number, withExact: boolean): SpectrumSeries {
  const ev = Float64Array.from(eigenvalues);
  // Pad and kernel relative to the spectrum's range (the "relative" smoothing of slqDensity).
  const min = Math.min(...eigenvalues), max = Math.max(...eigenvalues);
  const lo = min - 0.002 * (max - min), hi = max + 0.002 * (max - min);
  const grid = densityGrid(lo, hi, bins);
  const variance = 1e-6 * (hi - lo) ** 2;
  const w = new Float64Array(ev.length).fill(1 / ev.length);
  const density = smoothMeasures(grid, [ev], [w], variance);
  // A perturbed "estimate" so the two curves differ visibly.
  const estimate = smoothMeasures(grid, [ev.map((v, i) => v * (1 + 0.02 * Math.sin(i)))], [w], variance);
  const top = Array.from(ev).sort((a, b) => b - a).slice(0, 6);
  return { key, label: key, color, grid, density: estimate, exactDensity: withExact ? density : undefined, top };
}

const START = [-2.1, -0.3, -0.02, -0.004, -0.001, 0, 0, 0.001, 0.002, 0.01, 0.05, 0.4, 1.5, 7.2];
const TRAINED = [-0.0003, 0, 0, 0.0001, 0.0008, 0.003, 0.02, 0.09, 0.6, 3.1];

function figure(bins = 2000, axis: "symlog" | "linear" = "symlog"): string {
  return renderSpectrum(makeDocument(), {
    heading: { title: "Hessian spectrum", subtitle: "bad start and trained point" },
    desc: "Eigenvalue density and top eigenvalues.",
    idPrefix: "spectrum",
    axis,
    series: [series("start", "#d55e00", START, bins, true), series("trained", "#0072b2", TRAINED, bins, false)],
  });
}

describe("spectrum.svg renderer", () => {
  it("matches its committed snapshot and is byte-identical on rerun", async () => {
    const a = figure();
    expect(figure()).toBe(a);
    await expect(a).toMatchFileSnapshot("./fixtures/spectrum.snapshot.svg");
  });

  it("stays well under 200 KB however many bins the density has", () => {
    const big = figure(200_000);
    expect(Buffer.byteLength(big)).toBeLessThan(200 * 1024);
    expect(Buffer.byteLength(figure(20_000, "linear"))).toBeLessThan(200 * 1024);
  });

  it("draws one row per series: its SLQ line, the exact line where given, and every top eigenvalue", () => {
    const doc = parseSvg(figure());
    const rows = Array.from(doc.querySelectorAll("g.density"));
    expect(rows.map((g) => g.getAttribute("data-series"))).toEqual(["start", "trained"]);
    expect(rows.map((g) => g.querySelectorAll("path.slq").length)).toEqual([1, 1]);
    expect(rows.map((g) => g.querySelectorAll("path.exact").length)).toEqual([1, 0]);
    const tops = Array.from(doc.querySelectorAll("g.top-eigenvalues"));
    expect(tops.map((g) => g.getAttribute("data-series"))).toEqual(["start", "trained"]);
    expect(tops[0].querySelectorAll('[data-series="start"] circle')).toHaveLength(6);
    expect(tops[1].querySelectorAll('[data-series="trained"] circle')).toHaveLength(6);
    expect(doc.querySelector("title")?.textContent).toBe("Hessian spectrum");
  });

  it("fits each row's eigenvalue axis to its own series, so a spectrum 1e−9 wide beside one of width 3 fills its panel", () => {
    const tiny = series("flat", "#d55e00", START.map((v) => v * 1e-10), 2000, true);
    const wide = series("trained", "#0072b2", TRAINED, 2000, false);
    const doc = parseSvg(renderSpectrum(makeDocument(), { heading: { title: "t" }, desc: "d", idPrefix: "s", series: [tiny, wide] }));
    const [flat, trained] = Array.from(doc.querySelectorAll("g.density"));
    const labels = (g: Element): string[] => Array.from(g.querySelectorAll(".x-axis text"), (t) => t.textContent ?? "");
    expect(labels(flat)).toContain("10⁻¹⁰");
    expect(labels(flat)).toContain("−10⁻¹⁰");
    expect(labels(trained)).toContain("10⁰");
    // The narrow series' curve spans most of its panel's width (x from 66 to 466), not one pixel column.
    const xs = (flat.querySelector("path.slq")?.getAttribute("d") ?? "").match(/[ML]([\d.]+),/g)?.map((m) => Number(m.slice(1, -1))) ?? [];
    const span = xs.reduce((m, v) => Math.max(m, v), -Infinity) - xs.reduce((m, v) => Math.min(m, v), Infinity);
    expect(span).toBeGreaterThan(300);
  });

  it("with one series draws a single full-height row", () => {
    const doc = parseSvg(renderSpectrum(makeDocument(), { heading: { title: "t" }, desc: "d", idPrefix: "s", series: [series("point", "#0072b2", TRAINED, 500, true)] }));
    expect(doc.querySelectorAll("g.density")).toHaveLength(1);
    expect(doc.querySelectorAll("g.top-eigenvalues")).toHaveLength(1);
    expect(doc.querySelector("g.density .panel-title")?.textContent).toBe("eigenvalue density (SLQ)");
  });

  it("labels negative eigenvalues on the symmetric-log axis, with 0 in between", () => {
    const doc = parseSvg(figure());
    const labels = Array.from(doc.querySelectorAll('g.density[data-series="start"] .x-axis text')).map((t) => t.textContent);
    expect(labels).toContain("0");
    expect(labels.some((l) => l?.startsWith("−10"))).toBe(true);
    expect(labels.some((l) => l?.startsWith("10"))).toBe(true);
  });
});

describe("symmetric-log eigenvalue axis", () => {
  it("is linear near 0 and logarithmic beyond c, symmetric in sign", () => {
    expect(symlogConstant(-2, 7.2)).toBe(1e-3);
    expect(symlogConstant(0, 0)).toBe(1);
    const x = eigenvalueScale("symlog", -8, 8, [0, 800]);
    expect(x(0)).toBeCloseTo(400, 9);
    expect(x(8)).toBeLessThan(800);
    expect(x(-8)).toBeGreaterThan(0);
    expect(x(-5) - 400).toBeCloseTo(-(x(5) - 400), 9);
    // sign(t)·log1p(|t|/c): the decades 1 → 10 and 0.1 → 1 take the same width far from 0.
    const decade = (t: number): number => x(10 * t) - x(t);
    expect(Math.abs(decade(0.5) / decade(0.05) - 1)).toBeLessThan(0.01);
    // … and nearly linear well inside ±c = ±0.001.
    expect(Math.abs((x(2e-5) - x(0)) / (x(1e-5) - x(0)) - 2)).toBeLessThan(0.02);
  });

  it("keeps ticks at 0 and ±10^k at least the gap apart", () => {
    const px = eigenvalueScale("symlog", -3, 9, [0, 400]);
    const ticks = symlogTicks(-3, 9, symlogConstant(-3, 9), px, 34);
    expect(ticks).toContain(0);
    expect(ticks.some((t) => t < 0)).toBe(true);
    for (let i = 1; i < ticks.length; i++) expect(px(ticks[i]) - px(ticks[i - 1])).toBeGreaterThanOrEqual(34);
    for (const t of ticks) if (t !== 0) expect(Math.abs(Math.log10(Math.abs(t)) - Math.round(Math.log10(Math.abs(t))))).toBeLessThan(1e-12);
    expect(formatSigned(-0.01)).toBe("−10⁻²");
    expect(formatSigned(0)).toBe("0");
  });
});
