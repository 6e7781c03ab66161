// The point θ the `hessian` command looks at: data (built-in or CSV), architecture, and
// θ from --params, from --at=W,B (the one-neuron model), or from --init/--seed/--gain.

import { seededNetworkStart } from "../train/from-init.js";
import { parameterCount, type Architecture } from "../nn/architecture.js";
import { describeNetworkInit } from "../nn/init.js";
import type { Table } from "../nn/table.js";
import { UsageError } from "./errors.js";
import { ACTIVATION_OPTION, DATA_SEED_OPTION, GAIN_OPTION, HIDDEN_OPTION, NET_DATA_OPTION, NOISE_OPTION, PARAMS_OPTION, SAMPLES_OPTION } from "./network-options.js";
import { PROBE_INIT_OPTION } from "./network-probe.js";
import { loadModel } from "./slice-inputs.js";
import { pair, valueOption, type Values } from "./options.js";
import { seedOption } from "./shared-options.js";

export const HESSIAN_SEED_OPTION = seedOption("seed of the --init draws and of every estimator's random vectors (Lanczos start, Rademacher probes)");

export const AT_OPTION = valueOption<[number, number] | undefined>({
  name: "at",
  arg: "W,B",
  attached: true,
  help: "the one-neuron model (no --hidden): the point (w, b) instead of --params or --init",
  limits: "two finite numbers",
  default: undefined,
  defaultText: "-5,-10 for the one-neuron model, as probe and train",
  example: "-5,-10",
  parse: (t) => pair("--at", t),
});

export const MODEL_OPTIONS = [HIDDEN_OPTION, ACTIVATION_OPTION, NET_DATA_OPTION, SAMPLES_OPTION, NOISE_OPTION, DATA_SEED_OPTION, PARAMS_OPTION, PROBE_INIT_OPTION, GAIN_OPTION, AT_OPTION, HESSIAN_SEED_OPTION];

export interface ModelPoint {
  arch: Architecture;
  theta: Float64Array;
  data: Table;
  /** Where θ came from, for the text output: "--params f.json", "--at=-5,-10", "--init he --seed 0". */
  origin: string;
}

export function loadModelPoint(values: Values, loss?: string): ModelPoint & { warnings: string[] } {
  const { data, arch, params } = loadModel(values, loss);
  const paramsPath = values.get(PARAMS_OPTION);
  const at = values.get(AT_OPTION);
  const sources = [paramsPath !== undefined && "--params", at !== undefined && "--at", values.given(PROBE_INIT_OPTION) && "--init"].filter((s) => s);
  if (sources.length > 1) throw new UsageError(`${sources.join(" and ")} exclude each other: give one start`);
  if (at !== undefined) {
    if (parameterCount(arch) !== 2) throw new UsageError(`--at=W,B is the one-neuron model's point (one input, no --hidden); this model has ${parameterCount(arch)} parameters: use --params or --init`);
    return { arch, theta: Float64Array.from(at), data, origin: `--at=${at[0]},${at[1]}`, warnings: [] };
  }
  if (paramsPath !== undefined && params) return { arch, theta: params.theta, data, origin: `--params ${paramsPath}`, warnings: params.warnings };
  // The one-neuron model starts where probe and train start it: the tutorial's (−5, −10).
  if (!values.given(PROBE_INIT_OPTION) && parameterCount(arch) === 2 && arch.inputs === 1) {
    return { arch, theta: Float64Array.of(-5, -10), data, origin: "--at=-5,-10", warnings: [] };
  }
  const init = values.get(PROBE_INIT_OPTION);
  const seed = values.get(HESSIAN_SEED_OPTION);
  const theta = seededNetworkStart(arch, init, seed, values.get(GAIN_OPTION), data).theta;
  return { arch, theta, data, origin: `--init ${describeNetworkInit(init)} --seed ${seed}`, warnings: [] };
}
