import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { seededRandom } from "../src/init/random.js";
import { batchBounds, epochOrder } from "../src/train/dataloader.js";
import { trainMany } from "../src/train/many.js";
import { makeOptimizer, DEFAULT_OPTIMIZER_OPTIONS, OPTIMIZER_NAMES } from "../src/train/optimizers.js";
import { evaluatePoint } from "../src/numerics/point.js";
import { DEFAULT_TRAIN_CONFIG, stepsPerEpoch, train } from "../src/train/train.js";

const data = seedDataset();

// The seed experiment against PyTorch's own numbers is in torch-reference.test.ts.
describe("train", () => {
  it("records steps + 1 params, the start first, and one loss per step and per epoch", () => {
    const r = train(data, [0.3, -0.2], { ...DEFAULT_TRAIN_CONFIG, batchSize: 3, epochs: 4 });
    const steps = Math.ceil(40 / 3) * 4; // the last partial batch of 1 is kept
    expect(r.w.length).toBe(steps + 1);
    expect([r.w[0], r.b[0]]).toEqual([0.3, -0.2]);
    expect(r.stepLosses.length).toBe(steps);
    expect(r.epochLosses.length).toBe(4);
    expect(Array.from(r.epochEnds)).toEqual([14, 28, 42, 56]);
    expect(r.final).toEqual([r.w[steps], r.b[steps]]);
    expect([r.loss, r.optimizer, r.start]).toEqual(["mse", "sgd", [0.3, -0.2]]);
    // Epoch losses, the final loss and accuracy are the full-data values at those params.
    for (let e = 0; e < 4; e++) expect(r.epochLosses[e]).toBe(evaluatePoint("mse", data, r.w[r.epochEnds[e]], r.b[r.epochEnds[e]]).loss);
    const end = evaluatePoint("mse", data, r.final[0], r.final[1]);
    expect([r.finalLoss, r.accuracy]).toEqual([end.loss, end.accuracy]);
    // Each step's loss is the mean loss of its batch at the params before the step.
    const batch = (k: number) => ({ x: data.x.subarray(3 * (k % 14), 3 * (k % 14) + 3), y: data.y.subarray(3 * (k % 14), 3 * (k % 14) + 3), source: "b" });
    for (const k of [0, 1, 13, 14, 55]) expect(r.stepLosses[k]).toBe(evaluatePoint("mse", batch(k), r.w[k], r.b[k]).loss);
  });
  it("takes one SGD step p −= lr·grad of the first batch's mean loss", () => {
    const r = train(data, [-5, -10], { ...DEFAULT_TRAIN_CONFIG, loss: "bce", epochs: 1 });
    // First batch x = −2, −1.9 (y = 0): z = 0 and −0.5; BCE grad = mean((p − y)·(x, 1)).
    const p0 = 0.5, p1 = 1 / (1 + Math.exp(0.5));
    const gw = (p0 * -2 + p1 * -1.9) / 2, gb = (p0 + p1) / 2;
    expect(r.w[1]).toBeCloseTo(-5 - 2 * gw, 14);
    expect(r.b[1]).toBeCloseTo(-10 - 2 * gb, 14);
    expect(r.stepLosses[0]).toBeCloseTo((Math.LN2 + Math.log1p(Math.exp(-0.5))) / 2, 14);
  });
  it("shuffles with a fresh seeded permutation per epoch: the run equals in-order runs on the permuted data", () => {
    const epochs = 3;
    const cfg = { ...DEFAULT_TRAIN_CONFIG, shuffle: true, epochs };
    const shuffled = train(data, [1, 1], cfg, seededRandom(3));
    // Replay: epoch e trains in order on the data permuted by the e-th epochOrder of the same stream.
    const rng = seededRandom(3);
    let start: [number, number] = [1, 1];
    const stepsPer = Math.ceil(40 / cfg.batchSize);
    for (let e = 0; e < epochs; e++) {
      const order = epochOrder(40, true, rng);
      const permuted = { x: Float64Array.from(order, (i) => data.x[i]), y: Float64Array.from(order, (i) => data.y[i]), source: "permuted" };
      const r = train(permuted, start, { ...cfg, shuffle: false, epochs: 1 });
      expect(Array.from(shuffled.w.subarray(e * stepsPer, (e + 1) * stepsPer + 1))).toEqual(Array.from(r.w));
      expect(Array.from(shuffled.stepLosses.subarray(e * stepsPer, (e + 1) * stepsPer))).toEqual(Array.from(r.stepLosses));
      start = r.final;
    }
    // Shuffling without a generator is refused, not silently unshuffled.
    expect(() => train(data, [1, 1], cfg)).toThrow(/seeded Random/);
  });
});

describe("batchBounds", () => {
  it("keeps the last partial batch (drop_last=False)", () => {
    expect(batchBounds(5, 2)).toEqual([[0, 2], [2, 4], [4, 5]]);
    expect(batchBounds(4, 4)).toEqual([[0, 4]]);
  });
});

