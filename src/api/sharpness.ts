// sharpness(): every sharpness measure of one or more points of a model, side by side: Keskar's
// ε-sharpness, adaptive sharpness (∞- and 2-norm), average-case sharpness, the Hessian's λ_max
// and trace. Its points (../geometry/sharpness-job.ts) run in memory or through the caller's
// point runner (the CLI's tiles), so the numbers are the command's to the bit; the result is
// the object `sharpness --json` prints.

import { describeArchitecture } from "../nn/architecture.js";
import { modelLoss } from "./probe.js";
import type { ModelLossName } from "../model/losses.js";
import type { Model, ModelData } from "../model/model.js";
import { isMlpModel, tableOf } from "../model/mlp-model.js";
import { modelObjective } from "../geometry/model-objective.js";
import type { SharpnessPoint } from "../geometry/sharpness-points.js";
import { sharpnessPointJob, sharpnessRuns, sharpnessSettings, type SharpnessJobContext } from "../geometry/sharpness-job.js";
import { sharpnessJson, type SharpnessJson } from "../geometry/sharpness-json.js";
import type { SharpnessRequest } from "../geometry/sharpness-report.js";
import { DEFAULT_ASCENT_TOL, DEFAULT_RESTARTS, DEFAULT_SHARPNESS_ITERATIONS } from "../geometry/sharpness.js";
import { MAX_SUBSPACE_ENTRIES } from "../geometry/subspace.js";
import { progressOf, runPoints, type PointsControl, type RunControl } from "./run-control.js";

export type { SharpnessJson as SharpnessResult, SharpnessRunJson } from "../geometry/sharpness-json.js";

/** The `sharpness` flags in camelCase, and two names the report prints (source, architecture). */
export interface SharpnessOptions {
  /** ce, bce or mse; auto: ce for K ≥ 2 outputs and integer labels, else bce for 0/1 targets, else mse (an MLP's auto: mse). */
  loss: ModelLossName | "auto";
  /**
   * The points, one run each: a flat θ in the model's layout, or a model of its own (a run of
   * another architecture, at that model's θ); none: the model's own θ.
   */
  params: ReadonlyArray<Float64Array | Model>;
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
  /** The model's name in the report (default: each run's MLP shape, else the model's source, else "model of P parameters"). */
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
    const n = t instanceof Float64Array ? t.length : t.P;
    if (t instanceof Float64Array && n !== P) throw new RangeError(`params ${i + 1} has ${n} entries, the model ${P}`);
    if (o.subspace !== null && (o.subspace > n || o.subspace * n > MAX_SUBSPACE_ENTRIES)) {
      throw new RangeError(`subspace K needs K ≤ P = ${n} and P·K ≤ ${MAX_SUBSPACE_ENTRIES} for params ${i + 1} (got ${o.subspace})`);
    }
  });
}

/** The request (the command's and its tiles' settings) of resolved options. */
export function sharpnessRequest(o: SharpnessOptions): SharpnessRequest {
  return {
    epsilon: o.epsilon, rho: o.rho, subspace: o.subspace, restarts: o.restarts, iterations: o.iterations, tol: DEFAULT_ASCENT_TOL,
    sigma: o.sigma, averageSamples: o.averageSamples, traceProbes: o.probes, seed: o.seed,
  };
}

const describe = (m: Model): string => (isMlpModel(m) ? describeArchitecture(m.architecture) : m.source ?? `model of ${m.P} parameters`);

/**
 * Throws RangeError for an option out of range (naming it) or params that do not fit the model.
 * With a point runner ({@link RunControl.points}) that ran only a tile, or was stopped, it resolves to null.
 */
export async function sharpness(model: Model, data: ModelData, options?: Partial<SharpnessOptions>, control?: RunControl & { points?: undefined }): Promise<SharpnessJson>;
export async function sharpness(model: Model, data: ModelData, options: Partial<SharpnessOptions> | undefined, control: PointsControl): Promise<SharpnessJson | null>;
export async function sharpness(model: Model, data: ModelData, options: Partial<SharpnessOptions> = {}, control?: RunControl): Promise<SharpnessJson | null> {
  const o: SharpnessOptions = { ...DEFAULT_SHARPNESS_OPTIONS, ...options };
  check(o, model.P);
  const progress = progressOf(control);
  const runs = o.params.length > 0 ? o.params.map((p) => (p instanceof Float64Array ? { model, theta: p } : { model: p, theta: p.theta })) : [{ model, theta: model.theta }];
  // An MLP has one sigmoid output: its "auto" is mse, the network flag's default.
  const loss = isMlpModel(model) && o.loss === "auto" ? "mse" : modelLoss(model, runs[0]!.theta, data, o.loss);
  const points: SharpnessPoint[] = runs.map((run, i) => {
    const source = o.source[i] ?? (o.params.length > 0 ? `params ${i + 1}` : "the model's parameters");
    return { label: o.label[i] ?? source, source, architecture: o.architecture ?? describe(run.model), obj: modelObjective(run.model, data, loss), theta: run.theta };
  });
  const req = sharpnessRequest(o);
  const ctx = { loss, samples: data.x.shape[0]!, data: data.source };
  const context: SharpnessJobContext = { runs: points.map((p) => ({ label: p.label, source: p.source, architecture: p.architecture, params: p.theta.length })), req, ctx };
  const stage = "ascent starts and curvature";
  progress(stage, 0);
  // An MLP's data is digested as its table, as the network commands' tiles always were.
  const settings = sharpnessSettings(points, isMlpModel(model) ? tableOf(data) : data, loss, req);
  const values = await runPoints(sharpnessPointJob(points, req, settings, context, (done, total) => progress(stage, done / total)), control);
  if (values === null) return null;
  return sharpnessJson(sharpnessRuns(context, values), req, ctx);
}
