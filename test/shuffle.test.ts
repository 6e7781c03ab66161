// The DataLoader's shuffle: a seeded Fisher–Yates must give every permutation of the
// samples with equal probability, and a reproducible stream of them.
import { describe, expect, it } from "vitest";
import type { Dataset } from "../src/data/dataset.js";
import { seededRandom, type Random } from "../src/init/random.js";
import { epochOrder, makeDataLoader } from "../src/train/dataloader.js";

const N = 4; // 4! = 24 permutations, each expected 1000 times in 24,000 epochs
const EPOCHS = 24_000;
// The 0.999 quantile of χ² with 24 − 1 = 23 degrees of freedom (scipy.stats.chi2.ppf(0.999, 23)).
const CHI2_23_999 = 49.7282;

function permutationIndex(p: ArrayLike<number>): number {
  // Lehmer code: a bijection from permutations of 0..n−1 to 0..n!−1.
  let index = 0;
  for (let i = 0; i < p.length; i++) {
    let smaller = 0;
    for (let j = i + 1; j < p.length; j++) if (p[j] < p[i]) smaller++;
    index = index * (p.length - i) + smaller;
  }
  return index;
}

function chiSquare(draw: () => ArrayLike<number>): number {
  const counts = new Array<number>(24).fill(0);
  for (let e = 0; e < EPOCHS; e++) counts[permutationIndex(draw())]++;
  const expected = EPOCHS / 24;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

/** The order one loader epoch presents the samples in (x_i = i, one batch of all). */
function loaderOrders(rng: Random): () => number[] {
  const data: Dataset = { x: Float64Array.from({ length: N }, (_, i) => i), y: new Float64Array(N), source: "index" };
  const loader = makeDataLoader(data, N, true, rng);
  return () => Array.from([...loader.epoch()][0].x);
}

describe("shuffled DataLoader", () => {
  it("gives all 24 orders of 4 samples equally often (χ² over 24,000 epochs below the 0.999 quantile)", () => {
    const stat = chiSquare(loaderOrders(seededRandom(12345)));
    console.log(`χ² over 24 permutations, 23 df: ${stat.toFixed(2)} (0.999 quantile ${CHI2_23_999})`);
    expect(stat).toBeLessThan(CHI2_23_999);
  });

  it("the χ² test has the power to see the classic biased shuffles", () => {
    // Swapping with any position (j uniform on 0..n−1) makes n^n equally likely paths map
    // unevenly onto n! orders; j uniform on 0..i−1 (Sattolo) gives only the 6 cyclic orders.
    const biased = (pick: (i: number, r: number) => number) => {
      const rng = seededRandom(12345);
      return () => {
        const p = [0, 1, 2, 3];
        for (let i = N - 1; i > 0; i--) {
          const j = pick(i, rng());
          [p[i], p[j]] = [p[j], p[i]];
        }
        return p;
      };
    };
    expect(chiSquare(biased((_i, r) => Math.floor(r * N)))).toBeGreaterThan(CHI2_23_999);
    expect(chiSquare(biased((i, r) => Math.floor(r * i)))).toBeGreaterThan(CHI2_23_999);
  });

  it("is Durstenfeld's Fisher–Yates on the seeded stream: each epoch's order is reproducible", () => {
    const rng = seededRandom(99);
    const reference = seededRandom(99);
    for (let e = 0; e < 50; e++) {
      const p = Array.from({ length: 10 }, (_, i) => i);
      for (let i = p.length - 1; i > 0; i--) {
        const j = Math.floor(reference() * (i + 1));
        [p[i], p[j]] = [p[j], p[i]];
      }
      expect(Array.from(epochOrder(10, true, rng))).toEqual(p);
    }
    // n − 1 draws per epoch, none wasted: the streams are still in step.
    expect(rng()).toBe(reference());
  });

  it("keeps x and y paired and refills its batches every epoch", () => {
    const n = 7;
    const data: Dataset = { x: Float64Array.from({ length: n }, (_, i) => i), y: Float64Array.from({ length: n }, (_, i) => i % 2), source: "t" };
    const loader = makeDataLoader(data, 3, true, seededRandom(5));
    expect(loader.steps).toBe(3);
    const orders = new Set<string>();
    for (let e = 0; e < 20; e++) {
      const batches = [...loader.epoch()];
      expect(batches.map((b) => b.x.length)).toEqual([3, 3, 1]);
      const xs = batches.flatMap((b) => Array.from(b.x));
      for (const b of batches) for (let i = 0; i < b.x.length; i++) expect(b.y[i]).toBe(b.x[i] % 2);
      expect([...xs].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      orders.add(xs.join(","));
    }
    expect(orders.size).toBeGreaterThan(15); // 20 draws from 5040 orders
  });
});
