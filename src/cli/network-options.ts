// Options of the commands that take a network: architecture, built-in or CSV data, init or
// params file. Parsing only; reading files is network-io.ts's job.

import { ACTIVATION_NAMES, type ActivationName } from "../nn/activations.js";
import { parseHidden } from "../nn/architecture.js";
import { DATA_NAMES, DEFAULT_SAMPLES, MAX_SAMPLES } from "../nn/datasets.js";
import { NETWORK_SCHEMES, parseNetworkInit, type Gain, type NetworkInit } from "../nn/init.js";
import { parseFiniteNumber } from "../util/number.js";
import { UsageError } from "./errors.js";
import { checkNumber, choiceOption, intOption, listOption, valueOption, type Values } from "./options.js";
import { quote } from "./quote.js";

/** A library parser's result, or its error message as a one-line usage error naming the flag. */
export function orUsage<T>(flag: string, text: string, r: T | string): T {
  if (typeof r === "string") throw new UsageError(`${flag}: ${r} (got ${quote(text)})`);
  return r;
}

export const HIDDEN_OPTION = valueOption<number[]>({
  name: "hidden",
  arg: "LIST",
  help: "hidden layer widths, e.g. 8, 16,16,16 or 256x20 (20 layers of 256); none = the one-neuron model",
  limits: "widths 1…65536, at most 1000 layers, at most 5,000,000 parameters",
  default: [],
  defaultText: "none",
  example: "16,16",
  // "none" is the default spelled out: no hidden layer, the one-neuron model.
  parse: (t) => (t.trim() === "none" ? [] : orUsage("--hidden", t, parseHidden(t))),
});

export const ACTIVATION_OPTION = choiceOption<ActivationName>({ name: "activation", help: "activation of the hidden layers", choices: ACTIVATION_NAMES, default: "tanh" });

export const NET_DATA_OPTION = valueOption<string>({
  name: "data",
  arg: "NAME|FILE",
  help: `built-in data set (${DATA_NAMES.join(", ")}) or a CSV with header x1,…,xd,y (or x,y)`,
  default: "seed",
  defaultText: "seed",
  parse: (t) => t,
});

/** --data of the commands that run the one neuron or a network (train, probe, gradcheck). */
export const MODEL_DATA_OPTION = valueOption<string | undefined>({
  name: "data",
  arg: "FILE",
  help: `CSV with header x,y (x1,…,xd,y for a network) and y in {0,1}, or a built-in set: ${DATA_NAMES.join(", ")}`,
  default: undefined,
  defaultText: "the seed data set, 40 points",
  parse: (t) => t,
});

export const SAMPLES_OPTION = intOption({ name: "samples", help: "samples of a built-in 2-D data set", default: DEFAULT_SAMPLES, min: 2, max: MAX_SAMPLES });

export const NOISE_OPTION = valueOption<number | null>({
  name: "noise",
  arg: "X",
  help: "Gaussian noise std of a built-in data set (default 0.1; for gauss the blob std, default 1)",
  limits: "a finite number ≥ 0",
  default: null,
  example: "0.2",
  parse: (t) => checkNumber("--noise", t, { ge: 0 }),
});

export const DATA_SEED_OPTION = intOption({ name: "data-seed", help: "seed of a built-in data set", default: 0, min: 0 });

export const NET_INIT_OPTION = listOption<NetworkInit>({
  name: "init",
  arg: "SCHEME",
  help: `init scheme(s) to compare: ${NETWORK_SCHEMES.join(", ")}, normal:S, uniform:A, constant:C`,
  default: [{ kind: "pytorch" }],
  defaultText: "pytorch",
  example: "he",
  max: 16,
  parse: (t) => orUsage("--init", t, parseNetworkInit(t)),
});

export const GAIN_OPTION = valueOption<Gain>({
  name: "gain",
  arg: "auto|X",
  help: "gain of xavier*, lecun and orthogonal (auto: torch.nn.init.calculate_gain of the activation)",
  limits: "auto or a finite number > 0",
  default: 1,
  defaultText: "1",
  example: "auto",
  parse: (t) => {
    if (t === "auto") return "auto";
    const v = parseFiniteNumber(t);
    if (v === null || !(v > 0)) throw new UsageError(`--gain must be auto or a finite number > 0 (got ${quote(t)})`);
    return v;
  },
});

export const PARAMS_OPTION = valueOption<string | undefined>({
  name: "params",
  arg: "FILE",
  help: 'parameters instead of an init: JSON {"layers":[{"weight":[[…]],"bias":[…]}, …]} or .safetensors (F32/F64)',
  default: undefined,
  defaultText: "none",
  parse: (t) => t,
});

/**
 * How a --params file is fitted to this run: the widths and activation as given (null when
 * not given: the file's), and the loss, for the metadata check.
 */
export function paramsRun(values: Values, loss?: string): { hidden: readonly number[] | null; activation: ActivationName | null; defaultActivation: ActivationName; loss?: string } {
  return {
    hidden: values.given(HIDDEN_OPTION) ? values.get(HIDDEN_OPTION) : null,
    activation: values.given(ACTIVATION_OPTION) ? values.get(ACTIVATION_OPTION) : null,
    defaultActivation: values.get(ACTIVATION_OPTION),
    loss,
  };
}
