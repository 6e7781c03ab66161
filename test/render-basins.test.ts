import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { basinMap, type BasinMap } from "../src/basins/basin-map.js";
import { defaultStudySchemes, initStudy } from "../src/basins/init-study.js";
import { schemeSupports } from "../src/basins/supports.js";
import { seedDataset } from "../src/data/dataset.js";
import { evaluateGrid, type GridSpec } from "../src/numerics/grid.js";
import { countFlatStarts } from "../src/landscape/basins-study.js";
import { accuracyBands, renderBasinsFigure, SUPPORT_STYLES, type BasinsFigureInput } from "../src/render/basins.js";
import { renderInitStudyFigure, type InitStudyFigureInput } from "../src/render/init-study.js";
import { DEFAULT_TRAIN_CONFIG } from "../src/train/train.js";

const data = seedDataset();
const SPEC: GridSpec = { w: { min: -10, max: 10, count: 24 }, b: { min: -15, max: 10, count: 24 } };
const EPS = 7.8e-3;
const map = (loss: "mse" | "bce"): BasinMap => basinMap(data, SPEC, { ...DEFAULT_TRAIN_CONFIG, loss }, { accuracyTarget: 0.95, epsilon: EPS });
const maps = { mse: map("mse"), bce: map("bce") };

function basinsInput(): BasinsFigureInput {
  const { w, b } = maps.mse;
  const panel = (loss: "mse" | "bce", label: string) => ({
    label,
    accuracy: { w, b, values: maps[loss].accuracy.data },
    gradNorm: { w, b, values: evaluateGrid(loss, data, SPEC).fields.gradNorm.data },
  });
  return {
    heading: { title: "Which starts train? <MSE & BCE>", subtitle: "test" },
    desc: "desc with <angle> & ampersand",
    idPrefix: "basins",
    panels: [panel("mse", "MSE"), panel("bce", "cross-entropy")],
    epsilon: EPS,
    flatLabel: "stalled",
    floorLabel: "floor",
    target: 0.95,
    markers: [{ w: -5, b: -10, label: "bad start (−5, −10)" }],
    markerLabel: "○ bad start",
    supports: schemeSupports().map((s, k) => ({ half: s.half, label: s.description, ...SUPPORT_STYLES[k] })),
  };
}

function studyInput(): InitStudyFigureInput {
  const st = initStudy({ data, schemes: defaultStudySchemes([1, 10]), losses: ["mse", "bce"], samples: 20, seed: 0, config: DEFAULT_TRAIN_CONFIG });
  return {
    heading: { title: "How likely is each init to train?" },
    desc: "d",
    idPrefix: "init-study",
    series: [{ label: "MSE", color: "#d55e00", dashed: false }, { label: "cross-entropy", color: "#0072b2", dashed: true }],
    rows: st.rows.map((r) => ({
      label: r.label,
      std: r.std,
      isNormal: r.scheme.kind === "normal",
      results: (["mse", "bce"] as const).map((l) => ({ rate: r.results[l]!.reached.rate, ci: r.results[l]!.reached.ci })),
    })),
    probabilityLabel: "P(reach 95% accuracy)",
  };
}

const doc = (): Document => new JSDOM().window.document;
const parse = (svg: string): Document => new JSDOM(svg, { contentType: "image/svg+xml" }).window.document;

