// The training flags (as `train` defines them) and --init, shared by train, landscape,
// basins and init-study so every command parses them the same way.

import { INIT_SCHEMES, parseInit, type InitSpec } from "../init/initializers.js";
import type { LossName } from "../numerics/losses.js";
import { DEFAULT_OPTIMIZER_OPTIONS, OPTIMIZER_NAMES, type OptimizerName } from "../train/optimizers.js";
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from "../train/train.js";
import { trainConfigOf, type TrainingOptions } from "../api/training-options.js";
import { UsageError } from "./errors.js";
import { choiceOption, flagOption, intOption, numberOption, valueOption, type Option, type Values } from "./options.js";
import { quote } from "./quote.js";

/** Epochs accepted by `train`; figure commands, which keep every step, cap lower. */
export const MAX_EPOCHS = 1_000_000;

/** A start: W,B or a scheme name. */
export function initOption(name: string, help: string, fallback: InitSpec = { kind: "fixed", w: -5, b: -10 }): Option<InitSpec> {
  return valueOption({
    name,
    arg: "SPEC",
    attached: true,
    help,
    limits: `W,B (finite numbers) or ${INIT_SCHEMES.join(", ")}`,
    default: fallback,
    defaultText: fallback.kind === "fixed" ? `${fallback.w},${fallback.b}` : fallback.kind,
    parse: (t) => parseStart(`--${name}`, t),
  });
}

export function parseStart(label: string, t: string): InitSpec {
  const spec = parseInit(t);
  if (!spec) throw new UsageError(`${label} must be W,B with finite numbers or one of ${INIT_SCHEMES.join(", ")} (got ${quote(t)})`);
  return spec;
}

export const INIT_OPTION = initOption("init", "start: a fixed point or an init scheme (see docs/networks.md, Initializers)");

export const LR_OPTION = numberOption({ name: "lr", help: "learning rate", default: DEFAULT_OPTIMIZER_OPTIONS.lr, range: { gt: 0 } });
export const BATCH_SIZE_OPTION = intOption({ name: "batch-size", help: "mini-batch size", default: DEFAULT_TRAIN_CONFIG.batchSize, min: 1 });
export function epochsOption(max: number): Option<number> {
  return intOption({ name: "epochs", help: "epochs", default: DEFAULT_TRAIN_CONFIG.epochs, min: 1, max });
}
export const EPOCHS_OPTION = epochsOption(MAX_EPOCHS);
export const SHUFFLE_OPTION = flagOption({ name: "shuffle", help: "reshuffle the samples every epoch (seeded)" });
export const OPTIMIZER_OPTION = choiceOption<OptimizerName>({
  name: "optimizer",
  help: "update rule, as torch.optim",
  choices: OPTIMIZER_NAMES,
  default: DEFAULT_TRAIN_CONFIG.optimizer,
});
export const MOMENTUM_OPTION = numberOption({
  name: "momentum",
  help: "momentum coefficient, only with --optimizer momentum",
  default: DEFAULT_OPTIMIZER_OPTIONS.momentum,
  range: { ge: 0, lt: 1 },
});

/** The training flags, with a command's own epochs limit. */
export function trainingOptions(epochs: Option<number> = EPOCHS_OPTION): Option<unknown>[] {
  return [LR_OPTION, BATCH_SIZE_OPTION, epochs, SHUFFLE_OPTION, OPTIMIZER_OPTION, MOMENTUM_OPTION];
}

/** The training flags, checked, as the library's training options. */
export function trainingValue(values: Values, epochs: Option<number> = EPOCHS_OPTION): TrainingOptions {
  const optimizer = values.get(OPTIMIZER_OPTION);
  if (values.given(MOMENTUM_OPTION) && optimizer !== "momentum") {
    throw new UsageError(`--momentum applies only with --optimizer momentum (got --optimizer ${optimizer})`);
  }
  return {
    lr: values.get(LR_OPTION),
    batchSize: values.get(BATCH_SIZE_OPTION),
    epochs: values.get(epochs),
    shuffle: values.get(SHUFFLE_OPTION),
    optimizer,
    momentum: values.get(MOMENTUM_OPTION),
  };
}

/** The training flags as a checked TrainConfig. */
export function trainConfigValue(values: Values, loss: LossName, epochs: Option<number> = EPOCHS_OPTION): TrainConfig {
  return trainConfigOf(trainingValue(values, epochs), loss);
}
