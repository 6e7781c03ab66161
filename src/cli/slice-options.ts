// The `slice` command's own options: the direction kinds, their normalization, the α/β
// axes and the outputs. Parsing only; slice-directions.ts turns them into vectors.

import type { AxisSpec } from "../numerics/grid.js";
import { BIAS_RULES, NORMALIZATIONS, type BiasRule, type Normalization } from "../slices/normalize.js";
import { UsageError } from "./errors.js";
import { checkChoice, checkNumber, choiceOption, flagOption, intOption, listOption, valueOption } from "./options.js";
import { FIT_MARGIN } from "../slices/fit-window.js";
import { axisSpecOption } from "./shared-options.js";
import { checkOutFile } from "./out-path.js";
import { quote } from "./quote.js";
import { nearest } from "./suggest.js";
import { existsSync } from "node:fs";

export type DirectionKind = "random" | "files" | "pca" | "interp" | "eigen" | "axes";

export type DirectionSpec =
  | { kind: "random" | "pca" | "interp" | "eigen" }
  | { kind: "files"; files: string[] }
  | { kind: "axes"; names: string[] };

const KEYWORDS = ["random", "pca", "interp", "eigen"] as const;

/** random | pca | interp | eigen | axes:P1,P2 | FILE1,FILE2 (one FILE or one axis for --dims 1). */
export function parseDirections(t: string): DirectionSpec {
  const text = t.trim();
  if ((KEYWORDS as readonly string[]).includes(text)) return { kind: text as (typeof KEYWORDS)[number] };
  if (text.startsWith("axes:")) {
    const names = text.slice(5).split(/,(?![^[]*\])/).map((s) => s.trim());
    if (names.length > 2 || names.some((n) => n === "")) {
      throw new UsageError(`--directions axes: takes one or two parameter names, e.g. axes:w,b or axes:layers.0.weight[0,1],layers.1.bias[0] (got ${quote(t)})`);
    }
    return { kind: "axes", names };
  }
  const files = text.split(",");
  if (text === "" || files.length > 2 || files.some((f) => f === "")) {
    throw new UsageError(`--directions must be random, pca, interp, eigen, axes:P1,P2 or FILE1,FILE2 (got ${quote(t)})`);
  }
  // A word that is no file is a mistyped kind (pcaa, randon) or a missing file: say which.
  for (const f of files) {
    if (existsSync(f)) continue;
    const near = files.length === 1 ? nearest(f, [...KEYWORDS, "axes"]) : undefined;
    if (near !== undefined) throw new UsageError(`--directions: unknown kind ${quote(f)}; did you mean ${near === "axes" ? "axes:P1,P2" : near}?`);
    throw new UsageError(`--directions: no file ${quote(f)} (kinds: random, pca, interp, eigen, axes:P1,P2; or FILE1,FILE2 in the params format)`);
  }
  return { kind: "files", files };
}

export const DIRECTIONS_OPTION = valueOption<DirectionSpec>({
  name: "directions",
  arg: "KIND",
  help: "random (seeded Gaussian), FILE1,FILE2 (params-format files), pca (of --trajectory), interp (toward --to), eigen (top Hessian eigenvectors at the center) or axes:P1,P2 (two named parameters, e.g. axes:w,b or axes:layers.0.weight[0,1],layers.1.bias[0])",
  default: { kind: "random" },
  defaultText: "random; axes:w,b for the one-neuron model",
  example: "pca",
  parse: parseDirections,
});

export const NORMALIZE_OPTION = choiceOption<Normalization>({
  name: "normalize",
  help: "rescaling of random and file directions (Li et al. 2018): filter = each weight row to θ*'s row norm, layer = each weight matrix, model = all weights, none; other kinds keep their own scale",
  choices: NORMALIZATIONS,
  default: "filter",
});

export const BIAS_OPTION = choiceOption<BiasRule>({
  name: "bias-directions",
  help: "bias entries of random and file directions (zero, or keep = θ*'s biases, Li et al.'s code default); for pca, zero leaves biases out of the PCA",
  choices: BIAS_RULES,
  default: "zero",
});

const AXIS_DEFAULT: AxisSpec = { min: -1, max: 1, count: 51 };

export const ALPHA_OPTION = axisSpecOption("alpha", "α axis (along d1): N points from MIN to MAX, both included", AXIS_DEFAULT);
export const BETA_OPTION = axisSpecOption("beta", "β axis (along d2): N points from MIN to MAX, both included", AXIS_DEFAULT);