function expectStandaloneSvg(svg: string): Document {
  expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
  expect(Buffer.byteLength(svg)).toBeLessThan(200 * 1024);
  expect(svg).not.toMatch(/<script|href="http|xlink:href="http|@import|url\((?!#)/);
  // No number with more than 2 decimals in geometry.
  expect(svg).not.toMatch(/\s(?:d|x|y|width|height|cx|cy)="[^"]*\d\.\d{3}/);
  const d = parse(svg);
  const root = d.documentElement;
  expect(root.getAttribute("role")).toBe("img");
  expect(root.getAttribute("viewBox")).toBe(`0 0 ${root.getAttribute("width")} ${root.getAttribute("height")}`);
  expect(root.firstElementChild?.tagName).toBe("title");
  expect(root.children[1].tagName).toBe("desc");
  return d;
}

describe("renderBasinsFigure", () => {
  it("writes a standalone, accessible SVG with escaped text", () => {
    const svg = renderBasinsFigure(doc(), basinsInput());
    const d = expectStandaloneSvg(svg);
    expect(svg).toContain("&lt;MSE &amp; BCE&gt;");
    expect(d.querySelector("title")?.textContent).toBe("Which starts train? <MSE & BCE>");
  });

  it("draws two panels, each with the bad start, the flat region and one square per scheme support", () => {
    const d = parse(renderBasinsFigure(doc(), basinsInput()));
    const panels = d.querySelectorAll("g.panel");
    expect(panels).toHaveLength(2);
    expect(d.querySelectorAll("g.init-supports")).toHaveLength(2);
    expect(d.querySelectorAll("g.init-supports g.support")).toHaveLength(2 * schemeSupports().length);
    expect(d.querySelectorAll("g.marker")).toHaveLength(2);
    // MSE has a plateau on this grid: its flat region is drawn.
    expect(panels[0].querySelector("g.flat-region path.outline")).not.toBeNull();
    expect([...d.querySelectorAll(".panel-label")].map((e) => e.textContent)).toEqual(["MSE", "cross-entropy"]);
  });

  it("splits the flat region by the run's outcome: stripes where it stalls below the target, dots on a minimum's floor", () => {
    const input = basinsInput();
    const d = parse(renderBasinsFigure(doc(), input));
    const mse = d.querySelectorAll("g.panel")[0];
    const plateau = mse.querySelector("g.flat-region use.hatch.plateau") as Element;
    const floor = mse.querySelector("g.flat-region use.hatch.floor") as Element;
    expect(plateau).not.toBeNull();
    expect(floor).not.toBeNull();
    const fill = (e: Element): string => (e.getAttribute("fill") as string).replace(/^url\(#|\)$/g, "");
    expect(d.getElementById(fill(plateau))?.querySelector("line")).not.toBeNull();
    expect(d.getElementById(fill(floor))?.querySelector("circle")).not.toBeNull();
    // The legend lists both, each swatch filled with its own pattern.
    const swatches = [...d.querySelectorAll("g.legend rect")].filter((r) => r.getAttribute("fill")?.startsWith("url("));
    expect(swatches.map((r) => d.getElementById(fill(r))?.firstElementChild?.tagName).sort()).toEqual(["circle", "line"]);
    expect(d.querySelector("g.legend")?.textContent).toContain("stalled");
    expect(d.querySelector("g.legend")?.textContent).toContain("floor");
    // Both kinds occur on this grid under MSE: starts flat at the start that stall, and that reach 0.95.
    const c = countFlatStarts(input.panels[0].gradNorm.values as Float64Array, input.panels[0].accuracy.values, EPS, 0.95);
    expect(c.stalled).toBeGreaterThan(0);
    expect(c.floor).toBeGreaterThan(0);
  });

  it("countFlatStarts counts |∇L| < ε by final accuracy against the target", () => {
    const g = Float64Array.of(1e-5, 1e-5, 1e-5, 0.5, 2e-3, 1e-3);
    const acc = Float64Array.of(0.5, 0.95, 1, 0.1, 0.94, 0.96);
    expect(countFlatStarts(g, acc, 1e-3, 0.95)).toEqual({ stalled: 1, floor: 2 });
    expect(countFlatStarts(g, acc, 2.5e-3, 0.95)).toEqual({ stalled: 2, floor: 3 });
  });

  it("places the U[−1, 1]² square at w, b = ±1 in the panel's pixel frame", () => {
    const d = parse(renderBasinsFigure(doc(), basinsInput()));
    const panel = d.querySelector("g.panel") as Element;
    const [left, top, width, height] = (panel.getAttribute("data-plot") as string).split(",").map(Number);
    const [w0, w1, b0, b1] = (panel.getAttribute("data-domain") as string).split(",").map(Number);
    const px = (w: number): number => left + ((w - w0) / (w1 - w0)) * width;
    const py = (b: number): number => top + height - ((b - b0) / (b1 - b0)) * height;
    const rect = d.querySelector("g.init-supports g.support rect") as Element;
    expect(Number(rect.getAttribute("x"))).toBeCloseTo(px(-1), 1);
    expect(Number(rect.getAttribute("y"))).toBeCloseTo(py(1), 1);
    expect(Number(rect.getAttribute("width"))).toBeCloseTo(px(1) - px(-1), 1);
  });

  it("is byte-identical on rerun, in a fresh document", () => {
    expect(renderBasinsFigure(doc(), basinsInput())).toBe(renderBasinsFigure(doc(), basinsInput()));
  });
});

describe("accuracyBands", () => {
  it("puts the target at a band edge so the top band is exactly 'reaches the target'", () => {
    const b = accuracyBands(0.425, 0.95);
    expect(b.thresholds).toEqual([0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1]);
    expect(b.colors).toHaveLength(7);
    expect(accuracyBands(0.1, 0.95).thresholds[0]).toBe(0.1);
  });
});

describe("renderInitStudyFigure", () => {
  it("writes a standalone SVG with a dot and interval per scheme and loss, and the σ curve", () => {
    const input = studyInput();
    const svg = renderInitStudyFigure(doc(), input);
    const d = expectStandaloneSvg(svg);
    expect(d.querySelectorAll("g.scheme-rates g.estimate")).toHaveLength(input.rows.length * 2);
    expect([...d.querySelectorAll("text.row-label")].map((e) => e.textContent)).toEqual(input.rows.map((r) => r.label));
    expect(d.querySelectorAll("g.sigma-curve g.series")).toHaveLength(2);
    expect(d.querySelectorAll("g.sigma-curve g.series path.ci-band")).toHaveLength(2);
  });

  it("is byte-identical on rerun", () => {
    expect(renderInitStudyFigure(doc(), studyInput())).toBe(renderInitStudyFigure(doc(), studyInput()));
  });
});
