import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { seededRandom } from "../src/init/random.js";
import { parameterCount, type Architecture } from "../src/nn/architecture.js";
import { builtinTable } from "../src/nn/datasets.js";
import { evaluateNetwork } from "../src/nn/forward.js";
import { initializeNetwork } from "../src/nn/init.js";
import { trainNetwork } from "../src/nn/train.js";
import { tableFromDataset } from "../src/nn/table.js";
import { DEFAULT_TRAIN_CONFIG, train, type TrainConfig } from "../src/train/train.js";
import type { OptimizerName } from "../src/train/optimizers.js";

const neuron: Architecture = { inputs: 1, hidden: [], activation: "tanh" };
const data = seedDataset();
const table = tableFromDataset(data);

describe("trainNetwork with no hidden layer is train()", () => {
  const configs: Array<[OptimizerName, boolean, "mse" | "bce"]> = [
    ["sgd", false, "mse"],
    ["momentum", true, "bce"],
    ["adam", true, "mse"],
    ["adam", false, "bce"],
  ];
  it.each(configs)("%s, shuffle %s, %s: every step to 1e-12", (optimizer, shuffle, loss) => {
    const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, loss, optimizer, shuffle, batchSize: 3, epochs: 7, optimizerOptions: { ...DEFAULT_TRAIN_CONFIG.optimizerOptions, lr: optimizer === "adam" ? 0.1 : 0.5 } };
    const ref = train(data, [-5, -10], config, seededRandom(4));
    const got = trainNetwork(neuron, Float64Array.of(-5, -10), table, config, seededRandom(4), { every: 1 });
    expect(got.trajectory.length).toBe(ref.w.length);
    for (let k = 0; k < ref.w.length; k++) {
      expect(Math.abs(got.trajectory[k][0] - ref.w[k])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref.w[k])));
      expect(Math.abs(got.trajectory[k][1] - ref.b[k])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref.b[k])));
    }
    for (let k = 0; k < ref.stepLosses.length; k++) expect(Math.abs(got.stepLosses[k] - ref.stepLosses[k])).toBeLessThanOrEqual(1e-12 * ref.stepLosses[k]);
    got.epochs.forEach((e, i) => expect(Math.abs(e.loss - ref.epochLosses[i])).toBeLessThanOrEqual(1e-12 * ref.epochLosses[i]));
    expect(got.accuracy).toBe(ref.accuracy);
  });
});

// PyTorch 1.13 float64 runs of the tutorial (test/fixtures/torch, from seed_tutorial.py): SGD lr 2,
// batch 2 in order, 50 epochs from (−5, −10).
describe("the torch fixture, one-neuron case", () => {
  const fixture = JSON.parse(readFileSync(new URL("./fixtures/torch/seed_tutorial.json", import.meta.url), "utf8")) as {
    x: number[];
    y: number[];
    runs: Array<{ start: number[]; loss: "mse" | "bce"; dtype: string; lr: number; batchSize: number; epochs: number; stepLosses: number[]; params: number[][]; accuracy: number }>;
  };
  const runs = fixture.runs.filter((r) => r.dtype === "torch.float64");
  it.each(runs.map((r) => [r.loss, r] as const))("%s: every step's params and batch loss", (_loss, r) => {
    const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, loss: r.loss, batchSize: r.batchSize, epochs: r.epochs, optimizerOptions: { ...DEFAULT_TRAIN_CONFIG.optimizerOptions, lr: r.lr } };
    // The fixture's own float64 inputs (torch.arange(-2, 2, 0.1)).
    const torchTable = { x: Float64Array.from(fixture.x), y: Float64Array.from(fixture.y), inputs: 1, source: "torch" };
    const got = trainNetwork(neuron, Float64Array.from(r.start), torchTable, config, null, { every: 1 });
    expect(got.trajectory.length).toBe(r.params.length);
    let worst = 0;
    r.params.forEach((p, k) => {
      worst = Math.max(worst, Math.abs(got.trajectory[k][0] - p[0]) / Math.max(1, Math.abs(p[0])), Math.abs(got.trajectory[k][1] - p[1]) / Math.max(1, Math.abs(p[1])));
    });
    expect(worst).toBeLessThan(1e-9);
    r.stepLosses.forEach((l, k) => expect(Math.abs(got.stepLosses[k] - l)).toBeLessThan(1e-9 * Math.max(1, l)));
    expect(got.accuracy).toBe(r.accuracy);
  });
});

describe("training a hidden network", () => {
  it("takes torch.optim's steps on the batch-mean gradient and keeps the trajectory every K steps", () => {
    const arch: Architecture = { inputs: 2, hidden: [6, 6], activation: "tanh" };
    const moons = builtinTable("moons", { samples: 40, noise: 0.1, dataSeed: 1 });
    const { theta } = initializeNetwork(arch, { kind: "xavier-normalized" }, seededRandom(2));
    const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, loss: "bce", optimizer: "sgd", batchSize: 8, epochs: 3, optimizerOptions: { ...DEFAULT_TRAIN_CONFIG.optimizerOptions, lr: 0.3 } };
    const r = trainNetwork(arch, theta, moons, config, null, { every: 4 });
    // 5 batches per epoch, 15 steps: kept at 0, 4, 8, 12 and the last, 15.
    expect(r.trajectorySteps).toEqual([0, 4, 8, 12, 15]);
    // Replay the first step by hand: θ₁ = θ₀ − lr ∇L(first 8 rows).
    const first = { ...moons, x: moons.x.subarray(0, 16), y: moons.y.subarray(0, 8) };
    const g = evaluateNetwork(arch, theta, first, "bce", { engine: "reference" }).grad;
    const r1 = trainNetwork(arch, theta, moons, { ...config, epochs: 1 }, null, { every: 1 });
    for (let j = 0; j < parameterCount(arch); j++) expect(r1.trajectory[1][j]).toBe(theta[j] - 0.3 * g[j]);
    expect(r.stepLosses[0]).toBe(evaluateNetwork(arch, theta, first, "bce", { engine: "reference" }).loss);
    // The full-data loss drops over training, and the last record is the final point.
    const end = evaluateNetwork(arch, r.final, moons, "bce", { engine: "reference" });
    expect(r.epochs[2]).toEqual({ epoch: 3, loss: end.loss, accuracy: end.accuracy, gradNorm: end.gradNorm });
    expect(end.loss).toBeLessThan(evaluateNetwork(arch, theta, moons, "bce").loss);
  });
  it("shuffled runs are reproducible from the seed and differ across seeds", () => {
    const arch: Architecture = { inputs: 2, hidden: [4], activation: "relu" };
    const xor = builtinTable("xor", { samples: 30, noise: null, dataSeed: 0 });
    const { theta } = initializeNetwork(arch, { kind: "he" }, seededRandom(1));
    const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, loss: "bce", optimizer: "adam", shuffle: true, batchSize: 4, epochs: 2, optimizerOptions: { ...DEFAULT_TRAIN_CONFIG.optimizerOptions, lr: 0.01 } };
    const a = trainNetwork(arch, theta, xor, config, seededRandom(5)).final;
    expect(trainNetwork(arch, theta, xor, config, seededRandom(5)).final).toEqual(a);
    expect(trainNetwork(arch, theta, xor, config, seededRandom(6)).final).not.toEqual(a);
  });
});
