import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { axisValues, checkGridSpec, evaluateGrid, MAX_GRID_POINTS } from "../src/numerics/grid.js";
import { evaluatePoint } from "../src/numerics/point.js";

const data = seedDataset();

describe("axisValues", () => {
  it("is an inclusive linspace ending exactly at max", () => {
    expect(Array.from(axisValues({ min: -1, max: 1, count: 5 }))).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(axisValues({ min: -10, max: 20, count: 7 })[6]).toBe(20);
    // −2 + 3·(3.9/3) rounds to 1.9000000000000004: the last value is set to max, not computed.
    expect(Array.from(axisValues({ min: -2, max: 1.9, count: 4 }))).toEqual([-2, -2 + 1.3, -2 + 2 * 1.3, 1.9]);
  });
});

describe("evaluateGrid", () => {
  it("rows run along b and columns along w, and every field equals probe's value there", () => {
    const spec = { w: { min: -10, max: 20, count: 7 }, b: { min: -20, max: 10, count: 5 } };
    for (const loss of ["mse", "bce"] as const) {
      const g = evaluateGrid(loss, data, spec);
      expect(g.fields.loss.shape).toEqual([5, 7]);
      for (let i = 0; i < 5; i++) {
        for (let j = 0; j < 7; j++) {
          const p = evaluatePoint(loss, data, g.w[j], g.b[i]);
          expect(g.fields.loss.get(i, j)).toBe(p.loss);
          expect(g.fields.gradW.get(i, j)).toBe(p.grad[0]);
          expect(g.fields.gradB.get(i, j)).toBe(p.grad[1]);
          expect(g.fields.gradNorm.get(i, j)).toBe(p.gradNorm);
          expect(g.fields.eigMin.get(i, j)).toBe(p.eigenvalues[0]);
          expect(g.fields.eigMax.get(i, j)).toBe(p.eigenvalues[1]);
          expect(g.fields.accuracy.get(i, j)).toBe(p.accuracy);
        }
      }
    }
  });
  it("shows the plateau: MSE gradients vanish where b is far negative, BCE's do not", () => {
    const spec = { w: { min: -5, max: -5, count: 2 }, b: { min: -40, max: -40, count: 2 } };
    // min == max is refused, so probe the plateau point directly and via a 2×2 grid.
    expect(() => evaluateGrid("mse", data, spec)).toThrow(/MIN must be less than MAX/);
    const g = evaluateGrid("mse", data, { w: { min: -5, max: -4, count: 2 }, b: { min: -41, max: -40, count: 2 } });
    expect(g.fields.gradNorm.get(0, 0)).toBeLessThan(1e-12);
    expect(evaluatePoint("bce", data, -5, -41).gradNorm).toBeGreaterThan(0.1);
  });
});

describe("checkGridSpec", () => {
  const ok = { min: 0, max: 1, count: 2 };
  it("refuses N < 2, MIN ≥ MAX, non-finite bounds and grids over the limit", () => {
    expect(() => checkGridSpec({ w: { ...ok, count: 1 }, b: ok })).toThrow(/w: N must be an integer ≥ 2/);
    expect(() => checkGridSpec({ w: ok, b: { min: 1, max: 1, count: 3 } })).toThrow(/b: MIN must be less than MAX/);
    expect(() => checkGridSpec({ w: { ...ok, max: Infinity }, b: ok })).toThrow(/finite/);
    expect(() => checkGridSpec({ w: { ...ok, count: 4097 }, b: { ...ok, count: 4096 } })).toThrow(/exceeds the limit/);
    expect(() => checkGridSpec({ w: { ...ok, count: 4096 }, b: { ...ok, count: 4096 } })).not.toThrow();
    expect(MAX_GRID_POINTS).toBe(4096 * 4096);
  });
});
