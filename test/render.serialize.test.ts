// serializeSvg, round2, simplifyPolyline, colorBands: the normalisations behind
// byte-identical, small files.

import { describe, expect, it } from "vitest";
import { colorBands, createSvg, round2, roundNumbers, serializeSvg } from "../src/render/index.js";
import { simplifyPolyline } from "../src/render/simplify.js";
import { log10Field } from "../src/render/geometry.js";
import { makeDocument, parseSvg } from "./helpers/svg.js";

describe("round2", () => {
  it("rounds to 2 decimals, drops trailing zeros and never writes -0", () => {
    expect(round2(1.23456)).toBe("1.23");
    expect(round2(2.5)).toBe("2.5");
    expect(round2(-0.001)).toBe("0");
    expect(round2(3)).toBe("3");
  });
});

describe("roundNumbers", () => {
  it("rounds every number in a path and keeps the commands", () => {
    expect(roundNumbers("M1.23456,-7.891L1e-7,2.005Z")).toBe("M1.23,-7.89L0,2.01Z");
  });
});

describe("serializeSvg", () => {
  it("renumbers ids in document order with the prefix and rewrites url(#…) references", () => {
    const build = (stem: string): string => {
      const svg = createSvg(makeDocument(), { width: 100.123, height: 50, title: "T", desc: "D" });
      const defs = svg.append("defs");
      defs.append("clipPath").attr("id", `${stem}-zz`).append("rect").attr("width", 10.005);
      svg.append("g").attr("clip-path", `url(#${stem}-zz)`).append("path").attr("d", "M0.123456,1.98765L3,4");
      return serializeSvg(svg, { idPrefix: "fig" });
    };
    const a = build("random-a");
    const b = build("other-b");
    expect(a).toBe(b);
    const doc = parseSvg(a);
    expect(doc.querySelector("clipPath")!.getAttribute("id")).toBe("fig-1");
    expect(doc.querySelector("g[clip-path]")!.getAttribute("clip-path")).toBe("url(#fig-1)");
    expect(doc.querySelector("path")!.getAttribute("d")).toBe("M0.12,1.99L3,4");
    expect(doc.documentElement.getAttribute("width")).toBe("100.12");
    expect(a.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    expect(a.endsWith("</svg>\n")).toBe(true);
  });
});

describe("simplifyPolyline", () => {
  it("drops points within the tolerance and keeps corners and ends", () => {
    // Along x with wiggles of 0.1 px, a corner at (4, 0), then straight up with a 0.2 px wiggle.
    const pts: Array<[number, number]> = [[0, 0], [1, 0.1], [2, -0.1], [3, 0.1], [4, 0], [4.2, 2], [4, 4], [4, 6]];
    expect(simplifyPolyline(pts, 0.25)).toEqual([[0, 0], [4, 0], [4, 6]]);
    // A deviation above the tolerance is kept.
    expect(simplifyPolyline([[0, 0], [1, 0.3], [2, 0]], 0.25)).toEqual([[0, 0], [1, 0.3], [2, 0]]);
  });
});

describe("log10Field", () => {
  it("floors zeros, tiny values and NaN instead of returning -Infinity or NaN", () => {
    const out = log10Field([0, 1e-40, 1e-3, Number.NaN, 10], 1e-30);
    expect(Array.from(out)).toEqual([-30, -30, Math.log10(1e-3), -30, 1]);
  });
});

describe("colorBands", () => {
  it("linear: nice thresholds covering the data, one colour per band, viridis ends", () => {
    const b = colorBands(0.011, 0.98, "viridis", "linear", 10);
    expect(b.thresholds[0]).toBeLessThanOrEqual(0.011);
    expect(b.thresholds[b.thresholds.length - 1]).toBeGreaterThanOrEqual(0.98);
    expect(b.colors).toHaveLength(b.thresholds.length - 1);
    expect(b.colors[0]).toBe("#440154");
    expect(b.colors[b.colors.length - 1]).toBe("#fde725");
  });
  it("log: decade thresholds and ticks at whole decades only", () => {
    const b = colorBands(3e-11, 0.7, "magma", "log", 12);
    expect(b.thresholds[0]).toBeCloseTo(1e-11, 20);
    expect(b.thresholds[b.thresholds.length - 1]).toBeGreaterThanOrEqual(0.7);
    for (const t of b.ticks) expect(Math.log10(t)).toBeCloseTo(Math.round(Math.log10(t)), 9);
  });
});
