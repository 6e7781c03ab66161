// The two steps every program starts with, as the CLI's flags name them: a built-in data set
// as a model's data (`--data NAME --samples N --noise X --data-seed N`), and an MLP whose θ₀
// is drawn by an init scheme from a seeded stream (`--hidden … --init SCHEME --seed N`).

import { parseNetworkInit, type NetworkInit } from "../nn/init.js";
import { builtinTable, DEFAULT_DATA_OPTIONS, type DataName, type DataOptions } from "../nn/datasets.js";
import type { Architecture } from "../nn/architecture.js";
import type { Table } from "../nn/table.js";
import { mlpModel, modelDataOfTable, type MlpModel } from "../model/mlp-model.js";
import type { ModelData } from "../model/model.js";
import { seededNetworkStart } from "../train/from-init.js";

/** A built-in data set ("moons", "circles", "gauss", "xor", "spiral", "seed", …) as a model's data; options default to the flags' defaults. */
export function builtinData(name: DataName, options: Partial<DataOptions> = {}): ModelData {
  return modelDataOfTable(builtinTable(name, { ...DEFAULT_DATA_OPTIONS, ...options }));
}

export interface InitMlpOptions {
  /** The stream's seed (`--seed`). */
  seed: number;
  /** `--gain`: a number, or "auto" for the activation's recommended gain. */
  gain: number | "auto";
  /** The data the data-dependent schemes (lsuv) read. */
  data: Table | null;
}

/**
 * An MLP at θ₀ drawn by `init` (a scheme object, or its flag text: "he", "xavier-normal",
 * "normal:0.5", …) from the stream seeded by `seed`, as `--init` and `--seed` draw it.
 * Throws RangeError naming the schemes for a text that is none of them.
 */
export function initMlp(arch: Architecture, init: NetworkInit | string, options: Partial<InitMlpOptions> = {}): MlpModel {
  const scheme = typeof init === "string" ? parseNetworkInit(init) : init;
  if (typeof scheme === "string") throw new RangeError(`init: ${scheme} (got "${String(init)}")`);
  return mlpModel(arch, seededNetworkStart(arch, scheme, options.seed ?? 0, options.gain ?? 1, options.data ?? null).theta);
}
