// basins.svg and init-study.svg as part of the landscape figure set (basins-figures.ts).

import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { BASINS_FIGURES, LANDSCAPE_STUDY_SAMPLES } from "../src/landscape/basins-figures.js";
import { buildFigureSet } from "../src/landscape/build.js";
import { FIGURES } from "../src/landscape/figures.js";
import { runStudy } from "../src/landscape/study.js";
import { makeDocument, parseSvg } from "./helpers/svg.js";
import { FIG, STUDY } from "./helpers/study.js";

const study = runStudy(seedDataset(), STUDY);
const files = buildFigureSet(study, makeDocument(), FIG, () => {}, BASINS_FIGURES);
const byName = (f: string): string => files.find((x) => x.file === f)!.content;

describe("BASINS_FIGURES", () => {
  it("are part of the landscape figure set, after the core figures", () => {
    expect(FIGURES.slice(-2).map((f) => f.file)).toEqual(["basins.svg", "init-study.svg"]);
    expect(files.map((f) => f.file)).toEqual(["basins.svg", "init-study.svg", "index.html", "landscape.json"]);
  });

  it("put the basin counts and the init-study table in landscape.json", () => {
    const m = JSON.parse(byName("landscape.json"));
    expect(m.basins.epsilon).toBe(study.epsilon.value);
    expect(m.basins.maps.mse.starts).toBe(128 * 128);
    expect(m.basins.maps.mse.badStart).toEqual({ accuracy: 0.575, reached: false });
    expect(m.basins.maps.bce.badStart).toEqual({ accuracy: 1, reached: true });
    expect(m.basins.maps.bce.reached).toBe(128 * 128);
    expect(m.basins.maps.mse.reached).toBeLessThan(128 * 128);
    const t = m.basins.initStudy;
    expect(t.samples).toBe(LANDSCAPE_STUDY_SAMPLES);
    expect(t.rows.map((r: { label: string }) => r.label)).toEqual([
      "pytorch", "xavier", "xavier-normalized", "he", "normal σ=0.5", "normal σ=1", "normal σ=2", "normal σ=3", "normal σ=5", "normal σ=10", "normal σ=30",
    ]);
    // The quantitative warning: MSE success falls with the init scale; BCE's does not.
    const mse = t.rows.slice(4).map((r: { mse: { rate: number } }) => r.mse.rate);
    for (let i = 1; i < mse.length; i++) expect(mse[i]).toBeLessThanOrEqual(mse[i - 1]);
    expect(mse[mse.length - 1]).toBeLessThan(0.5);
    for (const r of t.rows) expect(r.bce.rate).toBe(1);
  });

  it("list both figures in the gallery with data-driven captions", () => {
    const html = byName("index.html");
    expect(html).toContain('<img src="basins.svg"');
    expect(html).toContain('<img src="init-study.svg"');
    expect(html).toContain("never reaches 95% under MSE (final accuracy 57.5%) and reaches it under cross-entropy");
  });

  it("render the bad start in both basin panels and every scheme row in the study chart", () => {
    const basins = parseSvg(byName("basins.svg"));
    expect(basins.querySelectorAll("g.panel")).toHaveLength(2);
    expect([...basins.querySelectorAll("g.marker text")].map((t) => t.textContent)).toEqual(["bad start (−5, −10)", "bad start (−5, −10)"]);
    const chart = parseSvg(byName("init-study.svg"));
    expect(chart.querySelectorAll("text.row-label")).toHaveLength(11);
  });
});
