import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import type { Architecture } from "../src/nn/architecture.js";
import { builtinTable } from "../src/nn/datasets.js";
import { initializeNetwork, parseNetworkInit } from "../src/nn/init.js";
import { layerStatistics } from "../src/nn/layer-stats.js";
import type { ActivationName } from "../src/nn/activations.js";

// The published depth behaviour of the initializations (Glorot & Bengio 2010, He et al. 2015)
// on deep wide networks. A file of its own so that the mutation run (vitest.stryker.config.ts)
// can leave these 20 × 256 passes out: instrumented, they cost ~9 s each per mutant.
describe("pre-activation std through 20 layers of width 256", () => {
  const data = builtinTable("gauss", { samples: 100, noise: null, dataSeed: 0 });
  const run = (activation: ActivationName, scheme: string, seed: number): number[] => {
    const arch: Architecture = { inputs: 2, hidden: Array(20).fill(256), activation };
    const init = parseNetworkInit(scheme);
    if (typeof init === "string") throw new Error(init);
    const { theta } = initializeNetwork(arch, init, seededRandom(seed), 1, data);
    return layerStatistics(arch, theta, data, "bce").map((l) => l.preactivation.std);
  };
  it("ReLU + xavier-normal: falls by about √2 per layer, to about 2e-3 of layer 2's at layer 20", () => {
    const s = run("relu", "xavier-normal", 1);
    const ratio = s[19] / s[1];
    expect(ratio).toBeGreaterThan(5e-4);
    expect(ratio).toBeLessThan(8e-3);
    const perLayer = ratio ** (1 / 18);
    expect(perLayer).toBeGreaterThan(0.85 / Math.SQRT2);
    expect(perLayer).toBeLessThan(1.15 / Math.SQRT2);
  });
  it("ReLU + he: stays within a factor 2 of layer 2's", () => {
    const s = run("relu", "he", 1);
    for (let l = 1; l < 20; l++) {
      expect(s[l] / s[1]).toBeGreaterThan(0.5);
      expect(s[l] / s[1]).toBeLessThan(2);
    }
  });
  it("tanh + pytorch: shrinks several-fold, then the biases hold it up", () => {
    const s = run("tanh", "pytorch", 1);
    expect(s[19] / s[1]).toBeLessThan(0.25);
    // Bias std of U(±1/16) is 1/(16√3) ≈ 0.036: z = W a + b cannot fall below it.
    const biasStd = 1 / (16 * Math.sqrt(3));
    for (let l = 1; l < 20; l++) expect(s[l]).toBeGreaterThan(0.9 * biasStd);
    for (let l = 12; l < 20; l++) expect(s[l] / s[l - 1]).toBeGreaterThan(0.8);
  });
  it("tanh + xavier-normalized: stays within a factor 2 of layer 2's", () => {
    const s = run("tanh", "xavier-normalized", 1);
    for (let l = 1; l < 20; l++) {
      expect(s[l] / s[1]).toBeGreaterThan(0.5);
      expect(s[l] / s[1]).toBeLessThan(2);
    }
  });
});

