// `init`: a network's start, drawn exactly as `train` draws it (same --init, --seed,
// --gain and data), printed as params JSON or saved with --save-params, so a run's
// start can be kept (e.g. as slice's --to for the line from the start to the end).

import { describeArchitecture } from "../../nn/architecture.js";
import { isDataName } from "../../nn/datasets.js";
import { serializeParams } from "../../formats/params-json.js";
import { paramsMeta } from "../../formats/params-meta.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { UsageError } from "../errors.js";
import { loadTableCsv } from "../io.js";
import { ACTIVATION_OPTION, DATA_SEED_OPTION, GAIN_OPTION, HIDDEN_OPTION, MODEL_DATA_OPTION, NOISE_OPTION, SAMPLES_OPTION } from "../network-options.js";
import { networkTable } from "../network-probe.js";
import { checkParamNames, networkStart, TRAIN_INIT_OPTION } from "../network-train.js";
import { checkOutFile } from "../out-path.js";
import { valueOption } from "../options.js";
import { PARAM_NAMES_OPTION, writeParamsFile } from "../params-out.js";
import { seedOption } from "../shared-options.js";
import { packageVersion } from "../version.js";

const SAVE_PARAMS_OPTION = valueOption<string | undefined>({
  name: "save-params",
  arg: "FILE",
  help: "write the start (atomically) as params JSON, or as F64 safetensors when FILE ends in .safetensors, with the architecture and version as metadata",
  default: undefined,
  defaultText: "stdout, as params JSON",
  parse: (t) => (checkOutFile(t, "--save-params"), t),
});

const SEED_OPTION = seedOption("seed of the --init draws (train's --seed: the same start)");

export const initCommand: Command = {
  name: "init",
  summary: "A network's initial parameters, drawn as train draws them, printed as params JSON or saved with --save-params.",
  options: [HIDDEN_OPTION, ACTIVATION_OPTION, MODEL_DATA_OPTION, SAMPLES_OPTION, NOISE_OPTION, DATA_SEED_OPTION, TRAIN_INIT_OPTION, SEED_OPTION, GAIN_OPTION, SAVE_PARAMS_OPTION, PARAM_NAMES_OPTION, CONFIG_OPTION],
  details: `The start is the one \`train\` begins from with the same --hidden, --activation, --data,
--init, --seed and --gain (a network's default --init is pytorch; the one-neuron model's
-5,-10), so \`init … --save-params init.json\` then \`train … --save-params final.json\` gives
both ends of a run. Without --save-params the params JSON goes to stdout. Files record the
architecture and package version as metadata (JSON "metadata", safetensors "__metadata__").

Example: loss-landscape init --hidden 8 --data moons --init he --seed 0 --save-params init.json`,
  run(values, io) {
    const dataSpec = values.get(MODEL_DATA_OPTION);
    const data = dataSpec !== undefined && !isDataName(dataSpec) ? loadTableCsv(dataSpec) : networkTable(values, dataSpec);
    const savePath = values.get(SAVE_PARAMS_OPTION);
    checkParamNames(values, savePath);
    const start = networkStart(values, values.get(TRAIN_INIT_OPTION), values.get(SEED_OPTION), data, "");
    for (let i = 0; i < start.theta.length; i++) if (!Number.isFinite(start.theta[i])) throw new UsageError("--init: the start has non-finite parameters");
    if (savePath === undefined) {
      io.out(serializeParams(start.arch, start.theta, paramsMeta(start.arch, undefined, packageVersion())));
      return 0;
    }
    writeParamsFile(savePath, start.arch, start.theta, undefined, values.get(PARAM_NAMES_OPTION));
    io.out(`${savePath}: ${describeArchitecture(start.arch)} (${start.theta.length} parameters), init ${start.described}\n`);
    return 0;
  },
};
