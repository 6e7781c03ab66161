// `sharpness`: how sharp the loss is around one or more trained points: Keskar's
// ε-sharpness, adaptive sharpness (∞- and 2-norm), average-case sharpness, and the
// Hessian's λ_max and trace, side by side; optionally sharpness.svg comparing the runs.

import { seededNetworkStart } from "../../train/from-init.js";
import { basename, extname, resolve } from "node:path";
import type { Architecture } from "../../nn/architecture.js";
import { describeNetworkInit } from "../../nn/init.js";
import { type SharpnessOptions } from "../../api/sharpness.js";
import { mlpModel, modelDataOfTable } from "../../model/mlp-model.js";
import { DEFAULT_ASCENT_TOL } from "../../geometry/sharpness.js";
import type { SharpnessRequest } from "../../geometry/sharpness-report.js";
import { MAX_SUBSPACE_ENTRIES } from "../../geometry/subspace.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { UsageError } from "../errors.js";
import { networkMemory, sharpnessSeconds } from "../../estimate/cost.js";
import { SVG_OPTION } from "../hessian-options.js";
import { checkedArchitecture, loadParamsModel, loadTable } from "../network-io.js";
import { ACTIVATION_OPTION, DATA_SEED_OPTION, GAIN_OPTION, HIDDEN_OPTION, NET_DATA_OPTION, NOISE_OPTION, SAMPLES_OPTION } from "../network-options.js";
import { PROBE_INIT_OPTION } from "../network-probe.js";
import type { Values } from "../options.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { runSharpnessJob } from "../sharpness-run.js";
import { checkpointPath, OUT_PATH_OPTION, resolveTile, RESUME_OPTION, TILE_OPTIONS, tileFilePath } from "../tile-options.js";
import {
  AVERAGE_SAMPLES_OPTION, EPSILON_OPTION, ITERATIONS_OPTION, LABEL_OPTION, RESTARTS_OPTION, RHO_OPTION, RUN_PARAMS_OPTION, SHARPNESS_PROBES_OPTION,
  SIGMA_OPTION, SUBSPACE_OPTION,
} from "../sharpness-options.js";
import { JSON_OPTION, LOSS_OPTION, seedOption } from "../shared-options.js";

const SEED_OPTION = seedOption("seed of --init's draws, the random ascent starts, the subspace, the Gaussian draws and the Lanczos/Hutchinson vectors");

interface Point {
  label: string;
  source: string;
  arch: Architecture;
  theta: Float64Array;
}

function points(values: Values, inputs: number, data: Parameters<typeof seededNetworkStart>[4]): Point[] {
  const paths = values.get(RUN_PARAMS_OPTION);
  const labels = values.get(LABEL_OPTION);
  const hidden = values.given(HIDDEN_OPTION) ? values.get(HIDDEN_OPTION) : null;
  if (paths.length > 0) {
    if (values.given(PROBE_INIT_OPTION)) throw new UsageError("--params and --init exclude each other");
    if (labels.length > paths.length) throw new UsageError(`--label given ${labels.length} times for ${paths.length} --params file${paths.length === 1 ? "" : "s"}: give at most one per file`);
    return paths.map((p, i) => {
      const { arch, theta } = loadParamsModel(p, inputs, { hidden, activation: values.given(ACTIVATION_OPTION) ? values.get(ACTIVATION_OPTION) : null, defaultActivation: values.get(ACTIVATION_OPTION) });
      return { label: labels[i] ?? basename(p, extname(p)), source: p, arch, theta };
    });
  }
  if (labels.length > 1) throw new UsageError("--label: one point from --init takes at most one label");
  const arch = checkedArchitecture({ inputs, hidden: hidden ?? [], activation: values.get(ACTIVATION_OPTION) });
  const init = values.get(PROBE_INIT_OPTION);
  const seed = values.get(SEED_OPTION);
  const theta = seededNetworkStart(arch, init, seed, values.get(GAIN_OPTION), data).theta;
  const source = `--init ${describeNetworkInit(init)} --seed ${seed}`;
  return [{ label: labels[0] ?? describeNetworkInit(init), source, arch, theta }];
}

