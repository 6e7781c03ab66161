// Every sharpness measure of one point θ side by side: Keskar's ε-sharpness, adaptive
// sharpness in the ∞- and 2-norm, average-case sharpness, and the Hessian's λ_max
// (Lanczos) and trace (Hutchinson), each with its seed and its spread.

import { extremeEigen } from "../curvature/extreme-eigen.js";
import { hutchinsonTrace, type TraceEstimate } from "../curvature/hutchinson.js";
import type { Objective } from "./objective.js";
import { averageSharpness, worstCaseSharpness, type AverageSharpness, type SharpnessResult } from "./sharpness.js";

export interface SharpnessRequest {
  /** Keskar's ε (> 0). */
  epsilon: number;
  /** Adaptive ρ (> 0), used for both norms. */
  rho: number;
  /** Random subspace dimension for Keskar sharpness; null = full space. */
  subspace: number | null;
  restarts: number;
  iterations: number;
  tol: number;
  /** Average-case σ and sample count. */
  sigma: number;
  averageSamples: number;
  /** Hutchinson probes for the trace (0 = none). */
  traceProbes: number;
  seed: number;
}

export interface LambdaMax {
  value: number;
  /** ‖Hv − λv‖ of the Ritz pair: an eigenvalue lies within it. */
  residual: number;
  steps: number;
  converged: boolean;
  seed: number;
}

export interface SharpnessReport {
  params: number;
  loss: number;
  accuracy: number;
  keskar: SharpnessResult;
  adaptiveInf: SharpnessResult;
  adaptive2: SharpnessResult;
  average: AverageSharpness;
  lambdaMax: LambdaMax;
  trace: TraceEstimate | null;
}

/** Called before each measure with its name (for progress). */
export type MeasureListener = (measure: string, index: number, count: number) => void;

/** What a report holds besides the worst cases: L(θ), accuracy, average-case sharpness, λ_max and the trace. */
export type CurvatureMeasures = Pick<SharpnessReport, "params" | "loss" | "accuracy" | "average" | "lambdaMax" | "trace">;

export function curvatureMeasures(obj: Objective, theta: Float64Array, req: SharpnessRequest, onMeasure: MeasureListener = () => {}, first = 3, count = 6): CurvatureMeasures {
  const { loss, accuracy } = obj.evaluate(theta);
  onMeasure("average-case sharpness", first, count);
  const average = averageSharpness(obj, theta, req.sigma, req.averageSamples, req.seed);
  onMeasure("λ_max (Lanczos)", first + 1, count);
  const H = obj.hessian(theta);
  const e = extremeEigen(H, { top: 1, bottom: 0, vectors: false, seed: req.seed });
  const lambdaMax = { value: e.top.values[0], residual: e.top.residuals[0], steps: e.steps, converged: e.converged, seed: req.seed };
  let trace: TraceEstimate | null = null;
  if (req.traceProbes > 0) {
    onMeasure("trace (Hutchinson)", first + 2, count);
    trace = hutchinsonTrace(H, req.traceProbes, req.seed);
  }
  return { params: obj.size, loss, accuracy, average, lambdaMax, trace };
}

export function sharpnessReport(obj: Objective, theta: Float64Array, req: SharpnessRequest, onMeasure: MeasureListener = () => {}): SharpnessReport {
  const common = { restarts: req.restarts, iterations: req.iterations, tol: req.tol, seed: req.seed };
  const count = req.traceProbes > 0 ? 6 : 5;
  onMeasure("Keskar ε-sharpness", 0, count);
  const keskar = worstCaseSharpness(obj, theta, { ...common, kind: "keskar", radius: req.epsilon, subspace: req.subspace });
  onMeasure("adaptive sharpness (∞-norm)", 1, count);
  const adaptiveInf = worstCaseSharpness(obj, theta, { ...common, kind: "adaptive-inf", radius: req.rho, subspace: null });
  onMeasure("adaptive sharpness (2-norm)", 2, count);
  const adaptive2 = worstCaseSharpness(obj, theta, { ...common, kind: "adaptive-2", radius: req.rho, subspace: null });
  const rest = curvatureMeasures(obj, theta, req, onMeasure, 3, count);
  return { ...rest, keskar, adaptiveInf, adaptive2 };
}
