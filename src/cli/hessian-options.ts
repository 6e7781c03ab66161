// The `hessian` command's own options: what to estimate (--top, --bottom, --trace,
// --density, --per-layer) and how (probes, Lanczos steps, grid), and its outputs.

import { DEFAULT_DENSITY_OPTIONS } from "../curvature/slq.js";
import { SPECTRUM_AXES, type SpectrumAxis } from "../render/figures/spectrum-scale.js";
import { checkOutFile } from "./out-path.js";
import { checkInt, choiceOption, flagOption, intOption, numberOption, valueOption, type Option } from "./options.js";

/** Most Hutchinson or SLQ probes, Lanczos steps per SLQ probe and density grid points. */
export const MAX_PROBES = 100_000;
export const MAX_DENSITY_STEPS = 10_000;
export const MAX_BINS = 100_000;
/** What --svg asks for when --top is not given. */
export const SVG_TOP = 5;

/** A count of eigenvalues: 1 … P, checked against P once the model is known. */
function countOption(name: string, help: string): Option<number> {
  return valueOption({ name, arg: "K", help, limits: "whole number from 1 to P (the parameter count)", default: 0, defaultText: "none", example: "5", parse: (t) => checkInt(`--${name}`, t, 1) });
}

export const TOP_OPTION = countOption("top", "the K largest eigenvalues by Lanczos with full reorthogonalization");
export const BOTTOM_OPTION = countOption("bottom", "the K smallest eigenvalues (the same Lanczos run)");
export const EIGENVECTORS_OPTION = flagOption({ name: "eigenvectors", help: "with --top/--bottom: also print the unit eigenvectors (flat, params order; largest entry positive)" });
export const TRACE_OPTION = flagOption({ name: "trace", help: "estimate the trace by Hutchinson's method with seeded Rademacher probes" });
export const PROBES_OPTION = intOption({ name: "probes", arg: "M", help: "Hutchinson probes for --trace", default: 100, min: 2, max: MAX_PROBES });
export const DENSITY_OPTION = flagOption({ name: "density", help: "estimate the eigenvalue density by stochastic Lanczos quadrature (SLQ)" });
export const DENSITY_PROBES_OPTION = intOption({ name: "density-probes", arg: "M", help: "SLQ probe vectors (normalized Rademacher)", default: 4, min: 1, max: MAX_PROBES });
export const STEPS_OPTION = intOption({ name: "steps", help: "Lanczos steps per SLQ probe (nodes per probe; capped at P)", default: DEFAULT_DENSITY_OPTIONS.steps, min: 1, max: MAX_DENSITY_STEPS });
export const BINS_OPTION = intOption({ name: "bins", help: "points of the smoothed density's grid", default: 2000, min: 2, max: MAX_BINS });
export const SIGMA2_OPTION = numberOption({ name: "sigma2", help: "relative variance σ² of the Gaussian smoothing: variance = σ²·max(1, grid range), as PyHessian", default: DEFAULT_DENSITY_OPTIONS.sigma2, range: { gt: 0, le: 1 } });
export const PER_LAYER_OPTION = flagOption({ name: "per-layer", help: "each layer's diagonal block (its weight and bias; a model's parameter tensors): top eigenvalue, and with --trace its trace, with --density its SLQ density" });
export const HUTCHPP_OPTION = flagOption({ name: "hutchpp", help: "with --trace: also Hutch++ (Meyer et al. 2021) with the same number of products" });
export const TRACE_REPEATS_OPTION = intOption({ name: "trace-repeats", arg: "R", help: "with --trace: repeat the trace estimators over seeds seed … seed + R − 1; their spread is the error bar", default: 1, min: 1, max: 10_000 });
export const MATRIX_OPTION = choiceOption<"hessian" | "ggn">({ name: "matrix", help: "the curvature matrix: the Hessian, or the generalized Gauss–Newton matrix Jᵀ H_out J (eigenvalues ≥ 0; MLPs)", choices: ["hessian", "ggn"], default: "hessian" });
export const NO_EXACT_OPTION = flagOption({ name: "no-exact", help: "skip the dense exact values (computed by default when P ≤ 2000)" });
export const SVG_OPTION = valueOption<string | undefined>({
  name: "svg",
  arg: "FILE",
  help: `also draw spectrum.svg to FILE (atomically); implies --density, and --top ${SVG_TOP} (at most P) unless --top is given`,
  default: undefined,
  parse: (t) => (checkOutFile(t, "--svg"), t),
});
export const AXIS_OPTION = choiceOption<SpectrumAxis>({ name: "axis", help: "eigenvalue axis of --svg", choices: SPECTRUM_AXES, default: "symlog" });

export const HESSIAN_ESTIMATE_OPTIONS: Option<unknown>[] = [
  TOP_OPTION, BOTTOM_OPTION, EIGENVECTORS_OPTION, TRACE_OPTION, PROBES_OPTION, DENSITY_OPTION, DENSITY_PROBES_OPTION,
  STEPS_OPTION, BINS_OPTION, SIGMA2_OPTION, PER_LAYER_OPTION, HUTCHPP_OPTION, TRACE_REPEATS_OPTION, NO_EXACT_OPTION,
];
