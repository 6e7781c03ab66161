// layer-stats.svg: boxes at the percentiles given, the gradient std on a true log axis,
// gaps where a value cannot sit on it, deterministic bytes; `layers --svg` writes the
// library's figure atomically and refuses a bad path with one line.

import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import { layerStatsInput, layerLabels } from "../src/landscape/network-layer-stats.js";
import { builtinTable } from "../src/nn/datasets.js";
import { initializeNetwork } from "../src/nn/init.js";
import { layerStatistics } from "../src/nn/layer-stats.js";
import { renderLayerStats, type LayerStatsInput } from "../src/render/figures/layer-stats.js";
import { runColor } from "../src/render/palette.js";
import { makeDocument, parseSvg } from "./helpers/svg.js";
import { runCli } from "./run-cli.js";

const INPUT: LayerStatsInput = {
  heading: { title: "test", subtitle: "sub" },
  desc: "a test figure of three layers and three series",
  idPrefix: "ls",
  layerLabels: ["1", "2", "out"],
  activationLabel: "tanh activation",
  backpropLabel: "std",
  series: [
    { label: "a", color: "#d55e00", activations: [[-0.9, -0.5, 0, 0.5, 0.9], [-0.8, -0.2, 0.1, 0.3, 0.7], [0.1, 0.2, 0.5, 0.8, 0.9]], backpropStd: [1e-4, 1e-3, 1e-2] },
    { label: "b", color: "#000000", activations: [[-0.2, -0.1, 0, 0.1, 0.2], [-0.1, 0, 0, 0, 0.1], [0.4, 0.45, 0.5, 0.55, 0.6]], backpropStd: [0.5, 0, 0.3] },
    { label: "b under bce", color: "#000000", dashed: true, activations: null, backpropStd: [0.2, 0.25, 0.3] },
  ],
};

const num = (el: Element, a: string): number => Number(el.getAttribute(a));

describe("renderLayerStats", () => {
  const text = renderLayerStats(makeDocument(), INPUT);
  const doc = parseSvg(text);

  it("draws one box per layer for each series with activations, none for a series without", () => {
    expect(doc.querySelectorAll('.layer-boxes[data-series="a"] .box')).toHaveLength(3);
    expect(doc.querySelectorAll('.layer-boxes[data-series="b"] .box')).toHaveLength(3);
    expect(doc.querySelectorAll('.layer-boxes[data-series="b under bce"]')).toHaveLength(0);
  });

  it("places whisker ends, box edges and the median linearly at the percentiles", () => {
    // One linear map y = a + c·v must fit all five values of every box in the panel.
    const pts: Array<[number, number]> = [];
    // A box of zero height is drawn 0.5 px tall, so its bottom edge may sit up to 0.5 px low.
    const bottoms: Array<[number, number]> = [];
    for (const box of Array.from(doc.querySelectorAll(".layer-boxes .box"))) {
      const p = (box.getAttribute("data-percentiles") ?? "").split(",").map(Number);
      const w = box.querySelector(".whisker")!;
      const r = box.querySelector(".iqr")!;
      const m = box.querySelector(".median")!;
      pts.push([p[0], num(w, "y1")], [p[4], num(w, "y2")], [p[3], num(r, "y")], [p[2], num(m, "y1")]);
      bottoms.push([p[1], num(r, "y") + num(r, "height")]);
    }
    const [v0, y0] = pts[0];
    const [v1, y1] = pts.find(([v]) => Math.abs(v - v0) > 0.5)!;
    const slope = (y1 - y0) / (v1 - v0);
    expect(slope).toBeLessThan(0);
    for (const [v, y] of pts) expect(Math.abs(y - (y0 + slope * (v - v0)))).toBeLessThan(0.02);
    for (const [v, y] of bottoms) expect(Math.abs(y - (y0 + slope * (v - v0)))).toBeLessThan(0.52);
  });

  it("puts the series side by side within each layer, in order", () => {
    const xs = (s: string): number[] => Array.from(doc.querySelectorAll(`.layer-boxes[data-series="${s}"] .whisker`)).map((w) => num(w, "x1"));
    const a = xs("a"), b = xs("b");
    for (let l = 0; l < 3; l++) expect(a[l]).toBeLessThan(b[l]);
    for (let l = 1; l < 3; l++) expect(b[l - 1]).toBeLessThan(a[l]);
  });

  it("draws the gradient std on a log axis and leaves a gap where it is 0", () => {
    const dots = (s: string): number[] => Array.from(doc.querySelectorAll(`.backprop-panel .series[data-series="${s}"] circle`)).map((c) => num(c, "cy"));
    const a = dots("a");
    expect(a).toHaveLength(3);
    // Equal ratios (10×) are equal distances on a log axis.
    expect(Math.abs(a[0] - a[1] - (a[1] - a[2]))).toBeLessThan(0.02);
    const c = dots("b under bce");
    expect(Math.abs((c[0] - c[1]) / (a[0] - a[1]) - Math.log10(0.25 / 0.2))).toBeLessThan(1e-3);
    // b's layer 2 is 0: two one-point segments, no line through the gap.
    expect(dots("b")).toHaveLength(2);
    const d = doc.querySelector('.backprop-panel .series[data-series="b"] path')!.getAttribute("d")!;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d).not.toContain("L");
    expect(doc.querySelector('.backprop-panel .series[data-series="b under bce"] path')!.getAttribute("stroke-dasharray")).toBe("6 3");
  });

  it("labels every layer, the output last, and is byte-identical on a second render", () => {
    const ticks = Array.from(doc.querySelectorAll(".backprop-panel .x-axis .tick text")).map((t) => t.textContent);
    expect(ticks).toEqual(["1", "2", "out"]);
    expect(renderLayerStats(makeDocument(), INPUT)).toBe(text);
  });

  it("thins the layer labels when 200 layers would overlap, keeping the output's", () => {
    const n = 200;
    const series = [{ label: "s", color: "#000000", activations: Array.from({ length: n }, () => [0, 0.2, 0.5, 0.8, 1]), backpropStd: Array.from({ length: n }, (_, l) => 2 ** -l / 1e3 + 1e-9) }];
    const big = parseSvg(renderLayerStats(makeDocument(), { ...INPUT, layerLabels: layerLabels(n), series }));
    const ticks = Array.from(big.querySelectorAll(".backprop-panel .x-axis .tick text")).map((t) => t.textContent);
    expect(ticks.length).toBeLessThan(60);
    expect(ticks[ticks.length - 1]).toBe("out");
  });

  it("refuses series whose lengths do not match the layers", () => {
    expect(() => renderLayerStats(makeDocument(), { ...INPUT, layerLabels: ["1", "out"] })).toThrow(RangeError);
    const four = { ...INPUT.series[0], activations: [[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3]] };
    expect(() => renderLayerStats(makeDocument(), { ...INPUT, series: [four] })).toThrow(/5 percentiles/);
  });
});

