// sharpness(): every sharpness measure of one or more points of a model, side by side: Keskar's
// ε-sharpness, adaptive sharpness (∞- and 2-norm), average-case sharpness, the Hessian's λ_max
// and trace. The same points, in the same order, as the command's tiles (../geometry/sharpness-points.ts),
// so the numbers are the command's to the bit; the result is the object `sharpness --json` prints.

import { describeArchitecture } from "../nn/architecture.js";
import { modelLoss } from "./probe.js";
import type { ModelLossName } from "../model/losses.js";
import type { Model, ModelData } from "../model/model.js";
import { isMlpModel } from "../model/mlp-model.js";
import { modelObjective } from "../geometry/model-objective.js";
import { pointsPerRun, SHARPNESS_FIELDS, sharpnessPointValues, sharpnessRunsOf, type SharpnessPoint } from "../geometry/sharpness-points.js";
import { sharpnessJson, type SharpnessJson } from "../geometry/sharpness-json.js";
import type { SharpnessRequest } from "../geometry/sharpness-report.js";
import { DEFAULT_ASCENT_TOL, DEFAULT_RESTARTS, DEFAULT_SHARPNESS_ITERATIONS, type SharpnessSetup } from "../geometry/sharpness.js";
import { MAX_SUBSPACE_ENTRIES } from "../geometry/subspace.js";
import { progressOf, type RunControl } from "./run-control.js";

export type { SharpnessJson as SharpnessResult, SharpnessRunJson } from "../geometry/sharpness-json.js";

/** The `sharpness` flags in camelCase, and two names the report prints (source, architecture). */
export interface SharpnessOptions {
  /** ce, bce or mse; auto: ce for K ≥ 2 outputs and integer labels, else bce for 0/1 targets, else mse (an MLP's auto: mse). */
  loss: ModelLossName | "auto";
  /** The points (flat θ in the model's layout), one run each; none: the model's own θ. */
  params: readonly Float64Array[];
  /** A name per run, in order (default: the source). */
  label: readonly string[];
  /** Keskar's ε: the box |δ_i| ≤ ε(|θ_i| + 1). */
  epsilon: number;
  /** Adaptive ρ: |δ_i| ≤ ρ|θ_i| (∞-norm) and ‖δ/|θ|‖₂ ≤ ρ (2-norm). */
  rho: number;
  /** Keskar sharpness in a random K-dimensional subspace; null: the full space. */
  subspace: number | null;
  /** Average-case sharpness: std of δ ~ N(0, σ²I). */
  sigma: number;
  averageSamples: number;
  restarts: number;
  iterations: number;
  /** Hutchinson probes for the trace (0: no trace; 1 is refused: no standard error). */
  probes: number;
  seed: number;
  /** Where each run's θ came from, as the report says it (default "params 1", … or "the model's parameters"). */
  source: readonly string[];
  /** The model's name in the report (default: an MLP's shape, else the model's source, else "model of P parameters"). */
  architecture: string | null;
}

export const DEFAULT_SHARPNESS_OPTIONS: Readonly<SharpnessOptions> = Object.freeze({
  loss: "auto",
  params: [],
  label: [],
  epsilon: 1e-3,
  rho: 0.05,
  subspace: null,
  sigma: 0.01,
  averageSamples: 100,
  restarts: DEFAULT_RESTARTS,
  iterations: DEFAULT_SHARPNESS_ITERATIONS,
  probes: 100,
  seed: 0,
  source: [],
  architecture: null,
});

function check(o: SharpnessOptions, P: number): void {
  const positive = (name: string, v: number, max: number): void => {
    if (!(v > 0 && v <= max)) throw new RangeError(`${name} must be > 0 and ≤ ${max} (got ${v})`);
  };
  positive("epsilon", o.epsilon, 10);
  positive("rho", o.rho, 10);
  positive("sigma", o.sigma, 100);
  const whole = (name: string, v: number, min: number): void => {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be a whole number ≥ ${min} (got ${v})`);
  };
  whole("averageSamples", o.averageSamples, 2);
  whole("restarts", o.restarts, 1);
  whole("iterations", o.iterations, 1);
  whole("probes", o.probes, 0);
  whole("seed", o.seed, 0);
  if (o.probes === 1) throw new RangeError("probes must be 0 (no trace) or at least 2 (one probe has no standard error) (got 1)");
  if (o.subspace !== null && (!Number.isInteger(o.subspace) || o.subspace < 1 || o.subspace > P || o.subspace * P > MAX_SUBSPACE_ENTRIES)) {
    throw new RangeError(`subspace K needs a whole K ≥ 1, K ≤ P = ${P} and P·K ≤ ${MAX_SUBSPACE_ENTRIES} (got ${o.subspace})`);
  }
  if (o.label.length > Math.max(1, o.params.length)) throw new RangeError(`${o.label.length} labels for ${Math.max(1, o.params.length)} runs`);
  o.params.forEach((t, i) => {
    if (t.length !== P) throw new RangeError(`params ${i + 1} has ${t.length} entries, the model ${P}`);
  });
}

/** The request (the command's and its tiles' settings) of resolved options. */
export function sharpnessRequest(o: SharpnessOptions): SharpnessRequest {
  return {
    epsilon: o.epsilon, rho: o.rho, subspace: o.subspace, restarts: o.restarts, iterations: o.iterations, tol: DEFAULT_ASCENT_TOL,
    sigma: o.sigma, averageSamples: o.averageSamples, traceProbes: o.probes, seed: o.seed,
  };
}

export async function sharpness(model: Model, data: ModelData, options: Partial<SharpnessOptions> = {}, control?: RunControl): Promise<SharpnessJson> {
  const o: SharpnessOptions = { ...DEFAULT_SHARPNESS_OPTIONS, ...options };
  check(o, model.P);
  const progress = progressOf(control);
  const thetas = o.params.length > 0 ? o.params : [model.theta];
  // An MLP has one sigmoid output: its "auto" is mse, the network flag's default.
  const loss = isMlpModel(model) && o.loss === "auto" ? "mse" : modelLoss(model, thetas[0], data, o.loss);
  const obj = modelObjective(model, data, loss);
  const architecture = o.architecture ?? (isMlpModel(model) ? describeArchitecture(model.architecture) : model.source ?? `model of ${model.P} parameters`);
  const points: SharpnessPoint[] = thetas.map((theta, i) => {
    const source = o.source[i] ?? (o.params.length > 0 ? `params ${i + 1}` : "the model's parameters");
    return { label: o.label[i] ?? source, source, architecture, obj, theta };
  });
  const req = sharpnessRequest(o);
  const total = points.length * pointsPerRun(req);
  const values = SHARPNESS_FIELDS.map(() => new Float64Array(total));
  const setups = new Map<string, SharpnessSetup>();
  const stage = "ascent starts and curvature";
  progress(stage, 0);
  for (let p = 0; p < total; p++) {
    sharpnessPointValues(points, req, p, setups).forEach((v, f) => (values[f][p] = v));
    progress(stage, (p + 1) / total);
    // Let timers and abort signals in between points.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  const runs = sharpnessRunsOf(points.map((p) => ({ label: p.label, source: p.source, architecture: p.architecture, params: p.theta.length })), req, values);
  return sharpnessJson(runs, req, { loss, samples: data.x.shape[0], data: data.source });
}
