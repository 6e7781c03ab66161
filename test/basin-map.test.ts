import { describe, expect, it } from "vitest";
import {
  basinMap,
  basinMapAsync,
  basinMapFromResult,
  checkBasinSpec,
  DEFAULT_BASIN_GRID,
  DEFAULT_BASIN_OPTIONS,
  gridStarts,
  nearestCell,
  summarizeBasinMap,
} from "../src/basins/basin-map.js";
import { seedDataset } from "../src/data/dataset.js";
import { trainManyFast } from "../src/fast/many-fast.js";
import { seededRandom } from "../src/init/random.js";
import type { GridSpec } from "../src/numerics/grid.js";
import { evaluatePoint } from "../src/numerics/point.js";
import { trainMany } from "../src/train/many.js";
import { DEFAULT_TRAIN_CONFIG, train, type TrainConfig } from "../src/train/train.js";
import { torchRun } from "./helpers/torch-fixture.js";

const data = seedDataset();
const MSE: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, loss: "mse" };
const BCE: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, loss: "bce" };

// w = −10, −5, 0, 5 and b = −15, −10, −5, 0, 5: the bad start (−5, −10) is a node.
const SMALL: GridSpec = { w: { min: -10, max: 5, count: 4 }, b: { min: -15, max: 5, count: 5 } };

/** The reference: one train() run, with the first epoch reaching the target read off its trajectory. */
function reference(start: [number, number], config: TrainConfig, seed: number | null = null) {
  const r = train(data, start, config, seed === null ? null : seededRandom(seed));
  let first = -1;
  for (let e = 0; e < config.epochs && first < 0; e++) {
    const k = r.epochEnds[e];
    if (evaluatePoint(config.loss, data, r.w[k], r.b[k]).accuracy >= 0.95) first = e;
  }
  const p = evaluatePoint(config.loss, data, r.final[0], r.final[1]);
  return { r, first, gradNorm: p.gradNorm };
}

function expectCellsMatchTrain(config: TrainConfig, seed: number | null = null): void {
  const m = basinMap(data, SMALL, config, DEFAULT_BASIN_OPTIONS, seed === null ? null : seededRandom(seed));
  for (let i = 0; i < m.b.length; i++) {
    for (let j = 0; j < m.w.length; j++) {
      const { r, first, gradNorm } = reference([m.w[j], m.b[i]], config, seed);
      expect(m.finalW.get(i, j)).toBe(r.final[0]);
      expect(m.finalB.get(i, j)).toBe(r.final[1]);
      expect(m.finalLoss.get(i, j)).toBe(r.finalLoss);
      expect(m.accuracy.get(i, j)).toBe(r.accuracy);
      expect(m.finalGradNorm.get(i, j)).toBe(gradNorm);
      expect(m.firstEpoch.get(i, j)).toBe(first);
      expect(m.endsFlat.get(i, j)).toBe(gradNorm < DEFAULT_BASIN_OPTIONS.epsilon ? 1 : 0);
    }
  }
}

