// Flags shared by `basins` and `init-study`: which losses, the training settings (as
// `train`), the accuracy target and the flat-region threshold.

import { DEFAULT_BASIN_OPTIONS, type BasinOptions } from "../basins/basin-map.js";
import { LOSS_NAMES, type LossName } from "../numerics/losses.js";
import type { TrainConfig } from "../train/train.js";
import { num, oneOf, type OptionSpec, type ParsedValues } from "./options.js";
import { trainConfigValue, TRAINING_OPTIONS } from "./training-options.js";

export type LossChoice = LossName | "all";
export const LOSS_CHOICES: readonly LossChoice[] = [...LOSS_NAMES, "all"];

export const LOSSES_OPTION: OptionSpec = { name: "loss", type: "string", arg: "mse|bce|all", help: "loss(es) to train with", defaultText: "all" };

export { TRAINING_OPTIONS };

export const OUTCOME_OPTIONS: OptionSpec[] = [
  { name: "target", type: "string", arg: "X", help: "accuracy a run must reach, in (0, 1]", defaultText: String(DEFAULT_BASIN_OPTIONS.accuracyTarget) },
  {
    name: "epsilon",
    type: "string",
    arg: "X",
    help: "flat region: a run ends flat when its final full-data |∇L| < X, X > 0",
    defaultText: String(DEFAULT_BASIN_OPTIONS.epsilon),
  },
];

export function lossesValue(values: ParsedValues): LossName[] {
  const choice = oneOf(values, "loss", LOSS_CHOICES, "all");
  return choice === "all" ? [...LOSS_NAMES] : [choice];
}

/** Training settings from the flags; `loss` is the first requested loss (callers override it). */
export function trainingValue(values: ParsedValues, losses: LossName[]): TrainConfig {
  // trainConfigValue parses --loss as one loss; ours may be "all", so hand it the first.
  return trainConfigValue({ ...values, loss: losses[0] });
}

export function outcomeValue(values: ParsedValues): BasinOptions {
  return {
    accuracyTarget: num(values, "target", DEFAULT_BASIN_OPTIONS.accuracyTarget, { gt: 0, le: 1 }),
    epsilon: num(values, "epsilon", DEFAULT_BASIN_OPTIONS.epsilon, { gt: 0 }),
  };
}
