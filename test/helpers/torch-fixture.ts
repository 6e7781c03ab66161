// The PyTorch reference for the tutorial's runs (test/fixtures/torch/): what PyTorch 1.13
// printed for seed_tutorial.py, the bad start (−5, −10) under MSE and BCELoss, in float32
// and float64, every step recorded. PyTorch cannot be installed here, so the JSON is the
// reference and the script beside it says how it was made.
import { readFileSync } from "node:fs";
import type { Dataset } from "../../src/data/dataset.js";
import type { LossName } from "../../src/numerics/losses.js";
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from "../../src/train/train.js";

export interface TorchRun {
  start: [number, number];
  loss: LossName;
  dtype: "torch.float32" | "torch.float64";
  lr: number;
  batchSize: number;
  epochs: number;
  /** Each step's mean batch loss, at the params before the step. */
  stepLosses: number[];
  /** [w, b] before the first step and after every step. */
  params: Array<[number, number]>;
  final: [number, number];
  finalFullBatchLoss: number;
  accuracy: number;
}

export interface TorchFixture {
  /** torch.arange(-2, 2, 0.1) in float32, as doubles. */
  x: number[];
  y: number[];
  runs: TorchRun[];
}

export const TORCH: TorchFixture = JSON.parse(
  readFileSync(new URL("../fixtures/torch/seed_tutorial.json", import.meta.url), "utf8"),
) as TorchFixture;

/**
 * The inputs PyTorch trained on. Its float64 runs cast the float32 arange to float64
 * (`.to(dtype)` after `torch.arange(-2, 2, 0.1)`), so these, not the decimals, are what
 * a float64 comparison must use.
 */
export function torchDataset(): Dataset {
  return { x: Float64Array.from(TORCH.x), y: Float64Array.from(TORCH.y), source: "torch" };
}

/** Our TrainConfig for a fixture run: SGD, its lr, batch size and epochs, batches in order. */
export function torchConfig(run: TorchRun): TrainConfig {
  return {
    ...DEFAULT_TRAIN_CONFIG,
    loss: run.loss,
    optimizer: "sgd",
    optimizerOptions: { ...DEFAULT_TRAIN_CONFIG.optimizerOptions, lr: run.lr },
    batchSize: run.batchSize,
    epochs: run.epochs,
    shuffle: false,
  };
}

export function torchRun(loss: LossName, dtype: TorchRun["dtype"]): TorchRun {
  const r = TORCH.runs.find((run) => run.loss === loss && run.dtype === dtype);
  if (!r) throw new Error(`no ${loss} ${dtype} run in the torch fixture`);
  return r;
}
