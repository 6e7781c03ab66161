// The `sharpness` command's own flags: the neighbourhood sizes, the solver's budget and
// the runs (--params may repeat: each file is one run in the report and the figure).

import { MAX_SUBSPACE_ENTRIES } from "../geometry/subspace.js";
import { DEFAULT_RESTARTS, DEFAULT_SHARPNESS_ITERATIONS } from "../geometry/sharpness.js";
import { UsageError } from "./errors.js";
import { intOption, listOption, numberOption, valueOption } from "./options.js";
import { quote } from "./quote.js";

export const MAX_RUNS = 16;

export const RUN_PARAMS_OPTION = listOption<string>({
  name: "params",
  arg: "FILE",
  help: "a trained point (params JSON or .safetensors); repeat to compare runs side by side",
  default: [],
  defaultText: "none: one point from --init",
  example: "bad.json",
  max: MAX_RUNS,
  parse: (t) => t,
});

export const LABEL_OPTION = listOption<string>({
  name: "label",
  arg: "NAME",
  help: "a name per --params run, in order (default: the file name without extension)",
  default: [],
  defaultText: "file names",
  example: "he",
  max: MAX_RUNS,
  parse: (t) => {
    if (t.trim() === "" || t.length > 80) throw new UsageError(`--label must be 1 to 80 characters (got ${quote(t)})`);
    return t;
  },
});

export const EPSILON_OPTION = numberOption({ name: "epsilon", help: "Keskar's ε: the box |δ_i| ≤ ε(|θ_i| + 1)", default: 1e-3, range: { gt: 0, le: 10 }, example: 5e-4 });
export const RHO_OPTION = numberOption({ name: "rho", help: "adaptive ρ: |δ_i| ≤ ρ|θ_i| (∞-norm) and ‖δ/|θ|‖₂ ≤ ρ (2-norm)", default: 0.05, range: { gt: 0, le: 10 } });
export const SIGMA_OPTION = numberOption({ name: "sigma", help: "average-case sharpness: std of the Gaussian perturbation δ ~ N(0, σ²I)", default: 0.01, range: { gt: 0, le: 100 } });
export const AVERAGE_SAMPLES_OPTION = intOption({ name: "average-samples", arg: "M", help: "Gaussian draws for average-case sharpness", default: 100, min: 2, max: 1_000_000 });
export const RESTARTS_OPTION = intOption({ name: "restarts", help: "starts of the ascent per worst-case measure (the first from the linearized maximizer)", default: DEFAULT_RESTARTS, min: 1, max: 1000 });
export const ITERATIONS_OPTION = intOption({ name: "iterations", help: "ascent steps per start at most", default: DEFAULT_SHARPNESS_ITERATIONS, min: 1, max: 100_000 });
export const SHARPNESS_PROBES_OPTION = intOption({ name: "probes", arg: "M", help: "Hutchinson probes for the trace (0: no trace)", default: 100, min: 0, max: 100_000 });

export const SUBSPACE_OPTION = valueOption<number | null>({
  name: "subspace",
  arg: "full|random:K",
  help: "Keskar sharpness in the full space or in a random K-dimensional subspace θ + A y (A Gaussian, seeded)",
  limits: `K ≥ 1, K ≤ P and P·K ≤ ${MAX_SUBSPACE_ENTRIES}`,
  default: null,
  defaultText: "full",
  example: "random:100",
  parse: (t) => {
    if (t === "full") return null;
    const m = /^random:(\d{1,9})$/.exec(t);
    if (!m || Number(m[1]) < 1) throw new UsageError(`--subspace must be full or random:K with K a whole number ≥ 1 (got ${quote(t)})`);
    return Number(m[1]);
  },
});
