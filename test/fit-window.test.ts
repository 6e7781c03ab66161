import { describe, expect, it } from "vitest";
import { fitWindow } from "../src/slices/fit-window.js";

describe("fitWindow", () => {
  it("spans the points and the center, widened by the margin on each side", () => {
    const w = fitWindow([{ alpha: -4, beta: 1 }, { alpha: -2, beta: 3 }], 2);
    // α covers [-4, 0] (the center included), span 4, margin 1; β covers [0, 3], margin 0.75.
    expect(w).toEqual({ alpha: [-5, 1], beta: [-0.75, 3.75] });
    expect(fitWindow([{ alpha: 2, beta: 0 }], 1, 0.5)).toEqual({ alpha: [-1, 3], beta: null });
  });
  it("an axis the run never leaves gets the unit window; non-finite or overflowing spans are refused", () => {
    expect(fitWindow([{ alpha: 0, beta: 0 }], 2)).toEqual({ alpha: [-1, 1], beta: [-1, 1] });
    expect(() => fitWindow([{ alpha: 1e308, beta: 0 }, { alpha: -1e308, beta: 0 }], 2)).toThrow(RangeError);
    expect(() => fitWindow([{ alpha: NaN, beta: 0 }], 2)).toThrow(RangeError);
  });
});
