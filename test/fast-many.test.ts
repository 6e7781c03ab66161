// trainManyFast / trainManyParallel (WebAssembly SIMD) against trainMany (TypeScript).
//
// Each start replays the reference's arithmetic step for step; the only difference is
// the kernel's exp (≤ 1 ulp from Math.exp), which moves a trajectory by a few ulp per
// step at most. SGD on this model contracts such differences rather than amplifying
// them, so final parameters and losses agree to 1e-12 relative (observed: ~1e-14).
// The final gradient norm is compared relative to its magnitude plus the gradient
// scale at the start of training (it can end near zero, where relative error means
// nothing). firstEpochReaching and accuracy must be identical. The parallel path must
// equal the single-thread fast path bit for bit: the split never changes a number
// (both the asynchronous trainManyParallel and the blocking trainManyThreaded).

import { afterAll, describe, expect, it } from "vitest";
import { seedDataset, type Dataset } from "../src/data/dataset.js";
import { parallelTrainer, threadedTrainer, trainManyFast } from "../src/fast/many-fast.js";
import { createKernelPool } from "../src/fast/pool.js";
import { RECORD_BYTES } from "../src/fast/layout.js";
import { seededRandom } from "../src/init/random.js";
import { trainMany, type ManyResult, type Starts } from "../src/train/many.js";
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from "../src/train/train.js";

function randomStarts(S: number, seed: number, range = 20): Starts {
  const rng = seededRandom(seed);
  const w = new Float64Array(S), b = new Float64Array(S);
  for (let i = 0; i < S; i++) {
    w[i] = range * (2 * rng() - 1);
    b[i] = range * (2 * rng() - 1);
  }
  return { w, b };
}

function expectClose(fast: ManyResult, ref: ManyResult): number {
  let worst = 0;
  const S = ref.finalW.length;
  for (const k of ["finalW", "finalB", "finalLoss"] as const) {
    for (let i = 0; i < S; i++) {
      const a = fast[k][i], r = ref[k][i];
      const dev = a === r ? 0 : Math.abs(a - r) / Math.abs(r);
      if (!(dev <= 1e-12)) throw new Error(`${k}[${i}]: fast ${a} vs reference ${r}`);
      worst = Math.max(worst, dev);
    }
  }
  for (let i = 0; i < S; i++) {
    const a = fast.finalGradNorm[i], r = ref.finalGradNorm[i];
    if (!(Math.abs(a - r) <= 1e-12 * (Math.abs(r) + 1e-3))) throw new Error(`finalGradNorm[${i}]: fast ${a} vs reference ${r}`);
  }
  expect(Array.from(fast.accuracy)).toEqual(Array.from(ref.accuracy));
  expect(Array.from(fast.firstEpochReaching)).toEqual(Array.from(ref.firstEpochReaching));
  return worst;
}

function expectIdentical(a: ManyResult, b: ManyResult): void {
  for (const k of ["finalW", "finalB", "finalLoss", "finalGradNorm", "accuracy", "firstEpochReaching"] as const) {
    expect(Buffer.from(a[k].buffer, a[k].byteOffset, a[k].byteLength).equals(Buffer.from(b[k].buffer, b[k].byteOffset, b[k].byteLength))).toBe(true);
  }
}

const pool = createKernelPool({ threads: 2 });
afterAll(() => pool.close());

describe("fast many-start SGD equals trainMany", () => {
  const data = seedDataset();
  for (const loss of ["mse", "bce"] as const) {
    for (const [batchSize, shuffle] of [[2, false], [2, true], [1, false], [7, true], [40, false]] as const) {
      it(`${loss}, batch ${batchSize}${shuffle ? ", shuffled" : ""}`, async () => {
        const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, loss, batchSize, shuffle, epochs: 20 };
        const starts = randomStarts(257, batchSize * 10 + (shuffle ? 1 : 0)); // odd: a padded lane
        const rng = () => (shuffle ? seededRandom(99) : null);
        const ref = trainMany(data, starts, config, undefined, rng());
        const fast = trainManyFast(data, starts, config, undefined, rng());
        const worst = expectClose(fast, ref);
        console.log(`${loss} batch ${batchSize}${shuffle ? " shuffled" : ""}: max relative deviation ${worst.toExponential(2)}`);
        expectIdentical(await parallelTrainer({ pool, minWork: 0 })(data, starts, config, undefined, rng()), fast);
        expectIdentical(threadedTrainer({ pool, minWork: 0 })(data, starts, config, undefined, rng()), fast);
        // Without a pool, a threaded call makes and closes its own.
        expectIdentical(threadedTrainer({ threads: 2, minWork: 0 })(data, starts, config, undefined, rng()), fast);
      });
    }
  }

  it("large starts (|w|, |b| up to 1e4) and a random data set stay finite and agree", () => {
    const rng = seededRandom(3);
    const n = 101;
    const d: Dataset = { x: new Float64Array(n), y: new Float64Array(n), source: "random" };
    for (let i = 0; i < n; i++) {
      d.x[i] = 10 * (2 * rng() - 1);
      d.y[i] = rng() < 0.4 ? 1 : 0;
    }
    for (const loss of ["mse", "bce"] as const) {
      const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, loss, batchSize: 8, epochs: 5, optimizerOptions: { ...DEFAULT_TRAIN_CONFIG.optimizerOptions, lr: 0.1 } };
      const starts = randomStarts(64, 4, 1e4);
      const fast = trainManyFast(d, starts, config);
      for (const v of [...fast.finalW, ...fast.finalB, ...fast.finalLoss, ...fast.finalGradNorm]) expect(Number.isFinite(v)).toBe(true);
      expectClose(fast, trainMany(d, starts, config));
    }
  });

  it("other optimizers take the reference path", () => {
    const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, optimizer: "adam", epochs: 3 };
    const starts = randomStarts(9, 5);
    expectIdentical(trainManyFast(data, starts, config), trainMany(data, starts, config));
  });

  it("shuffled runs whose batch orders exceed maxOrderBytes train in groups of epochs, with the same numbers", () => {
    const lr = { ...DEFAULT_TRAIN_CONFIG.optimizerOptions, lr: 0.05 };
    const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, loss: "bce", shuffle: true, epochs: 7, optimizerOptions: lr };
    const starts = randomStarts(33, 6);
    const epochBytes = data.x.length * RECORD_BYTES;
    const whole = threadedTrainer({ threads: 1 })(data, starts, config, undefined, seededRandom(5));
    // Groups of 3, 3, 1 epochs; and one epoch at a time (a budget below one epoch's orders).
    for (const maxOrderBytes of [3 * epochBytes, epochBytes - 1]) {
      expectIdentical(threadedTrainer({ threads: 1, maxOrderBytes })(data, starts, config, undefined, seededRandom(5)), whole);
      expectIdentical(threadedTrainer({ pool, minWork: 0, maxOrderBytes })(data, starts, config, undefined, seededRandom(5)), whole);
    }
    // The first epoch reaching the target counts across groups (not from 0 in each).
    expect(whole.firstEpochReaching.reduce((m, e) => Math.max(m, e), -1)).toBeGreaterThan(2);
    expectClose(whole, trainMany(data, starts, config, undefined, seededRandom(5)));
  });
});