describe("epochOrder", () => {
  it("is the identity without shuffle and a permutation with it", () => {
    expect(Array.from(epochOrder(4, false, null))).toEqual([0, 1, 2, 3]);
    const o = Array.from(epochOrder(40, true, seededRandom(1)));
    expect([...o].sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
    expect(o).not.toEqual([...Array(40).keys()]);
  });
});

describe("optimizer defaults", () => {
  it("are the tutorial's lr 2 and PyTorch's momentum 0.9, Adam betas (0.9, 0.999) and eps 1e-8", () => {
    expect(DEFAULT_OPTIMIZER_OPTIONS).toEqual({ lr: 2, momentum: 0.9, betas: [0.9, 0.999], eps: 1e-8 });
    expect(OPTIMIZER_NAMES).toEqual(["sgd", "momentum", "adam"]);
    expect(DEFAULT_TRAIN_CONFIG).toEqual({ loss: "mse", optimizer: "sgd", optimizerOptions: DEFAULT_OPTIMIZER_OPTIONS, batchSize: 2, epochs: 50, shuffle: false });
  });
});

describe("checkTrainConfig", () => {
  it("accepts batch size and epochs from 1 and refuses anything else, naming the setting", () => {
    const one = { ...DEFAULT_TRAIN_CONFIG, batchSize: 1, epochs: 1 };
    expect(train(data, [0, 0], one).stepLosses).toHaveLength(40);
    for (const batchSize of [0, -1, 1.5, NaN]) expect(() => train(data, [0, 0], { ...one, batchSize })).toThrow(/^batchSize must be a positive integer/);
    for (const epochs of [0, 2.5, Infinity]) expect(() => train(data, [0, 0], { ...one, epochs })).toThrow(/^epochs must be a positive integer/);
    expect(() => trainMany(data, { w: new Float64Array(1), b: new Float64Array(1) }, { ...one, epochs: 0 })).toThrow(/^epochs/);
    expect(stepsPerEpoch(40, 3)).toBe(14);
    expect(stepsPerEpoch(40, 40)).toBe(1);
  });
});

describe("makeOptimizer", () => {
  it("sgd: p −= lr·g on every coordinate of a vector of any size", () => {
    const o = makeOptimizer("sgd", { ...DEFAULT_OPTIMIZER_OPTIONS, lr: 0.25 }, 3);
    const p = Float64Array.from([1, 2, 3]);
    o.step(p, Float64Array.from([4, -8, 0.5]));
    expect(Array.from(p)).toEqual([0, 4, 2.875]);
  });
  const opts = { ...DEFAULT_OPTIMIZER_OPTIONS, lr: 0.5 };
  it("momentum: buf = g, then μ·buf + g (PyTorch, dampening 0)", () => {
    const o = makeOptimizer("momentum", opts);
    const p = Float64Array.from([1, 2]);
    o.step(p, Float64Array.from([0.2, -0.4]));
    expect(Array.from(p)).toEqual([1 - 0.5 * 0.2, 2 + 0.5 * 0.4]);
    o.step(p, Float64Array.from([0.1, 0.1]));
    expect(p[0]).toBeCloseTo(0.9 - 0.5 * (0.9 * 0.2 + 0.1), 15);
    expect(p[1]).toBeCloseTo(2.2 - 0.5 * (0.9 * -0.4 + 0.1), 15);
  });
  it("adam: the first step is lr·g/(|g| + ε) per coordinate, and bias correction holds for constant g", () => {
    const o = makeOptimizer("adam", opts);
    const p = Float64Array.from([0, 0]);
    const g = Float64Array.from([0.3, -2e-3]);
    o.step(p, g);
    expect(p[0]).toBeCloseTo(-0.5 * (0.3 / (0.3 + 1e-8)), 14);
    expect(p[1]).toBeCloseTo(0.5 * (2e-3 / (2e-3 + 1e-8)), 14);
    // With constant g, m̂ = g and v̂ = g² at every t, so each step is the same.
    const before = p[0];
    o.step(p, g);
    expect(p[0] - before).toBeCloseTo(-0.5 * (0.3 / (0.3 + 1e-8)), 12);
  });
});

describe("trainMany", () => {
  it("refuses starts whose w and b differ in length", () => {
    expect(() => trainMany(data, { w: new Float64Array(2), b: new Float64Array(3) }, DEFAULT_TRAIN_CONFIG)).toThrow(/starts\.w and starts\.b differ/);
  });
  it("gives each start exactly what a single train() run gives", () => {
    const rng = seededRandom(11);
    const S = 16;
    const w = new Float64Array(S), b = new Float64Array(S);
    for (let k = 0; k < S; k++) (w[k] = -10 + 20 * rng()), (b[k] = -15 + 25 * rng());
    w[0] = -5;
    b[0] = -10;
    for (const loss of ["mse", "bce"] as const) {
      for (const optimizer of ["sgd", "adam"] as const) {
        const cfg = { ...DEFAULT_TRAIN_CONFIG, loss, optimizer, epochs: optimizer === "adam" ? 5 : 50 };
        const m = trainMany(data, { w, b }, cfg);
        for (let k = 0; k < S; k++) {
          const r = train(data, [w[k], b[k]], cfg);
          expect(m.finalW[k]).toBe(r.final[0]);
          expect(m.finalB[k]).toBe(r.final[1]);
          expect(m.finalLoss[k]).toBe(r.finalLoss);
          expect(m.accuracy[k]).toBe(r.accuracy);
        }
      }
    }
  });
  it("records the first epoch reaching the accuracy target, or −1", () => {
    const m = trainMany(data, { w: Float64Array.of(-5, -5), b: Float64Array.of(-10, -10) }, DEFAULT_TRAIN_CONFIG);
    expect(m.firstEpochReaching[0]).toBe(-1); // MSE from the bad start never reaches 95%
    const bce = trainMany(data, { w: Float64Array.of(-5), b: Float64Array.of(-10) }, { ...DEFAULT_TRAIN_CONFIG, loss: "bce" });
    const r = train(data, [-5, -10], { ...DEFAULT_TRAIN_CONFIG, loss: "bce" });
    // Cross-check against the single run's trajectory: accuracy at each epoch end.
    const first = Array.from(r.epochEnds).findIndex((k) => {
      let ok = 0;
      for (let i = 0; i < 40; i++) ok += Number((r.w[k] * data.x[i] + r.b[k] > 0 ? 1 : 0) === data.y[i]);
      return ok / 40 >= 0.95;
    });
    expect(bce.firstEpochReaching[0]).toBe(first);
  });
});
