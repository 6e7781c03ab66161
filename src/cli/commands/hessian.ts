// `hessian`: the curvature of a network's loss at one point: extreme eigenvalues by
// Lanczos, the trace by Hutchinson, the eigenvalue density by stochastic Lanczos
// quadrature, per-layer block eigenvalues, and the dense exact values beside them for
// P ≤ 2000. Optionally draws spectrum.svg.

import { MAX_BASIS_ENTRIES } from "../../curvature/lanczos.js";
import type { HessianRequest } from "../../curvature/report.js";
import { layerBlocks } from "../../curvature/operator.js";
import { MAX_DENSE_HESSIAN_PARAMS } from "../../nn/hessian.js";
import { hessianAnalysis, type HessianOptions } from "../../api/hessian.js";
import { mlpModel, modelDataOfTable } from "../../model/mlp-model.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { UsageError } from "../errors.js";
import { requireFinite } from "../finite.js";
import { hessianCost } from "../../estimate/hessian-cost.js";
import { networkMemory } from "../../estimate/cost.js";
import { hessianJson, hessianText } from "../hessian-format.js";
import { HESSIAN_SEED_OPTION, loadModelPoint, MODEL_OPTIONS } from "../hessian-model.js";
import {
  AXIS_OPTION, BINS_OPTION, BOTTOM_OPTION, DENSITY_OPTION, DENSITY_PROBES_OPTION, EIGENVECTORS_OPTION, HESSIAN_ESTIMATE_OPTIONS, NO_EXACT_OPTION,
  HUTCHPP_OPTION, MATRIX_OPTION, PER_LAYER_OPTION, PROBES_OPTION, TRACE_REPEATS_OPTION, SIGMA2_OPTION, STEPS_OPTION, SVG_OPTION, SVG_TOP, TOP_OPTION, TRACE_OPTION,
} from "../hessian-options.js";
import { hessianSvg } from "../hessian-svg.js";
import { checkDistinctOutputs, writeOutputSet } from "../output-set.js";
import { printWarnings } from "../network-io.js";
import type { Values } from "../options.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { JSON_OPTION, LOSS_OPTION, OUT_FILE_OPTION } from "../shared-options.js";
import { DEFAULT_DENSITY_OPTIONS } from "../../curvature/slq.js";

/** The request as the library's options (the flags' values after request()'s checks). */
export function requestOptions(req: HessianRequest): Partial<HessianOptions> {
  return {
    top: req.top,
    bottom: req.bottom,
    eigenvectors: req.vectors,
    trace: req.traceProbes > 0,
    ...(req.traceProbes > 0 ? { probes: req.traceProbes } : {}),
    hutchpp: req.hutchpp ?? false,
    traceRepeats: req.traceRepeats ?? 1,
    density: req.density !== null,
    ...(req.density ? { densityProbes: req.density.probes, steps: req.density.steps, bins: req.density.bins, sigma2: req.density.sigma2 } : {}),
    perLayer: req.perLayer,
    noExact: !req.exact,
    seed: req.seed,
  };
}

/** The estimates asked for, checked against P (the parameter count). */
export function request(values: Values, P: number, seed: number): HessianRequest {
  const svg = values.get(SVG_OPTION) !== undefined;
  const given = [TOP_OPTION, BOTTOM_OPTION, TRACE_OPTION, DENSITY_OPTION, PER_LAYER_OPTION].some((o) => values.given(o));
  const top = values.given(TOP_OPTION) ? values.get(TOP_OPTION) : svg ? Math.min(SVG_TOP, P) : given ? 0 : 1;
  const bottom = values.given(BOTTOM_OPTION) ? values.get(BOTTOM_OPTION) : 0;
  // The Lanczos basis (steps × P numbers) is capped at MAX_BASIS_ENTRIES: K values need K steps.
  const maxSteps = Math.floor(MAX_BASIS_ENTRIES / P);
  for (const [flag, k] of [["--top", top], ["--bottom", bottom]] as const) {
    if (k > P) throw new UsageError(`${flag} must be a whole number from 1 to ${P} (the model's parameter count P) (got ${k})`);
    if (k > maxSteps) throw new UsageError(`${flag} must be a whole number from 1 to ${maxSteps} for P = ${P}: the Lanczos basis holds at most ${MAX_BASIS_ENTRIES} numbers (got ${k})`);
  }
  const density = values.get(DENSITY_OPTION) || svg;
  const steps = values.get(STEPS_OPTION);
  if (density && Math.min(steps, P) > maxSteps) throw new UsageError(`--steps must be a whole number from 1 to ${maxSteps} for P = ${P}: the Lanczos basis holds at most ${MAX_BASIS_ENTRIES} numbers (got ${steps})`);
  if (values.get(EIGENVECTORS_OPTION) && !values.given(TOP_OPTION) && !values.given(BOTTOM_OPTION)) throw new UsageError("--eigenvectors needs --top K or --bottom K");
  if (values.given(PROBES_OPTION) && !values.get(TRACE_OPTION)) throw new UsageError("--probes sets up --trace: give --trace too");
  for (const o of [HUTCHPP_OPTION, TRACE_REPEATS_OPTION]) if (values.given(o) && !values.get(TRACE_OPTION)) throw new UsageError(`--${o.name} sets up --trace: give --trace too`);
  if (values.get(HUTCHPP_OPTION) && values.get(PROBES_OPTION) < 3) throw new UsageError(`--hutchpp needs --probes 3 or more (a third sketches, a third deflates, a third probes) (got ${values.get(PROBES_OPTION)})`);
  for (const o of [DENSITY_PROBES_OPTION, STEPS_OPTION, BINS_OPTION, SIGMA2_OPTION]) if (values.given(o) && !density) throw new UsageError(`--${o.name} sets up --density: give --density (or --svg) too`);
  if (values.given(AXIS_OPTION) && !svg) throw new UsageError("--axis sets up --svg: give --svg FILE too");
  return {
    top,
    bottom,
    vectors: values.get(EIGENVECTORS_OPTION),
    traceProbes: values.get(TRACE_OPTION) ? values.get(PROBES_OPTION) : 0,
    density: density ? { probes: values.get(DENSITY_PROBES_OPTION), steps, bins: values.get(BINS_OPTION), sigma2: values.get(SIGMA2_OPTION), pad: DEFAULT_DENSITY_OPTIONS.pad } : null,
    perLayer: values.get(PER_LAYER_OPTION),
    hutchpp: values.get(HUTCHPP_OPTION),
    traceRepeats: values.get(TRACE_REPEATS_OPTION),
    exact: !values.get(NO_EXACT_OPTION),
    seed,
  };
}