describe("basinMap", () => {
  it("gives every cell exactly the outcome of a single train() run from that start (MSE)", () => {
    expectCellsMatchTrain(MSE);
  });

  it("gives every cell exactly the outcome of a single train() run from that start (BCE)", () => {
    expectCellsMatchTrain(BCE);
  });

  it("matches train() with momentum and a seeded shuffle too", () => {
    expectCellsMatchTrain({ ...MSE, optimizer: "momentum", optimizerOptions: { ...MSE.optimizerOptions, lr: 0.5 }, shuffle: true, epochs: 10 }, 7);
  });

  it("puts the bad start (−5, −10) at accuracy 0.575, never reaching 95% and ending flat, under MSE", () => {
    const m = basinMap(data, SMALL, MSE);
    expect([m.w[1], m.b[1]]).toEqual([-5, -10]);
    expect(m.accuracy.get(1, 1)).toBe(0.575);
    expect(m.firstEpoch.get(1, 1)).toBe(-1);
    expect(m.endsFlat.get(1, 1)).toBe(1);
  });

  it("trains the bad start under BCE", () => {
    const m = basinMap(data, SMALL, BCE);
    expect(m.accuracy.get(1, 1)).toBe(1);
    // PyTorch's run (test/fixtures/torch) first reaches 95% at the end of the same epoch.
    const torch = torchRun("bce", "torch.float64");
    const ends = Array.from({ length: 50 }, (_, e) => torch.params[20 * (e + 1)]);
    const torchFirst = ends.findIndex(([w, b]) => evaluatePoint("bce", data, w, b).accuracy >= 0.95);
    expect(torchFirst).not.toBe(-1);
    expect(m.firstEpoch.get(1, 1)).toBe(torchFirst);
    expect(m.endsFlat.get(1, 1)).toBe(0);
  });

  it("on the default 128² grid, the cell nearest the bad start also stalls at 0.575 under MSE", () => {
    // Trained on the WebAssembly trainer (as the basins command does; it equals trainMany
    // to 1e-12 with identical accuracies, see fast-many.test.ts): 16,384 reference runs
    // would take seconds. The map, the nearest cell and the summary are this module's.
    const m = basinMapFromResult(DEFAULT_BASIN_GRID, MSE, DEFAULT_BASIN_OPTIONS, trainManyFast(data, gridStarts(DEFAULT_BASIN_GRID), MSE));
    const cell = nearestCell(m, -5, -10);
    expect(cell).not.toBeNull();
    const [i, j] = cell as [number, number];
    const dw = (DEFAULT_BASIN_GRID.w.max - DEFAULT_BASIN_GRID.w.min) / (DEFAULT_BASIN_GRID.w.count - 1);
    const db = (DEFAULT_BASIN_GRID.b.max - DEFAULT_BASIN_GRID.b.min) / (DEFAULT_BASIN_GRID.b.count - 1);
    expect(Math.abs(m.w[j] + 5)).toBeLessThanOrEqual(dw / 2);
    expect(Math.abs(m.b[i] + 10)).toBeLessThanOrEqual(db / 2);
    expect(m.accuracy.get(i, j)).toBe(0.575);
    expect(m.firstEpoch.get(i, j)).toBe(-1);
    const s = summarizeBasinMap(m);
    expect(s.starts).toBe(128 * 128);
    // Both a sizeable MSE plateau and a sizeable region that trains exist on this grid.
    expect(s.stuck).toBeGreaterThan(1000);
    expect(s.reached).toBeGreaterThan(1000);
  });


  it("rejects a bad epsilon or target, naming it, and accepts a target of exactly 1", () => {
    const one: GridSpec = { w: { min: 0, max: 1, count: 2 }, b: { min: 0, max: 1, count: 2 } };
    const short = { ...MSE, epochs: 1 };
    for (const epsilon of [0, -1, NaN, Infinity]) {
      expect(() => basinMap(data, one, short, { accuracyTarget: 0.95, epsilon })).toThrow(/^epsilon must be a finite number > 0/);
    }
    for (const accuracyTarget of [0, -0.5, 1.5, NaN]) {
      expect(() => basinMap(data, one, short, { accuracyTarget, epsilon: 1e-3 })).toThrow(/^accuracyTarget must be in \(0, 1\]/);
    }
    expect(basinMap(data, one, short, { accuracyTarget: 1, epsilon: 1e-3 }).accuracyTarget).toBe(1);
  });
});

describe("basinMapAsync", () => {
  it("builds the same map as basinMap with an asynchronous trainer", async () => {
    const asyncTrainer = async (...args: Parameters<typeof trainMany>) => trainMany(...args);
    const a = await basinMapAsync(data, SMALL, MSE, DEFAULT_BASIN_OPTIONS, null, asyncTrainer);
    const b = basinMap(data, SMALL, MSE);
    expect(Array.from(a.finalLoss.data)).toEqual(Array.from(b.finalLoss.data));
    expect(Array.from(a.firstEpoch.data)).toEqual(Array.from(b.firstEpoch.data));
  });
});

describe("nearestCell", () => {
  const m = { w: Float64Array.of(0, 1, 2, 3), b: Float64Array.of(-1, 1) };
  it("rounds to the nearest node along each axis", () => {
    expect(nearestCell(m, 0, -1)).toEqual([0, 0]);
    expect(nearestCell(m, 3, 1)).toEqual([1, 3]);
    expect(nearestCell(m, 1.4, 0.1)).toEqual([1, 1]);
    expect(nearestCell(m, 1.6, -0.1)).toEqual([0, 2]);
  });
  it("is null outside the grid, beyond half a cell past either end", () => {
    expect(nearestCell(m, -0.6, 0)).toBeNull();
    expect(nearestCell(m, 3.6, 0)).toBeNull();
    expect(nearestCell(m, 1, -2.1)).toBeNull();
    expect(nearestCell(m, 1, 2.1)).toBeNull();
    // Within half a cell of the first node: row and column 0 (Math.round(−0.4) is −0, still index 0).
    expect(nearestCell(m, -0.4, -1.9)?.map((v) => v + 0)).toEqual([0, 0]);
  });
});