export const sharpnessCommand: Command = {
  name: "sharpness",
  summary: "How sharp the minimum is: Keskar ε-sharpness, adaptive sharpness (∞- and 2-norm), average-case sharpness, and the Hessian's λ_max and trace, for one or more runs side by side.",
  options: [
    LOSS_OPTION, HIDDEN_OPTION, ACTIVATION_OPTION, NET_DATA_OPTION, SAMPLES_OPTION, NOISE_OPTION, DATA_SEED_OPTION, RUN_PARAMS_OPTION, LABEL_OPTION, PROBE_INIT_OPTION, GAIN_OPTION, SEED_OPTION,
    EPSILON_OPTION, RHO_OPTION, SUBSPACE_OPTION, SIGMA_OPTION, AVERAGE_SAMPLES_OPTION, RESTARTS_OPTION, ITERATIONS_OPTION, SHARPNESS_PROBES_OPTION,
    JSON_OPTION, OUT_PATH_OPTION, SVG_OPTION, ...TILE_OPTIONS, CONFIG_OPTION, ...PROGRESS_OPTIONS,
  ],
  details: `Worst-case measures maximize L(θ + δ) over a neighbourhood of θ:
  Keskar et al. 2017   |δ_i| ≤ ε(|θ_i| + 1), reported as 100·(max − L)/(1 + L)
  adaptive, ∞-norm     |δ_i| ≤ ρ|θ_i|        (Kwon et al. 2021), reported as max − L
  adaptive, 2-norm     ‖δ/|θ|‖₂ ≤ ρ          (Kwon et al. 2021), reported as max − L
No maintained JavaScript L-BFGS-B exists, so the solver is projected gradient ascent
(spectral step, Armijo search along the projection arc) from --restarts starts: the
first at the linearized maximizer, the rest uniform in the set. Each measure reports the
largest loss found, the steps taken and the certificate ‖P(δ + ∇) − δ‖₂ of the best start
(0 at a stationary point of the constrained problem). The maximum found is attained, so
it is a lower bound of the true one. Average-case sharpness is the mean of
L(θ + δ) − L(θ) over --average-samples draws δ ~ N(0, σ²I) with a 95% interval.
Without --params, the point is --init drawn with --seed on --hidden.
Each ascent start draws from its own seeded generator, so the starts are independent:
--tile K/N --out DIR computes a share of them (per run, the 3 × --restarts starts and one
point with L, accuracy, average-case sharpness, λ_max and trace), and
\`loss-landscape merge DIR --out FILE --svg FILE\` writes what one run writes.

JSON: {"loss", "samples", "data", "settings": {"epsilon", "rho", "subspace", "restarts",
"iterations", "tol", "sigma", "averageSamples", "probes", "seed", "solver"}, "runs": [{"label",
"source", "architecture", "params", "loss", "accuracy", "keskar": {"epsilon", "value", "maxLoss",
"increase", "iterations", "evaluations", "projectedGradientNorm", "best", "subspace", "starts"},
"adaptiveInf" and "adaptive2": {"rho", …the same}, "average": {"sigma", "samples", "seed", "mean",
"standardError", "ci95"}, "lambdaMax": {"value", "residual", "steps", "converged", "seed"},
"trace": {"estimate", "standardError", "probes", "seed"}}]}.

Example: loss-landscape sharpness --data moons --loss bce --params bad.json --params he.json --svg sharpness.svg`,
  async run(values, io) {
    const loss = values.get(LOSS_OPTION);
    const data = loadTable(values.get(NET_DATA_OPTION), values.get(SAMPLES_OPTION), values.get(NOISE_OPTION), values.get(DATA_SEED_OPTION));
    const pts = points(values, data.inputs, data);
    const req: SharpnessRequest = {
      epsilon: values.get(EPSILON_OPTION),
      rho: values.get(RHO_OPTION),
      subspace: values.get(SUBSPACE_OPTION),
      restarts: values.get(RESTARTS_OPTION),
      iterations: values.get(ITERATIONS_OPTION),
      tol: DEFAULT_ASCENT_TOL,
      sigma: values.get(SIGMA_OPTION),
      averageSamples: values.get(AVERAGE_SAMPLES_OPTION),
      traceProbes: values.get(SHARPNESS_PROBES_OPTION),
      seed: values.get(SEED_OPTION),
    };
    if (req.traceProbes === 1) throw new UsageError("--probes must be 0 (no trace) or at least 2 (one probe has no standard error) (got 1)");
    for (const p of pts) {
      const P = p.theta.length;
      if (req.subspace !== null && (req.subspace > P || req.subspace * P > MAX_SUBSPACE_ENTRIES)) {
        throw new UsageError(`--subspace random:K needs K ≤ P = ${P} and P·K ≤ ${MAX_SUBSPACE_ENTRIES} for ${p.source} (got K = ${req.subspace})`);
      }
    }
    const svgPath = values.get(SVG_OPTION);
    const out = values.get(OUT_PATH_OPTION);
    const tile = resolveTile(values, io.env ?? {});
    const resume = values.get(RESUME_OPTION);
    if (tile !== null && out === undefined) throw new UsageError("--tile writes its tile file into the folder --out DIR: give --out");
    if (tile !== null && svgPath !== undefined) throw new UsageError("--svg is drawn when the tiles are merged: give it to `loss-landscape merge`, not to a --tile run");
    if (tile === null && resume && out === undefined) throw new UsageError("--resume continues a run that writes --out FILE (or a --tile); give --out");
    if (tile === null && svgPath !== undefined && out !== undefined && resolve(svgPath) === resolve(out)) throw new UsageError("--out and --svg name the same file: give two paths");
    const tilePath = tile !== null ? tileFilePath(out as string, "sharpness", tile) : out !== undefined ? checkpointPath(out) : null;
    const n = data.y.length;
    const share = tile ? 1 / tile.count : 1;
    const progress = startJob(values, io, "sharpness", {
      seconds: sharpnessSeconds(pts.map((p) => p.theta.length * n), { ...req, probes: req.traceProbes }, share),
      what: `${pts.length} run${pts.length === 1 ? "" : "s"} × 6 measures on ${n} samples${tile ? `, tile ${tile.index}/${tile.count}` : ""}`,
      memory: networkMemory(pts[0].arch, n),
    });
    const [first, ...more] = pts.map((p) => mlpModel(p.arch, p.theta));
    const options: Partial<SharpnessOptions> = {
      loss,
      // One run per point; the first is the model's own θ.
      params: [first!.theta, ...more],
      label: pts.map((p) => p.label),
      source: pts.map((p) => p.source),
      epsilon: req.epsilon, rho: req.rho, subspace: req.subspace, sigma: req.sigma, averageSamples: req.averageSamples,
      restarts: req.restarts, iterations: req.iterations, probes: req.traceProbes, seed: req.seed,
    };
    const source = values.get(RUN_PARAMS_OPTION).length > 0 ? "--params" : "--init";
    return runSharpnessJob(first!, modelDataOfTable(data), options, { tile, tilePath, resume, out, svg: svgPath, source, json: values.get(JSON_OPTION) }, io, progress);
  },
};
