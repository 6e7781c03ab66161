// Runs recorded while training (run-path.ts): short runs equal train() step for step
// (large data on the kernel: to 1e-11);
// long runs are reduced while training exactly as reducing the whole series afterwards
// would, and the study keeps no array that grows with the step count.

import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { seededRandom } from "../src/init/random.js";
import { FAST_RECORD_MIN_SAMPLES, recordRun, reducePath } from "../src/landscape/run-path.js";
import { fullLosses, lossStride, MAX_CURVE_POINTS, runStudy } from "../src/landscape/study.js";
import { DEFAULT_TRAIN_CONFIG, stepsPerEpoch, train, type TrainConfig } from "../src/train/train.js";
import { STUDY } from "./helpers/study.js";

const data = seedDataset();
const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, loss: "mse", epochs: 7, batchSize: 3, shuffle: true };
const start: [number, number] = [-5, -10];
const perEpoch = stepsPerEpoch(data.x.length, config.batchSize);
const isEnd = (i: number): boolean => i > 0 && i % perEpoch === 0;

describe("recordRun", () => {
  const full = train(data, start, config, seededRandom(3));

  it("keeps a short run whole: train()'s path, epochs and loss curve, bit for bit", () => {
    for (const stride of [1, 5]) {
      const { result, fullLosses: curve } = recordRun(data, start, config, seededRandom(3), stride);
      expect(result.steps).toBe(full.w.length - 1);
      expect(Array.from(result.w)).toEqual(Array.from(full.w));
      expect(Array.from(result.b)).toEqual(Array.from(full.b));
      expect(Array.from(result.epochEnds)).toEqual(Array.from(full.epochEnds));
      expect(Array.from(result.epochLosses)).toEqual(Array.from(full.epochLosses));
      expect(result.final).toEqual(full.final);
      expect(result.finalLoss).toBe(full.finalLoss);
      expect(result.accuracy).toBe(full.accuracy);
      expect(Array.from(curve)).toEqual(Array.from(fullLosses("mse", data, full, stride)));
    }
  });

  it("reduces a long run while training exactly as reducing the whole series afterwards", () => {
    const limits = { keepWhole: 0, buckets: 9 };
    const { result } = recordRun(data, start, config, seededRandom(3), 1, limits);
    const after = reducePath(full.w, full.b, config.epochs, isEnd, limits);
    expect(Array.from(result.w)).toEqual(Array.from(after.w));
    expect(Array.from(result.b)).toEqual(Array.from(after.b));
    expect(Array.from(result.epochEnds)).toEqual(Array.from(after.epochEnds));
    expect(result.w.length).toBeLessThan(full.w.length);
    expect(result.w.length).toBeLessThanOrEqual(6 * 9 + config.epochs);
  });

  it("keeps the start, the end, every epoch end exactly and every bucket's extremes", () => {
    const buckets = 9;
    const r = reducePath(full.w, full.b, config.epochs, isEnd, { keepWhole: 0, buckets });
    expect([r.w[0], r.b[0]]).toEqual([full.w[0], full.b[0]]);
    expect([r.w[r.w.length - 1], r.b[r.b.length - 1]]).toEqual(full.final);
    full.epochEnds.forEach((k, e) => expect([r.w[r.epochEnds[e]], r.b[r.epochEnds[e]]]).toEqual([full.w[k], full.b[k]]));
    // Kept points are points of the path, in step order (each found after the previous one).
    let j = 0;
    for (let i = 0; i < r.w.length; i++) {
      while (j < full.w.length && !(full.w[j] === r.w[i] && full.b[j] === r.b[i])) j++;
      expect(j, `kept point ${i}`).toBeLessThan(full.w.length);
    }
    // Per bucket, the extremes of w and b are among the kept points.
    const size = Math.ceil(full.w.length / buckets);
    const kept = new Set(Array.from(r.w, (w, i) => `${w},${r.b[i]}`));
    for (let s = 0; s < full.w.length; s += size) {
      const idx = Array.from({ length: Math.min(size, full.w.length - s) }, (_, i) => s + i);
      for (const pick of [
        idx.reduce((a, i) => (full.w[i] < full.w[a] ? i : a)),
        idx.reduce((a, i) => (full.w[i] > full.w[a] ? i : a)),
        idx.reduce((a, i) => (full.b[i] < full.b[a] ? i : a)),
        idx.reduce((a, i) => (full.b[i] > full.b[a] ? i : a)),
      ]) expect(kept.has(`${full.w[pick]},${full.b[pick]}`)).toBe(true);
    }
  });
});

