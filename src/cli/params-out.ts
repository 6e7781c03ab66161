// Writing a network's parameters (train --save-params, init --save-params): params JSON,
// or F64 safetensors when the path ends in .safetensors, both with the architecture,
// loss and package version as metadata so a later command can read them back.

import type { Architecture } from "../nn/architecture.js";
import { paramsMeta } from "../formats/params-meta.js";
import { paramsSpellingOf, serializeParamsFile } from "../formats/params-file.js";
import { PARAM_NAMES, type ParamNames } from "../formats/safetensors.js";
import { writeChunksAtomic } from "./io.js";
import { choiceOption } from "./options.js";
import { packageVersion } from "./version.js";

export const PARAM_NAMES_OPTION = choiceOption<ParamNames>({
  name: "param-names",
  help: "tensor names of a .safetensors --save-params: torch-sequential = an nn.Sequential of Linear and activation modules (0.weight, 0.bias, 2.weight, …, so load_state_dict works), plain = 0, 1, 2, … (reading accepts both)",
  choices: PARAM_NAMES,
  default: "torch-sequential",
});

/** The bytes of a params file for θ: safetensors by extension, else JSON; metadata in both. */
export function paramsFileBytes(path: string, arch: Architecture, theta: Float64Array, loss: string | undefined, names: ParamNames): string | Uint8Array {
  const meta = paramsMeta(arch, loss, packageVersion());
  return serializeParamsFile(arch, theta, paramsSpellingOf(path), { meta, names });
}

/** Writes θ to `path` atomically (see paramsFileBytes). */
export function writeParamsFile(path: string, arch: Architecture, theta: Float64Array, loss: string | undefined, names: ParamNames, flag = "--save-params"): void {
  writeChunksAtomic(path, [paramsFileBytes(path, arch, theta, loss, names)], flag);
}
