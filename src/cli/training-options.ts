// The training flags (as `train` defines them) and --init, shared by train, landscape,
// basins and init-study so every command parses them the same way.

import { parseInit, type InitSpec } from "../init/initializers.js";
import { DEFAULT_OPTIMIZER_OPTIONS, OPTIMIZER_NAMES } from "../train/optimizers.js";
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from "../train/train.js";
import { UsageError } from "./errors.js";
import { flag, int, num, oneOf, str, type OptionSpec, type ParsedValues } from "./options.js";
import { lossValue } from "./shared-options.js";

export const INIT_HELP = "start: W,B (e.g. --init=-5,-10) or pytorch, xavier, xavier-normalized, he";
export const DEFAULT_INIT = "-5,-10";

/** Epochs accepted by `train`; figure commands, which keep every step, cap lower. */
export const MAX_EPOCHS = 1_000_000;

export const TRAINING_OPTIONS: OptionSpec[] = [
  { name: "lr", type: "string", arg: "X", help: "learning rate, > 0", defaultText: "2" },
  { name: "batch-size", type: "string", arg: "N", help: "mini-batch size, whole number ≥ 1", defaultText: "2" },
  { name: "epochs", type: "string", arg: "N", help: "epochs, whole number ≥ 1", defaultText: "50" },
  { name: "shuffle", type: "boolean", help: "reshuffle the samples every epoch (seeded)" },
  { name: "optimizer", type: "string", arg: "sgd|momentum|adam", help: "update rule, as torch.optim", defaultText: "sgd" },
  { name: "momentum", type: "string", arg: "X", help: "momentum coefficient for --optimizer momentum, in [0, 1)", defaultText: "0.9" },
];

export function initValue(values: ParsedValues, name = "init"): InitSpec {
  const text = str(values, name) ?? DEFAULT_INIT;
  const spec = parseInit(text);
  if (!spec) {
    throw new UsageError(`--${name} must be W,B with finite numbers or one of pytorch, xavier, xavier-normalized, he (got "${text}")`);
  }
  return spec;
}

/** The training flags as a checked TrainConfig (--loss included). */
export function trainConfigValue(values: ParsedValues): TrainConfig {
  return {
    loss: lossValue(values),
    optimizer: oneOf(values, "optimizer", OPTIMIZER_NAMES, DEFAULT_TRAIN_CONFIG.optimizer),
    optimizerOptions: {
      ...DEFAULT_OPTIMIZER_OPTIONS,
      lr: num(values, "lr", DEFAULT_OPTIMIZER_OPTIONS.lr, { gt: 0 }),
      momentum: num(values, "momentum", DEFAULT_OPTIMIZER_OPTIONS.momentum, { ge: 0, lt: 1 }),
    },
    batchSize: int(values, "batch-size", DEFAULT_TRAIN_CONFIG.batchSize, 1),
    epochs: int(values, "epochs", DEFAULT_TRAIN_CONFIG.epochs, 1, MAX_EPOCHS),
    shuffle: flag(values, "shuffle"),
  };
}