export const hessianCommand: Command = {
  name: "hessian",
  summary: "Curvature of the loss at one point: top/bottom eigenvalues (Lanczos), trace (Hutchinson), eigenvalue density (SLQ), per-layer λ_max, each with its seed and spread, beside the dense exact values when P ≤ 2000.",
  options: [LOSS_OPTION, ...MODEL_OPTIONS, ...HESSIAN_ESTIMATE_OPTIONS, MATRIX_OPTION, JSON_OPTION, OUT_FILE_OPTION, SVG_OPTION, AXIS_OPTION, CONFIG_OPTION, ...PROGRESS_OPTIONS],
  details: `Without an estimate flag: --top 1. One --seed seeds the --init draws and every estimator
(Lanczos start vectors, Hutchinson and SLQ probes); each estimate reports the seed it used.
The Lanczos run is stopped when every wanted Ritz pair's residual ‖Hv − λv‖ ≤ 1e-10·max|λ|
(then λ lies within that distance of an eigenvalue). For P ≤ ${MAX_DENSE_HESSIAN_PARAMS} the dense Hessian
(P exact H·v products) and all its eigenvalues are computed too (--no-exact skips them).

JSON: {"model": {"architecture", "params", "loss", "samples", "data"}, "params", "seed",
"exact", "lanczos": {"seed", "steps", "restarts", "converged", "tol"}, "top"/"bottom":
{"values" (largest/smallest first), "residuals", "exact" (dense, same order; null),
"vectors" (--eigenvectors)}, "trace": {"estimate", "standardError", "probes", "seed",
"exact", "hutchpp": {"estimate", "products", "rank", "seed"} (--hutchpp), "repeats": {"hutchinson",
"hutchpp": {"mean", "sd", "repeats", "estimates"}} (--trace-repeats R > 1)}, "density": {"probes", "steps", "seed", "variance", "mean", "meanStandardError",
"probeMeans", "grid", "density", "nodes", "weights", "exact": {"mean", "density"}},
"perLayer": [{"layer", "size", "lambdaMax", "residual", "steps", "converged", "seed",
"exact", "trace": {"estimate", "standardError", "probes", "exact"} (with --trace), "density": {"probes",
"steps", "mean", "meanStandardError", "variance", "grid", "density"} (with --density)}], "matrix": "ggn"
(with --matrix ggn); only the parts asked for. --matrix ggn: G = Jᵀ H_out J with J = ∂z/∂θ
of the output logit and H_out = σ(1 − σ) for bce, 2σ′² for mse (the loss's curvature where
it is convex in the output), so every eigenvalue is ≥ 0. docs/curvature.md describes every field.

Example: loss-landscape hessian --hidden 8,8 --data moons --init he --top 5 --bottom 2 --trace --json`,
  async run(values, io) {
    const loss = values.get(LOSS_OPTION);
    const point = loadModelPoint(values, loss);
    printWarnings(io, "hessian", point.warnings);
    const { arch, theta, data } = point;
    const P = theta.length;
    const req = request(values, P, values.get(HESSIAN_SEED_OPTION));
    const svgPath = values.get(SVG_OPTION);
    const out = values.get(OUT_FILE_OPTION);
    checkDistinctOutputs([{ label: "--out", path: out }, { label: "--svg", path: svgPath }]);
    const exact = req.exact && P <= MAX_DENSE_HESSIAN_PARAMS;
    const blocks = layerBlocks(arch).map((b) => b.size);
    const progress = startJob(values, io, "hessian", { ...hessianCost(req, P, data.y.length, blocks, exact), memory: networkMemory(arch, data.y.length) });
    const ggn = values.get(MATRIX_OPTION) === "ggn";
    const analysis = await hessianAnalysis(mlpModel(arch, theta), modelDataOfTable(data), { loss, matrix: ggn ? "ggn" : "hessian", ...requestOptions(req) }, { onProgress: (s, f) => progress.update(s, f) });
    const { report } = analysis;
    const ctx = { ...analysis.context, origin: point.origin };
    const doc = hessianJson(report, ctx);
    requireFinite(doc, point.origin.split(" ")[0].split("=")[0]);
    const text = values.get(JSON_OPTION) ? JSON.stringify(doc) + "\n" : hessianText(report, ctx);
    // Everything is computed before anything is written.
    const figure = svgPath !== undefined ? await hessianSvg(report, ctx, values.get(AXIS_OPTION)) : null;
    // One write set: nothing is renamed until the report and the figure are both complete.
    writeOutputSet([
      ...(svgPath !== undefined && figure !== null ? [{ label: "--svg", path: svgPath, chunks: () => [figure] }] : []),
      ...(out !== undefined ? [{ label: "--out", path: out, chunks: () => [text] }] : []),
    ]);
    if (out === undefined) io.out(text);
    progress.finish();
    return 0;
  },
};
