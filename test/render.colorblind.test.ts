// Colour-blind safety of every default figure: each pair of distinct series colours in
// one figure's legend keeps a CIEDE2000 difference of at least 20 under simulated
// deuteranopia and protanopia (culori: Machado et al. 2009 filters at full severity).
// The whole run palette (any figure with up to eight runs) is checked too: ≥ 20 for
// normal vision, deuteranopia and protanopia, ≥ 15 under tritanopia (rarer, and where
// Okabe–Ito's own vermillion and reddish purple are 16.2 apart).

import { differenceCiede2000, filterDeficiencyDeuter, filterDeficiencyProt, filterDeficiencyTrit, parse, type Color } from "culori";
import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { buildFigureSet } from "../src/landscape/build.js";
import { runStudy } from "../src/landscape/study.js";
import { RUN_COLORS } from "../src/render/palette.js";
import { makeDocument, parseSvg } from "./helpers/svg.js";
import { FIG, STUDY } from "./helpers/study.js";

const deltaE = differenceCiede2000();
const SIMULATIONS: Array<[string, (c: Color) => Color]> = [
  ["deuteranopia", filterDeficiencyDeuter(1)],
  ["protanopia", filterDeficiencyProt(1)],
];

const color = (hex: string): Color => {
  const c = parse(hex);
  if (!c) throw new Error(`not a colour: ${hex}`);
  return c;
};

/** Distinct series colours a figure's legend keys (halos and white fills excluded). */
function seriesColors(svg: string): string[] {
  const doc = parseSvg(svg);
  const out = new Set<string>();
  for (const el of Array.from(doc.querySelectorAll(".legend-run line, .legend-line line, .legend-dot circle"))) {
    for (const attr of ["stroke", "fill"]) {
      const v = el.getAttribute(attr)?.toLowerCase();
      if (v && v.startsWith("#") && v !== "#ffffff") out.add(v);
    }
  }
  return [...out];
}

describe("colour-blind safety (CIEDE2000 ≥ 20 under deuteranopia and protanopia)", () => {
  const files = buildFigureSet(runStudy(seedDataset(), STUDY), makeDocument(), FIG).filter((f) => f.file.endsWith(".svg"));

  it("the check itself tells apart a failing pair: Okabe–Ito vermillion and orange fall below 20 for a deuteranope", () => {
    const [, deuter] = SIMULATIONS[0];
    expect(deltaE(deuter(color("#d55e00")), deuter(color("#e69f00")))).toBeLessThan(20);
    expect(deltaE(color("#d55e00"), color("#e69f00"))).toBeGreaterThan(20);
  });

  it.each([
    ["normal vision", (c: Color) => c, 20],
    ["deuteranopia", filterDeficiencyDeuter(1), 20],
    ["protanopia", filterDeficiencyProt(1), 20],
    ["tritanopia", filterDeficiencyTrit(1), 15],
  ] as const)("all eight run colours, pairwise, under %s: ΔE ≥ %i", (name, simulate, threshold) => {
    expect(RUN_COLORS).toHaveLength(8);
    expect(new Set(RUN_COLORS).size).toBe(8);
    for (let i = 0; i < RUN_COLORS.length; i++) {
      for (let j = i + 1; j < RUN_COLORS.length; j++) {
        const d = deltaE(simulate(color(RUN_COLORS[i])), simulate(color(RUN_COLORS[j])));
        expect(d, `${RUN_COLORS[i]} vs ${RUN_COLORS[j]} under ${name}`).toBeGreaterThanOrEqual(threshold);
      }
    }
  });

  it.each(files.map((f) => [f.file, f.content]))("%s", (_file, svg) => {
    const colors = seriesColors(svg);
    expect(colors.length).toBeGreaterThan(0);
    for (const [name, simulate] of SIMULATIONS) {
      for (let i = 0; i < colors.length; i++) {
        for (let j = i + 1; j < colors.length; j++) {
          const d = deltaE(simulate(color(colors[i])), simulate(color(colors[j])));
          expect(d, `${colors[i]} vs ${colors[j]} under ${name}`).toBeGreaterThanOrEqual(20);
        }
      }
    }
  });
});
