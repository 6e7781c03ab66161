// Options of the commands run on a model file (--model FILE.onnx): the model, its data, its
// loss, keyed parameter files. Parsing only; reading is model-io.ts's job.

import { flagOption, choiceOption, valueOption } from "../options.js";
import { MODEL_LOSSES, type ModelLossName } from "../../model/losses.js";

export const MODEL_OPTION = valueOption<string | undefined>({
  name: "model",
  arg: "FILE.onnx",
  help: "an ONNX model (torch.onnx.export; see docs/pytorch-models.md)",
  default: undefined,
  parse: (t) => t,
});

export const MODEL_DATA_FILE_OPTION = valueOption<string | undefined>({
  name: "data",
  arg: "FILE",
  help: "the data: FILE.npz with arrays X (N×…) and y, X.npy with --target y.npy, or a CSV (features, then the target column last)",
  default: undefined,
  parse: (t) => t,
});

export const TARGET_OPTION = valueOption<string | undefined>({
  name: "target",
  arg: "FILE.npy|COLUMN",
  help: "the targets y: a .npy file when --data is X.npy; with a CSV, the target column's name (several, comma-separated, for multi-output regression), every other column a feature",
  default: undefined,
  parse: (t) => t,
});

export type ModelLossChoice = ModelLossName | "auto";
export const MODEL_LOSS_OPTION = choiceOption<ModelLossChoice>({
  name: "loss",
  help: "ce (K ≥ 2 logits, integer labels), bce (one logit, 0/1 targets) or mse (regression); auto: ce for K ≥ 2 outputs, else bce for 0/1 targets, else mse",
  choices: [...MODEL_LOSSES, "auto"],
  default: "auto",
});

export const MODEL_PARAMS_OPTION = valueOption<string | undefined>({
  name: "params",
  arg: "FILE.safetensors",
  help: "parameters by name (one tensor per parameter, F32 or F64) instead of the model file's",
  default: undefined,
  defaultText: "the model's initializers",
  parse: (t) => t,
});

export const MODEL_HVP_OPTION = valueOption<string | undefined>({
  name: "hvp",
  arg: "FILE",
  help: "add H·v for the vector v in FILE (keyed safetensors, one tensor per parameter name)",
  default: undefined,
  parse: (t) => t,
});

export const NO_HESSIAN_OPTION = flagOption({ name: "no-hessian", help: "skip the dense Hessian (computed by default when P ≤ 2000)" });

/** --model, --data, --target, --loss, --params: where a model command runs. */
export const MODEL_POINT_OPTIONS = [MODEL_OPTION, MODEL_DATA_FILE_OPTION, TARGET_OPTION, MODEL_LOSS_OPTION, MODEL_PARAMS_OPTION];
