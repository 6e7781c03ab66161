// Options several commands share, defined once.

import { LOSS_NAMES, type LossName } from "../numerics/losses.js";
import { oneOf, type OptionSpec, type ParsedValues } from "./options.js";

export const LOSS_OPTION: OptionSpec = { name: "loss", type: "string", arg: "mse|bce", help: "loss function", defaultText: "mse" };
export const DATA_OPTION: OptionSpec = {
  name: "data",
  type: "string",
  arg: "FILE",
  help: "CSV with header x,y and y in {0,1}",
  defaultText: "the seed data set (40 points)",
};
export const JSON_OPTION: OptionSpec = { name: "json", type: "boolean", help: "print one JSON object instead of text" };

export function lossValue(values: ParsedValues): LossName {
  return oneOf(values, "loss", LOSS_NAMES, "mse");
}
