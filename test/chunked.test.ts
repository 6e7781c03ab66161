// chunkedTrainer: training the starts in chunks must give trainMany's result array for
// array (each start's run is independent of the others), with progress after each chunk.
import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { seededRandom } from "../src/init/random.js";
import { chunkedTrainer } from "../src/train/chunked.js";
import { trainMany } from "../src/train/many.js";
import { DEFAULT_TRAIN_CONFIG } from "../src/train/train.js";

const data = seedDataset();
const config = { ...DEFAULT_TRAIN_CONFIG, loss: "bce" as const, epochs: 3 };
const starts = { w: Float64Array.from({ length: 7 }, (_, i) => i - 3), b: Float64Array.from({ length: 7 }, (_, i) => 2 - i) };
const KEYS = ["finalW", "finalB", "finalLoss", "finalGradNorm", "accuracy", "firstEpochReaching"] as const;

describe("chunkedTrainer", () => {
  it("gives trainMany's result for every start, reporting progress after each chunk of 3", () => {
    const progress: Array<[number, number]> = [];
    const calls: number[] = [];
    const counting: typeof trainMany = (d, s, c, o, r) => (calls.push(s.w.length), trainMany(d, s, c, o, r));
    const r = chunkedTrainer(counting, 3, (done, total) => progress.push([done, total]))(data, starts, config, { accuracyTarget: 0.95 }, null);
    const ref = trainMany(data, starts, config);
    for (const k of KEYS) expect(Array.from(r[k]), k).toEqual(Array.from(ref[k]));
    expect(r.firstEpochReaching).toBeInstanceOf(Int32Array);
    expect(calls).toEqual([3, 3, 1]);
    expect(progress).toEqual([[0, 7], [3, 7], [6, 7], [7, 7]]);
  });

  it("trains in one call when the starts fit one chunk, or when shuffled batches tie the starts together", () => {
    for (const [chunk, cfg, rng] of [[7, config, null], [2, { ...config, shuffle: true }, seededRandom(4)]] as const) {
      const calls: number[] = [];
      const progress: Array<[number, number]> = [];
      const counting: typeof trainMany = (d, s, c, o, r) => (calls.push(s.w.length), trainMany(d, s, c, o, r));
      const r = chunkedTrainer(counting, chunk, (done, total) => progress.push([done, total]))(data, starts, cfg, { accuracyTarget: 0.95 }, rng);
      const ref = trainMany(data, starts, cfg, { accuracyTarget: 0.95 }, cfg.shuffle ? seededRandom(4) : null);
      for (const k of KEYS) expect(Array.from(r[k]), k).toEqual(Array.from(ref[k]));
      expect(calls).toEqual([7]);
      expect(progress).toEqual([[0, 7], [7, 7]]);
    }
  });

  it("refuses a chunk that is not a whole number ≥ 1", () => {
    for (const chunk of [0, -1, 1.5, NaN]) expect(() => chunkedTrainer(trainMany, chunk, () => {})).toThrow(/^chunkedTrainer: chunk must be a whole number ≥ 1/);
  });
});
