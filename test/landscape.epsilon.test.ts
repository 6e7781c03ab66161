// autoEpsilon: ε = D / (lr·T) with D the distance from the bad start to the mean end of
// the proper MSE runs, and its fallback to the grid's lowest MSE when there is none.
// References: the rule's closed form on hand-made runs, and a brute-force grid argmin.

import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { autoEpsilon } from "../src/landscape/epsilon.js";
import type { Run } from "../src/landscape/types.js";
import { evaluateGrid, type GridResult } from "../src/numerics/grid.js";
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from "../src/train/train.js";

const run = (loss: "mse" | "bce", startIndex: number, final: [number, number]): Run =>
  ({ key: `${loss}-${startIndex + 1}`, loss, startIndex, result: { final } }) as unknown as Run;

const config = (lr: number, epochs: number, batchSize: number): TrainConfig => ({
  ...DEFAULT_TRAIN_CONFIG,
  optimizerOptions: { ...DEFAULT_TRAIN_CONFIG.optimizerOptions, lr },
  epochs,
  batchSize,
});

const grid = seedGrid();

function seedGrid(): GridResult {
  return evaluateGrid("mse", seedDataset(), { w: { min: -4, max: 6, count: 11 }, b: { min: -3, max: 2, count: 6 } });
}

describe("autoEpsilon", () => {
  it("is D / (lr·T) over the mean end of the proper MSE runs, ignoring the bad run and cross-entropy", () => {
    const runs = [
      run("mse", 0, [100, 100]), // the bad run itself: not a proper end
      run("mse", 1, [3, 4]),
      run("mse", 2, [-3, 4]),
      run("bce", 1, [50, -50]), // cross-entropy ends do not count
    ];
    // Mean proper end (0, 4), bad start (0, 0): D = 4. n = 10, batch 3 → 4 steps per
    // epoch, 10 epochs → T = 40; lr 0.5 → lr·T = 20; ε = 0.2.
    const e = autoEpsilon(runs, 0, [0, 0], grid, config(0.5, 10, 3), 10);
    expect(e.distance).toBeCloseTo(4, 12);
    expect(e.budget).toBeCloseTo(20, 12);
    expect(e.value).toBeCloseTo(0.2, 12);
    expect(e.rule).toContain("4.00 / (0.5 · 40)");
    expect(e.rule).toContain("proper inits");
  });

  it("scales as 1/lr and 1/steps", () => {
    const runs = [run("mse", 0, [0, 0]), run("mse", 1, [6, 8])];
    const a = autoEpsilon(runs, 0, [0, 0], grid, config(1, 1, 1), 5);
    const b = autoEpsilon(runs, 0, [0, 0], grid, config(2, 3, 1), 5);
    expect(a.value).toBeCloseTo(10 / 5, 12);
    expect(b.value).toBeCloseTo(a.value / 6, 12);
  });

  it("falls back to the lowest MSE on the grid when no proper MSE run exists", () => {
    // Brute-force argmin over the grid's points, rows b and columns w.
    let best = [NaN, NaN];
    let lo = Infinity;
    for (let i = 0; i < grid.b.length; i++) {
      for (let j = 0; j < grid.w.length; j++) {
        const v = grid.fields.loss.get(i, j);
        if (v < lo) [lo, best] = [v, [grid.w[j], grid.b[i]]];
      }
    }
    for (const runs of [[], [run("mse", 0, [1, 1])], [run("bce", 1, [9, 9])]]) {
      const e = autoEpsilon(runs, 0, [-5, -10], grid, config(2, 50, 2), 40);
      expect(e.distance).toBeCloseTo(Math.hypot(best[0] + 5, best[1] + 10), 12);
      expect(e.value).toBeCloseTo(e.distance! / (2 * 50 * 20), 15);
      expect(e.rule).toContain("the lowest MSE on the grid");
    }
  });
});