export type Fit = "path" | "none";
export const FIT_OPTION = valueOption<Fit | undefined>({
  name: "fit",
  arg: "path|none",
  help: `path = the α/β window covers the projected --trajectory and the center with a ${FIT_MARGIN * 100}% margin on each side (axes given by --alpha/--beta keep their range); none = --alpha/--beta as given`,
  default: undefined,
  defaultText: "path for pca directions, else none",
  example: "path",
  parse: (t) => checkChoice("--fit", t.trim(), ["path", "none"] as const),
});

export type Dims = 1 | 2;
export const DIMS_OPTION = valueOption<Dims | undefined>({
  name: "dims",
  arg: "1|2",
  help: "2 = the plane θ* + α·d1 + β·d2; 1 = the line θ* + α·d1 (--beta unused)",
  default: undefined,
  defaultText: "2; 1 for interp with one --to",
  example: "1",
  parse: (t) => {
    if (t.trim() === "1") return 1;
    if (t.trim() === "2") return 2;
    throw new UsageError(`--dims must be 1 or 2 (got ${quote(t)})`);
  },
});

export const TRAJECTORY_OPTION = valueOption<string | undefined>({
  name: "trajectory",
  arg: "FILE",
  help: 'saved trajectory (JSON {"every":K,"steps":[…],"points":[[θ…],…]} or CSV of flat vectors, one per line): the pca directions, and projected onto the slice',
  default: undefined,
  defaultText: "none",
  parse: (t) => t,
});

export const TO_OPTION = listOption<string>({
  name: "to",
  arg: "FILE",
  help: "interp's end point (params format); twice = the plane through the center and both points",
  default: [],
  defaultText: "none",
  example: "final.json",
  max: 2,
  parse: (t) => t,
});

export const SVG_OPTION = valueOption<string | undefined>({
  name: "svg",
  arg: "FILE",
  help: "also draw the slice: a 2-D heatmap with the projected trajectory, or for --dims 1 loss and accuracy along the line",
  default: undefined,
  parse: (t) => (checkOutFile(t, "--svg"), t),
});

export const EPSILON_OPTION = valueOption<number | "auto">({
  name: "epsilon",
  arg: "auto|X",
  help: "the figure's flat region ‖∇L‖ < ε; auto = D / (lr·T) as the landscape figures (D the farthest corner's distance from θ*, lr and T train's defaults)",
  limits: "auto or a finite number > 0",
  default: "auto",
  defaultText: "auto",
  example: "1e-3",
  parse: (t) => (t === "auto" ? "auto" : checkNumber("--epsilon", t, { gt: 0 })),
});

export const VTP_LOG_OPTION = flagOption({ name: "vtp-log", help: "with --format vtp: z = ln(loss + 0.1), as Li et al.'s h52vtp.py --log" });

export const BATCH_EVAL_OPTION = valueOption<number | undefined>({
  name: "batch-eval",
  arg: "B",
  help: "stream the data through the model B samples at a time: each thread holds B samples' activations instead of all of them (bounded memory for large data); every sum runs on across batches in sample order, so the values are bit-identical",
  limits: "a whole number ≥ 1",
  default: undefined,
  defaultText: "all samples at once",
  example: "4096",
  parse: (t) => {
    const v = checkNumber("--batch-eval", t, { ge: 1 });
    if (!Number.isSafeInteger(v)) throw new UsageError(`--batch-eval must be a whole number ≥ 1 (got ${quote(t)})`);
    return v;
  },
});

export const SUBSAMPLE_OPTION = valueOption<number | undefined>({
  name: "subsample",
  arg: "M",
  help: "evaluate every point on the same fixed random M of the data's samples (drawn without replacement by --subsample-seed); adds each point's standard error of the mean loss (with the finite-population correction) and records the subset",
  limits: "a whole number from 1 to the data's samples",
  default: undefined,
  defaultText: "all samples",
  example: "1000",
  parse: (t) => {
    const v = checkNumber("--subsample", t, { ge: 1 });
    if (!Number.isSafeInteger(v)) throw new UsageError(`--subsample must be a whole number ≥ 1 (got ${quote(t)})`);
    return v;
  },
});

export const SUBSAMPLE_SEED_OPTION = intOption({ name: "subsample-seed", help: "seed of --subsample's draw", default: 0, min: 0 });