/** The longest array-like (typed array or array) reachable from `root`, skipping `skip`. */
function longestArray(root: unknown, skip: Set<unknown>): number {
  const seen = new Set<unknown>();
  let longest = 0;
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== "object" || seen.has(v) || skip.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      longest = Math.max(longest, (v as unknown as ArrayLike<number>).length);
      return;
    }
    if (Array.isArray(v)) longest = Math.max(longest, v.length);
    for (const x of Object.values(v)) visit(x);
  };
  visit(root);
  return longest;
}

describe("the study on a long run", () => {
  it("keeps no array that grows with the step count", () => {
    // 40 samples, batch 1, 25,000 epochs: 1,000,000 steps per run.
    const train = { ...STUDY.train, batchSize: 1, epochs: 25_000 };
    const grid = { w: { min: -10, max: 20, count: 9 }, b: { min: -20, max: 10, count: 9 } };
    const study = runStudy(data, { ...STUDY, grid, losses: ["bce"], starts: [{ kind: "fixed", w: -5, b: -10 }], parts: [], train });
    const steps = 1_000_000;
    expect(study.runs[0].result.steps).toBe(steps);
    expect(study.runs[0].lossStride).toBe(lossStride(steps, data.x.length));
    const longest = longestArray(study, new Set([data]));
    // The loss curve (≤ MAX_CURVE_POINTS + 1) and the path (≤ 6 per bucket + epoch ends).
    expect(longest).toBeLessThanOrEqual(MAX_CURVE_POINTS + 1);
    expect(longest).toBeLessThan(steps / 3);
    expect(study.runs[0].result.w.length).toBeLessThanOrEqual(6 * 8192 + 25_000 + 2);
  });
});

describe("recordRun on the kernel (from FAST_RECORD_MIN_SAMPLES samples)", () => {
  const n = FAST_RECORD_MIN_SAMPLES + 37;
  const r = seededRandom(11);
  const big = { x: new Float64Array(n), y: new Float64Array(n), source: "synthetic" };
  for (let i = 0; i < n; i++) {
    big.x[i] = 4 * r() - 2;
    big.y[i] = big.x[i] + 0.5 * (r() - 0.5) > 0.2 ? 1 : 0;
  }
  const close = (a: ArrayLike<number>, b: ArrayLike<number>, what: string): void => {
    expect(a.length, what).toBe(b.length);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i]), `${what}[${i}]`).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(b[i])));
  };

  it.each([
    ["mse", false, 64],
    ["bce", true, 1000],
  ] as const)("%s (shuffle %s, batch %i): train()'s path, epoch losses, loss curve and summary to 1e-11", (loss, shuffle, batchSize) => {
    const c: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, loss, epochs: 3, batchSize, shuffle };
    const ref = train(big, start, c, seededRandom(5));
    const stride = 7;
    let epochs = 0;
    const { result, fullLosses: curve } = recordRun(big, start, c, seededRandom(5), stride, undefined, () => epochs++);
    expect(epochs).toBe(3);
    close(result.w, ref.w, "w");
    close(result.b, ref.b, "b");
    expect(Array.from(result.epochEnds)).toEqual(Array.from(ref.epochEnds));
    close(result.epochLosses, ref.epochLosses, "epochLosses");
    close(curve, fullLosses(loss, big, ref, stride), "curve");
    close(result.final, ref.final, "final");
    close([result.finalLoss, result.accuracy], [ref.finalLoss, ref.accuracy], "summary");
  });

  it("reduces a long kernel run as reducing train()'s whole path would", () => {
    const c: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, loss: "mse", epochs: 2, batchSize: 16, shuffle: false };
    const ref = train(big, start, c, null);
    const limits = { keepWhole: 100, buckets: 50 };
    const per = stepsPerEpoch(n, 16);
    const { result } = recordRun(big, start, c, null, 1000, limits);
    const after = reducePath(ref.w, ref.b, c.epochs, (i) => i > 0 && i % per === 0, limits);
    close(result.w, after.w, "w");
    close(result.b, after.b, "b");
    expect(Array.from(result.epochEnds)).toEqual(Array.from(after.epochEnds));
  });
});
