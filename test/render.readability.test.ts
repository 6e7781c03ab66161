// Readability fixes checked on the drawn seed figures: separate loss axes, every loss
// curve visible, the saturation note clear of the stems.

import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { buildFigureSet } from "../src/landscape/build.js";
import { CORE_FIGURES } from "../src/landscape/figures.js";
import { runStudy } from "../src/landscape/study.js";
import { insideRings, makeDocument, panelMap, parseSvg, pathRings } from "./helpers/svg.js";
import { FIG, STUDY } from "./helpers/study.js";

const study = runStudy(seedDataset(), { ...STUDY, parts: [] });
const files = buildFigureSet(study, makeDocument(), FIG, undefined, CORE_FIGURES);
const svg = (file: string): Document => parseSvg(files.find((f) => f.file === file)!.content);

describe("loss-curves.svg", () => {
  const doc = svg("loss-curves.svg");

  it("puts MSE and cross-entropy in separate panels, each with its own y axis", () => {
    const panels = Array.from(doc.querySelectorAll(".curves")).map((g) => g.getAttribute("data-panel"));
    expect(panels).toEqual(["MSE", "cross-entropy"]);
    const labels = Array.from(doc.querySelectorAll(".y-label")).map((t) => t.textContent);
    expect(labels).toEqual(["MSE loss (log scale)", "cross-entropy loss (log scale)"]);
    expect(doc.querySelector('.curves[data-panel="cross-entropy"] [data-run="bce-1"]')).not.toBeNull();
    expect(doc.querySelector('.curves[data-panel="MSE"] [data-run="bce-1"]')).toBeNull();
  });

  it("keeps every curve visible: a curve under others is drawn wider than each of them, and the legend says so", () => {
    const width = (key: string): number => Number(doc.querySelector(`[data-run="${key}"] path.line`)!.getAttribute("stroke-width"));
    const legend = Array.from(doc.querySelectorAll(".legend text")).map((t) => t.textContent ?? "");
    const order = ["mse-1", "mse-2", "mse-3", "mse-4"];
    for (const [k, key] of order.entries()) {
      const label = legend[k];
      const m = /under ([^)]*)\)/.exec(label);
      if (!m) continue;
      const names = m[1].split(", ");
      // The curves named in the note are later MSE runs; each is drawn narrower.
      for (const name of names) {
        const later = order.slice(k + 1).find((o, j) => legend[k + 1 + j].includes(`MSE, ${name}`));
        expect(later, `${name} in "${label}"`).toBeDefined();
        expect(width(key)).toBeGreaterThan(width(later!));
      }
    }
    // Seed runs: pytorch's curve lies under xavier's and he's.
    expect(legend[1]).toMatch(/^MSE, pytorch .*under xavier, he\)$/);
  });
});

describe("saturation.svg", () => {
  it("puts the saturated-positives note above the top panel, clear of the stems", () => {
    const doc = svg("saturation.svg");
    const note = doc.querySelector(".saturated-wrong text")!;
    const frame = doc.querySelector(".axes rect.frame")!;
    expect(Number(note.getAttribute("y"))).toBeLessThan(Number(frame.getAttribute("y")));
    expect(note.textContent).toMatch(/^17 positives with σ < 0\.001/);
  });
});

describe("flat region: plateau against the minimum's floor", () => {
  it("stripes where the model is wrong, dots where it is right, and the legend names both", () => {
    const doc = svg("mse-landscape.svg");
    expect(doc.querySelector(".flat-region use.hatch.plateau")).not.toBeNull();
    expect(doc.querySelector(".flat-region use.hatch.floor")).not.toBeNull();
    const legend = Array.from(doc.querySelectorAll(".legend-flat-region text")).map((t) => t.textContent);
    expect(legend).toEqual([expect.stringMatching(/accuracy < 95%: plateau/), expect.stringMatching(/accuracy ≥ 95%: minimum's floor/)]);
    // The plateau clip is {accuracy < 95%}: the stalled MSE run ends inside it, the runs
    // that trained end outside it (on the floor).
    const clipId = /url\(#(.+)\)/.exec(doc.querySelector(".hatch.plateau")!.getAttribute("clip-path")!)![1];
    const rings = pathRings(doc.getElementById(clipId)!.querySelector("path")!.getAttribute("d")!);
    const map = panelMap(doc.querySelector(".panel")!);
    for (const r of study.runs.filter((x) => x.loss === "mse")) {
      const inside = insideRings(rings, map.toPixel(r.result.final[0], r.result.final[1]));
      expect(inside, r.key).toBe(r.result.accuracy < 0.95);
    }
  });
});

describe("comparison.svg", () => {
  it("magnifies the stalled MSE run in an inset, and only that run", () => {
    const doc = svg("comparison.svg");
    const insets = Array.from(doc.querySelectorAll(".inset"));
    expect(insets.map((g) => g.getAttribute("data-run"))).toEqual(["mse-1"]);
    const r = study.runs.find((x) => x.key === "mse-1")!.result;
    const [w0, w1, b0, b1] = insets[0].getAttribute("data-window")!.split(",").map(Number);
    for (const [w, b] of [r.start, r.final]) {
      expect(w).toBeGreaterThan(w0);
      expect(w).toBeLessThan(w1);
      expect(b).toBeGreaterThan(b0);
      expect(b).toBeLessThan(b1);
    }
    expect(insets[0].querySelectorAll(".epochs circle").length).toBe(r.epochEnds.length);
  });
});
