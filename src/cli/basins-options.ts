// Flags shared by `basins` and `init-study`: the accuracy target and the flat-region
// threshold of a run's outcome.

import { DEFAULT_BASIN_OPTIONS, type BasinOptions } from "../basins/basin-map.js";
import { numberOption, type Values } from "./options.js";

export const TARGET_OPTION = numberOption({
  name: "target",
  help: "accuracy a run must reach",
  default: DEFAULT_BASIN_OPTIONS.accuracyTarget,
  range: { gt: 0, le: 1 },
});

export const FLAT_EPSILON_OPTION = numberOption({
  name: "epsilon",
  help: "flat region: a run ends flat when its final full-data |∇L| < X",
  default: DEFAULT_BASIN_OPTIONS.epsilon,
  range: { gt: 0 },
});

export const OUTCOME_OPTIONS = [TARGET_OPTION, FLAT_EPSILON_OPTION];

export function outcomeValue(values: Values): BasinOptions {
  return { accuracyTarget: values.get(TARGET_OPTION), epsilon: values.get(FLAT_EPSILON_OPTION) };
}
