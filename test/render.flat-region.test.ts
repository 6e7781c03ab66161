// drawFlatRegion: the hatched overlay covers exactly the grid points with |∇L| < ε.

import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { evaluateGrid, type GridResult } from "../src/numerics/grid.js";
import { createSvg, drawFlatRegion, plotFrame, serializeSvg } from "../src/render/index.js";
import { seededRandom } from "../src/init/random.js";
import { insideRings, makeDocument, panelMap, parseSvg, pathRings } from "./helpers/svg.js";

const SPEC = { w: { min: -10, max: 20, count: 121 }, b: { min: -20, max: 10, count: 121 } };

function render(g: GridResult, epsilon: number): string {
  const svg = createSvg(makeDocument(), { width: 500, height: 500, title: "t", desc: "d" });
  const rect = { left: 30, top: 20, width: 440, height: 440 };
  const frame = plotFrame(svg, rect, [g.w[0], g.w[g.w.length - 1]], [g.b[0], g.b[g.b.length - 1]]);
  const panel = svg.append("g").attr("class", "panel").attr("data-plot", "30,20,440,440").attr("data-domain", `${frame.x.domain()},${frame.y.domain()}`);
  drawFlatRegion(svg, panel as never, { w: g.w, b: g.b, values: g.fields.gradNorm.data }, epsilon, frame);
  return serializeSvg(svg, { idPrefix: "t" });
}

describe("drawFlatRegion", () => {
  const cases: Array<["mse" | "bce", number]> = [["mse", 7.8e-3], ["mse", 1e-4], ["mse", 3e-2], ["bce", 1e-2]];
  for (const [loss, eps] of cases) {
    it(`${loss}, ε = ${eps}: covers the grid points with |∇L| < ε and leaves out those above`, () => {
      const g = evaluateGrid(loss, seedDataset(), SPEC);
      const doc = parseSvg(render(g, eps));
      const region = doc.querySelector(".flat-region")!;
      const outline = region.querySelector("path.outline")!;
      expect(region.querySelector("use.hatch")!.getAttribute("fill")).toMatch(/^url\(#t-\d+\)$/);
      expect(region.querySelector("use.hatch")!.getAttribute("href")).toBe(`#${outline.getAttribute("id")}`);
      const rings = pathRings(region.querySelector("path.outline")!.getAttribute("d")!);
      const map = panelMap(doc.querySelector(".panel")!);
      const rng = seededRandom(7);
      const gn = g.fields.gradNorm;
      let inside = 0;
      let outside = 0;
      for (let s = 0; s < 3000; s++) {
        const i = Math.floor(rng() * g.b.length);
        const j = Math.floor(rng() * g.w.length);
        const v = gn.get(i, j);
        // Points within 5% of ε have the boundary within rounding distance (0.005 px).
        if (Math.abs(Math.log10(v / eps)) < 0.02) continue;
        const hit = insideRings(rings, map.toPixel(g.w[j], g.b[i]));
        expect(hit, `(w, b) = (${g.w[j]}, ${g.b[i]}), |∇L| = ${v}`).toBe(v < eps);
        if (hit) inside++;
        else outside++;
      }
      // The sample exercises both sides (otherwise the test could not fail either way).
      expect(inside).toBeGreaterThan(20);
      expect(outside).toBeGreaterThan(20);
    });
  }

  it("writes no path when nothing is below ε", () => {
    const g = evaluateGrid("bce", seedDataset(), { w: { min: -2, max: 2, count: 11 }, b: { min: -2, max: 2, count: 11 } });
    const doc = parseSvg(render(g, 1e-12));
    expect(doc.querySelectorAll(".flat-region path, .flat-region use")).toHaveLength(0);
    expect(doc.querySelector(".flat-region")!.getAttribute("data-epsilon")).toBe("1.000e-12");
  });
});
