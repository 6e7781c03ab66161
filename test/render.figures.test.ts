// renderLandscapeFigure and the figure set: structure, embedding rules and trajectories.

import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { buildFigureSet } from "../src/landscape/build.js";
import { CORE_FIGURES, mseStalls } from "../src/landscape/figures.js";
import { runStudy } from "../src/landscape/study.js";
import { insideRings, makeDocument, panelMap, parseSvg, pathRings } from "./helpers/svg.js";
import { FIG, STUDY } from "./helpers/study.js";


const study = runStudy(seedDataset(), STUDY);
// Issue 3's figures only: the basins figures have their own tests.
const files = buildFigureSet(study, makeDocument(), FIG, undefined, CORE_FIGURES);
const svgs = files.filter((f) => f.file.endsWith(".svg"));

describe("buildFigureSet", () => {
  it("writes the whole set, gallery and manifest", () => {
    expect(files.map((f) => f.file)).toEqual([
      "mse-landscape.svg", "bce-landscape.svg", "gradient-norm.svg", "loss-curves.svg", "comparison.svg", "saturation.svg", "index.html", "landscape.json",
    ]);
  });

  it("is deterministic: a second build is byte-identical", () => {
    const again = buildFigureSet(runStudy(seedDataset(), STUDY), makeDocument(), FIG, undefined, CORE_FIGURES);
    expect(again).toEqual(files);
  });

  it.each(svgs.map((f) => [f.file, f.content]))("%s is embeddable SVG under 200 KB", (_file, text) => {
    expect(Buffer.byteLength(text)).toBeLessThan(200 * 1024);
    const doc = parseSvg(text);
    const svg = doc.documentElement;
    expect(svg.tagName).toBe("svg");
    expect(svg.getAttribute("viewBox")).toMatch(/^0 0 \d+ \d+$/);
    expect(Number(svg.getAttribute("width"))).toBeGreaterThan(0);
    expect(Number(svg.getAttribute("height"))).toBeGreaterThan(0);
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.firstElementChild?.tagName).toBe("title");
    expect(svg.querySelector(":scope > desc")?.textContent?.length).toBeGreaterThan(20);
    expect(svg.getAttribute("font-family")).toMatch(/system-ui.*sans-serif/);
    // Self-contained: no scripts, no external references, no web fonts.
    expect(doc.getElementsByTagName("script")).toHaveLength(0);
    expect(doc.getElementsByTagName("image")).toHaveLength(0);
    expect(doc.getElementsByTagName("foreignObject")).toHaveLength(0);
    expect(text).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg")/);
    expect(text).not.toMatch(/@font-face|@import|xlink:href="(?!#)|href="(?!#)/);
    // Every url(#id) points at an element of this file.
    for (const m of text.matchAll(/url\(#([^)]+)\)/g)) expect(doc.getElementById(m[1])).not.toBeNull();
    // Coordinates are rounded to at most 2 decimals.
    for (const el of Array.from(doc.querySelectorAll("[d]"))) expect(el.getAttribute("d")).not.toMatch(/\.\d{3}/);
    for (const el of Array.from(doc.querySelectorAll("[cx]"))) expect(el.getAttribute("cx")).not.toMatch(/\.\d{3}/);
  });
});

describe("renderLandscapeFigure (via mse-landscape.svg and bce-landscape.svg)", () => {
  for (const loss of ["mse", "bce"] as const) {
    const doc = parseSvg(files.find((f) => f.file === `${loss}-landscape.svg`)!.content);

    it(`${loss}: heatmap is filled contour bands, not one rect per cell`, () => {
      const heat = doc.querySelector(".heatmap")!;
      expect(heat.querySelectorAll("rect")).toHaveLength(1);
      expect(heat.querySelectorAll("path").length).toBeGreaterThanOrEqual(5);
      const fills = new Set(Array.from(heat.querySelectorAll("path")).map((p) => p.parentElement!.getAttribute("fill")));
      expect(fills.size).toBe(heat.querySelectorAll("path").length);
    });

    it(`${loss}: has contour lines, a colorbar with ticks and a label, axes labelled w and b, a title and subtitle`, () => {
      // Contour lines re-stroke the band edges: one <use> per band, pointing at a band path.
      const uses = Array.from(doc.querySelectorAll(".contour-lines use"));
      expect(uses.length).toBe(doc.querySelectorAll(".heatmap path").length);
      for (const u of uses) expect(doc.getElementById(u.getAttribute("href")!.slice(1))?.closest(".heatmap")).not.toBeNull();
      expect(doc.querySelectorAll(".colorbar .tick").length).toBeGreaterThanOrEqual(3);
      expect(doc.querySelector(".colorbar-label")?.textContent).toMatch(loss === "mse" ? /MSE loss/ : /cross-entropy loss \(log scale\)/);
      expect(doc.querySelector(".x-label")?.textContent).toBe("w");
      expect(doc.querySelector(".y-label")?.textContent).toBe("b");
      expect(doc.querySelectorAll(".x-axis .tick").length).toBeGreaterThanOrEqual(4);
      expect(doc.querySelectorAll(".y-axis .tick").length).toBeGreaterThanOrEqual(4);
      expect(doc.querySelector(".heading .title")?.textContent).toContain(loss === "mse" ? "MSE" : "cross-entropy");
      expect(doc.querySelector(".heading .subtitle")?.textContent).toContain("(−5.00, −10.00)");
    });

    it(`${loss}: one legend entry per run naming init, loss and accuracy, and one stating ε`, () => {
      const runs = study.runs.filter((r) => r.loss === loss);
      const labels = Array.from(doc.querySelectorAll(".legend-run text")).map((t) => t.textContent ?? "");
      expect(labels).toHaveLength(runs.length);
      expect(labels[0]).toMatch(/bad start \(−5, −10\): acc\. /);
      for (const [k, r] of runs.entries()) {
        expect(labels[k]).toContain(loss === "mse" ? "MSE" : "cross-entropy");
        expect(labels[k]).toContain(`${Math.round(r.result.accuracy * 1000) / 10}%`);
        if (r.init.kind !== "fixed") expect(labels[k]).toContain(r.init.kind);
      }
      expect(doc.querySelector(".legend-flat-region text")?.textContent).toContain(`ε = ${study.epsilon.value.toExponential(1).replace("-", "−")}`);
    });

    it(`${loss}: trajectories start at their starts and end at their final params`, () => {
      const map = panelMap(doc.querySelector(".panel")!);
      const runs = study.runs.filter((r) => r.loss === loss);
      const groups = Array.from(doc.querySelectorAll(".trajectory"));
      expect(groups).toHaveLength(runs.length);
      for (const r of runs) {
        const g = groups.find((e) => e.getAttribute("data-run") === r.key)!;
        const d = g.querySelector("path.line")!.getAttribute("d")!;
        const first = d.slice(1).split("L")[0].split(",").map(Number) as [number, number];
        const [px, py] = map.toPixel(r.start[0], r.start[1]);
        expect(Math.abs(first[0] - px)).toBeLessThanOrEqual(0.005 + 1e-9);
        expect(Math.abs(first[1] - py)).toBeLessThanOrEqual(0.005 + 1e-9);
        const start = g.querySelector("circle.start")!;
        expect(start.getAttribute("fill")).toBe("none");
        expect(Number(start.getAttribute("cx"))).toBeCloseTo(px, 1);
        const end = g.querySelector("circle.end")!;
        expect(end.getAttribute("fill")).not.toBe("none");
        const [ex, ey] = map.toPixel(r.result.final[0], r.result.final[1]);
        expect(Number(end.getAttribute("cx"))).toBeCloseTo(ex, 1);
        expect(Number(end.getAttribute("cy"))).toBeCloseTo(ey, 1);
        // One dot per epoch, except where consecutive epochs land within 1.5 px.
        const dots = g.querySelectorAll(".epochs circle").length;
        expect(dots).toBeGreaterThan(0);
        expect(dots).toBeLessThanOrEqual(r.result.epochEnds.length);
      }
    });

    it(`${loss}: trajectories and overlays are clipped to the plot`, () => {
      for (const sel of [".heatmap", ".flat-region", ".trajectories", ".contour-lines"]) {
        const clip = doc.querySelector(sel)!.getAttribute("clip-path")!;
        const rect = doc.getElementById(/url\(#(.+)\)/.exec(clip)![1])!.querySelector("rect")!;
        expect(rect.getAttribute("width")).toBe("440");
      }
    });
  }

  it("mse: the bad start is at the flat region's edge and its MSE run is inside from epoch 1 on", () => {
    // At (−5, −10) MSE's |∇L| is 3.4e−2 (> ε): the start sits on the region's edge, and
    // after one epoch the run is inside and stays there. Checked on the drawn outline.
    const doc = parseSvg(files.find((f) => f.file === "mse-landscape.svg")!.content);
    const map = panelMap(doc.querySelector(".panel")!);
    const rings = pathRings(doc.querySelector(".flat-region path.outline")!.getAttribute("d")!);
    const run = study.runs.find((r) => r.key === "mse-1")!;
    const [sx, sy] = map.toPixel(-5, -10);
    let edge = Infinity;
    for (const ring of rings) {
      for (let i = 0; i < ring.length; i++) edge = Math.min(edge, segmentDistance([sx, sy], ring[i], ring[(i + 1) % ring.length]));
    }
    const e1 = map.toPixel(run.result.w[run.result.epochEnds[0]], run.result.b[run.result.epochEnds[0]]);
    expect(edge).toBeLessThan(Math.hypot(e1[0] - sx, e1[1] - sy));
    for (const k of run.result.epochEnds) expect(insideRings(rings, map.toPixel(run.result.w[k], run.result.b[k]))).toBe(true);
  });
});

function segmentDistance([px, py]: [number, number], [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

describe("renderSaturation (via saturation.svg)", () => {
  it("marks the 17 positives that are saturated on the wrong side", () => {
    const doc = parseSvg(files.find((f) => f.file === "saturation.svg")!.content);
    expect(doc.querySelectorAll(".sample.positive")).toHaveLength(17);
    expect(doc.querySelectorAll(".sample.negative")).toHaveLength(23);
    expect(doc.querySelector(".saturated-wrong text")?.textContent).toMatch(/^17 positives with σ < 0\.001/);
    const wrong = Array.from(study.samples).filter((s) => s.y === 1);
    for (const s of wrong) {
      expect(s.p).toBeLessThan(1e-3);
      expect(Math.abs(s.dldz.mse)).toBeLessThan(1e-4);
      expect(Math.abs(s.dldz.bce)).toBeGreaterThan(0.99);
    }
  });
});

describe("manifest (landscape.json)", () => {
  it("lists each figure and each run with its numbers", () => {
    const m = JSON.parse(files.find((f) => f.file === "landscape.json")!.content);
    expect(m.figures.map((f: { file: string }) => f.file)).toEqual(svgs.map((f) => f.file));
    expect(m.runs).toHaveLength(8);
    const mseBad = m.runs.find((r: { key: string }) => r.key === "mse-1");
    expect(mseBad).toMatchObject({ loss: "mse", init: "-5,-10", start: [-5, -10], accuracy: 0.575 });
    expect(mseBad.final[0]).toBeCloseTo(-3.51465, 4);
    expect(mseBad.final[1]).toBeCloseTo(-10.76425, 4);
    const bceBad = m.runs.find((r: { key: string }) => r.key === "bce-1");
    expect(bceBad.accuracy).toBe(1);
    expect(bceBad.final[0]).toBeCloseTo(13.7045, 3);
    expect(m.epsilon.value).toBe(study.epsilon.value);
  });
});

describe("mseStalls", () => {
  it("is true for the tutorial's bad start and false for a start from which MSE trains", () => {
    expect(mseStalls(study)).toBe(true);
    const good = runStudy(seedDataset(), { ...STUDY, grid: { w: { min: -2, max: 2, count: 5 }, b: { min: -2, max: 2, count: 5 } }, starts: [{ kind: "fixed", w: 1, b: 0 }] });
    expect(good.runs.find((r) => r.key === "mse-1")!.result.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(mseStalls(good)).toBe(false);
    const doc = parseSvg(buildFigureSet(good, makeDocument(), FIG, undefined, CORE_FIGURES).find((f) => f.file === "comparison.svg")!.content);
    expect(doc.querySelector("svg > title")!.textContent).toBe("Same start (1, 0): MSE against cross-entropy");
  });
});
