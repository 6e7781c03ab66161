// slice.svg and slice-1d.svg keep the 200 KB budget on inputs far larger than any screen
// (the slow tier: a 1024² slice, a 100,000-point path, eight lines of 1,000,000 points).

import { describe, expect, it } from "vitest";
import { MAX_DRAWN_SIDE, renderSliceFigure } from "../src/render/figures/slice.js";
import { renderSlice1dFigure } from "../src/render/figures/slice-1d.js";
import { lineInput, planeInput } from "./helpers/slice-inputs.js";
import { makeDocument, parseSvg } from "./helpers/svg.js";

describe("slice.svg", () => {
  it("stays under 200 KB for a noisy 1024² slice and a 100,000-point path", () => {
    const big = renderSliceFigure(makeDocument(), planeInput(1024, 100_000, 0.3));
    expect(Buffer.byteLength(big)).toBeLessThan(200 * 1024);
    const doc = parseSvg(big);
    expect(doc.querySelectorAll("g.off-plane circle[data-off-plane]").length).toBeLessThanOrEqual(40);
    expect(MAX_DRAWN_SIDE).toBeLessThan(1024);
  });
});

describe("slice-1d.svg", () => {
  it("stays under 200 KB for eight noisy lines of 1,000,000 points", () => {
    expect(Buffer.byteLength(renderSlice1dFigure(makeDocument(), lineInput(1_000_000, 8)))).toBeLessThan(200 * 1024);
  });
});