describe("layers --svg", () => {
  const args = ["layers", "--hidden", "6x3", "--activation", "sigmoid", "--data", "moons", "--samples", "50", "--init", "normal:4", "--init", "xavier-normalized", "--seed", "3", "--loss", "mse"];

  it("writes the library's figure of the measured statistics", () => {
    const dir = mkdtempSync(join(tmpdir(), "layers-svg-"));
    const file = join(dir, "ls.svg");
    const r = runCli([...args, "--svg", file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("normal:4");
    const arch = { inputs: 2, hidden: [6, 6, 6], activation: "sigmoid" as const };
    const data = builtinTable("moons", { samples: 50, noise: null, dataSeed: 0 });
    const runs = (["normal:4", "xavier-normalized"] as const).map((label, k) => {
      const init = k === 0 ? { kind: "normal" as const, std: 4 } : { kind: "xavier-normalized" as const };
      const { theta } = initializeNetwork(arch, init, seededRandom(3));
      return { label, color: runColor(k), layers: layerStatistics(arch, theta, data, "mse") };
    });
    const shape = "2-6-6-6-1 sigmoid, mse, 50 samples of moons";
    const expected = renderLayerStats(makeDocument(), layerStatsInput({
      heading: { title: "Activations and back-propagated gradients, layer by layer", subtitle: shape },
      idPrefix: "layer-stats",
      activation: "sigmoid",
      context: shape,
      runs,
    }));
    expect(readFileSync(file, "utf8")).toBe(expected);
    // Atomic: no temp file left beside it.
    expect(readdirSync(dir)).toEqual(["ls.svg"]);
  });

  it("refuses a directory or an empty name with exit 2 and one line, writing nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "layers-svg-"));
    for (const bad of [dir + "/", ""]) {
      const r = runCli([...args, "--svg", bad]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain("--svg");
    }
    const r = runCli(["layers", "--hidden", "0", "--svg", join(dir, "x.svg")]);
    expect(r.status).toBe(2);
    expect(existsSync(join(dir, "x.svg"))).toBe(false);
  });
});