describe("gridStarts", () => {
  it("lists starts b-major, like the grid fields", () => {
    const s = gridStarts({ w: { min: 0, max: 2, count: 3 }, b: { min: -1, max: 1, count: 2 } });
    expect(Array.from(s.w)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Array.from(s.b)).toEqual([-1, -1, -1, 1, 1, 1]);
  });
});

describe("checkBasinSpec", () => {
  it("accepts 1024² and refuses more starts", () => {
    expect(() => checkBasinSpec({ w: { min: 0, max: 1, count: 1024 }, b: { min: 0, max: 1, count: 1024 } })).not.toThrow();
    expect(() => checkBasinSpec({ w: { min: 0, max: 1, count: 1025 }, b: { min: 0, max: 1, count: 1024 } })).toThrow(/exceeds the limit/);
  });
});

describe("basinMapFromResult", () => {
  it("builds the same map as basinMap from trainMany's result", () => {
    const direct = basinMap(data, SMALL, BCE);
    const packed = basinMapFromResult(SMALL, BCE, DEFAULT_BASIN_OPTIONS, trainMany(data, gridStarts(SMALL), BCE));
    expect(Array.from(packed.accuracy.data)).toEqual(Array.from(direct.accuracy.data));
    expect(Array.from(packed.finalLoss.data)).toEqual(Array.from(direct.finalLoss.data));
  });

  it("marks a run flat only when its final |∇L| is strictly below ε", () => {
    const spec: GridSpec = { w: { min: 0, max: 1, count: 2 }, b: { min: 0, max: 1, count: 2 } };
    const eps = 1e-3;
    const r = {
      finalW: Float64Array.of(1, 2, 3, 4), finalB: Float64Array.of(5, 6, 7, 8), finalLoss: Float64Array.of(0.1, 0.2, 0.3, 0.4),
      finalGradNorm: Float64Array.of(0, eps / 2, eps, 2 * eps), accuracy: Float64Array.of(1, 0.5, 0.25, 0),
      firstEpochReaching: Int32Array.of(0, -1, -1, 7),
    };
    const m = basinMapFromResult(spec, BCE, { accuracyTarget: 0.9, epsilon: eps }, r);
    expect(Array.from(m.endsFlat.data)).toEqual([1, 1, 0, 0]);
    expect([m.finalW.get(1, 0), m.finalB.get(0, 1), m.finalLoss.get(1, 1), m.accuracy.get(0, 1)]).toEqual([3, 6, 0.4, 0.5]);
    expect(m.firstEpoch.get(1, 1)).toBe(7);
    expect(m).toMatchObject({ loss: "bce", accuracyTarget: 0.9, epsilon: eps });
    expect(summarizeBasinMap(m)).toEqual({ starts: 4, reached: 2, endsFlat: 2, stuck: 1 });
  });

  it("refuses a result of the wrong size", () => {
    const r = trainMany(data, { w: new Float64Array([0]), b: new Float64Array([0]) }, { ...BCE, epochs: 1 });
    expect(() => basinMapFromResult(SMALL, BCE, DEFAULT_BASIN_OPTIONS, r)).toThrow(/starts/);
  });
});

describe("summarizeBasinMap", () => {
  it("counts reached, flat and stuck cells", () => {
    const m = basinMap(data, SMALL, MSE);
    let reached = 0, flat = 0, stuck = 0;
    for (let k = 0; k < 20; k++) {
      const ok = m.firstEpoch.data[k] >= 0;
      reached += ok ? 1 : 0;
      flat += m.endsFlat.data[k];
      stuck += !ok && m.endsFlat.data[k] ? 1 : 0;
    }
    expect(summarizeBasinMap(m)).toEqual({ starts: 20, reached, endsFlat: flat, stuck });
    expect(stuck).toBeGreaterThan(0);
  });
});
