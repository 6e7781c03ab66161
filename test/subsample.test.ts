// --subsample against exact references: the draw (M distinct sorted indices, fixed by the
// seed), the standard error's unbiasedness over every subset of a small population
// (enumerated: the mean of SE² equals the exact variance of the subset mean), and the
// CLI's values equal to a network pass over the recorded subset.

import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import type { Architecture } from "../src/nn/architecture.js";
import { builtinTable } from "../src/nn/datasets.js";
import { evaluateNetwork, forward } from "../src/nn/forward.js";
import { initializeNetwork } from "../src/nn/init.js";
import { drawSubsample, meanLossStandardError, subsetTable } from "../src/slices/subsample.js";
import { runCli } from "./run-cli.js";

const NET: Architecture = { inputs: 2, hidden: [3], activation: "tanh" };

describe("drawSubsample", () => {
  it("M distinct indices of 0..N−1, ascending, the same for the same seed, others for another", () => {
    const a = drawSubsample(1000, 50, 7);
    expect(a.indices).toHaveLength(50);
    expect(new Set(a.indices).size).toBe(50);
    expect(a.indices.every((v, i) => v >= 0 && v < 1000 && (i === 0 || v > a.indices[i - 1]))).toBe(true);
    expect(drawSubsample(1000, 50, 7).indices).toEqual(a.indices);
    expect(drawSubsample(1000, 50, 8).indices).not.toEqual(a.indices);
    expect(drawSubsample(5, 5, 0).indices).toEqual([0, 1, 2, 3, 4]);
    for (const m of [0, 6, 2.5]) expect(() => drawSubsample(5, m, 0)).toThrow(RangeError);
  });

  it("every index is about equally likely (uniform draw)", () => {
    const counts = new Array(10).fill(0);
    for (let s = 0; s < 2000; s++) for (const i of drawSubsample(10, 3, s).indices) counts[i]++;
    // Expected 600 each; a binomial sd of about 20.
    for (const c of counts) expect(Math.abs(c - 600)).toBeLessThan(100);
  });
});

describe("the standard error with the finite-population correction", () => {
  it("SE² averaged over all C(8,3) subsets equals the exact variance of the subset mean", () => {
    const data = builtinTable("moons", { samples: 8, noise: 0.3, dataSeed: 1 });
    const { theta } = initializeNetwork(NET, { kind: "xavier-normal" }, seededRandom(2));
    const all = forward(NET, theta, data, "mse").lossValue;
    const N = 8;
    let sumMean = 0, sumMean2 = 0, sumSe2 = 0, count = 0;
    for (let a = 0; a < N; a++)
      for (let b = a + 1; b < N; b++)
        for (let c = b + 1; c < N; c++) {
          const s = { indices: [a, b, c], of: N, seed: 0 };
          const mean = (all[a] + all[b] + all[c]) / 3;
          sumMean += mean;
          sumMean2 += mean * mean;
          sumSe2 += meanLossStandardError(NET, theta, subsetTable(data, s), "mse", N) ** 2;
          count++;
        }
    const variance = sumMean2 / count - (sumMean / count) ** 2;
    expect(count).toBe(56);
    expect(sumSe2 / count / variance).toBeCloseTo(1, 10);
    expect(meanLossStandardError(NET, theta, data, "mse", N)).toBe(0);
  });
});

describe("slice --subsample", () => {
  it("every point is the network's mean over the recorded subset; its SE by the formula", () => {
    const args = ["slice", "--hidden", "3", "--data", "moons", "--samples", "300", "--init", "xavier-normal", "--init-seed", "2", "--alpha=-1:1:3", "--beta=-1:1:2", "--subsample", "40", "--subsample-seed", "9", "--quiet"];
    const r = runCli(args);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.subsample).toMatchObject({ samples: 40, of: 300, seed: 9 });
    expect(doc.subsample.indices).toEqual(drawSubsample(300, 40, 9).indices);
    const full = builtinTable("moons", { samples: 300, noise: null, dataSeed: 0 });
    const sub = subsetTable(full, doc.subsample);
    const d1: number[] = doc.directions.d1, d2: number[] = doc.directions.d2;
    const { theta } = initializeNetwork(NET, { kind: "xavier-normal" }, seededRandom(2));
    doc.beta.forEach((b: number, i: number) =>
      doc.alpha.forEach((a: number, j: number) => {
        const p = theta.map((t, k) => t + a * d1[k] + b * d2[k]);
        expect(doc.fields.loss[i][j]).toBeCloseTo(evaluateNetwork(NET, p, sub, "mse").loss, 13);
        const l = forward(NET, p, sub, "mse").lossValue;
        const mean = l.reduce((s, v) => s + v, 0) / 40;
        const s2 = l.reduce((s, v) => s + (v - mean) ** 2, 0) / 39;
        expect(doc.fields.lossStandardError[i][j]).toBeCloseTo(Math.sqrt((s2 / 40) * (1 - 40 / 300)), 14);
      }),
    );
  });

  it("--subsample 0 and more than the data: exit 2, one line", () => {
    for (const m of ["0", "301"]) {
      const r = runCli(["slice", "--data", "moons", "--samples", "300", "--hidden", "3", "--subsample", m]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--subsample/);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});
