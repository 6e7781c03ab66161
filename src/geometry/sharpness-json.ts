// The `sharpness` report as plain data: the object `sharpness --json` prints and the library's
// sharpness() returns, from the runs' reports, the request and the data's description.

import type { SharpnessContext, SharpnessRun } from "./sharpness-figure.js";
import type { AverageSharpness } from "./average-sharpness.js";
import type { LambdaMax, SharpnessRequest } from "./sharpness-report.js";
import { SOLVER, type SharpnessResult, type StartResult } from "./sharpness.js";

interface WorstCaseJson {
  value: number;
  maxLoss: number;
  increase: number;
  iterations: number;
  evaluations: number;
  projectedGradientNorm: number;
  best: number;
  starts: StartResult[];
}

export interface SharpnessRunJson {
  label: string;
  source: string;
  architecture: string;
  params: number;
  loss: number;
  accuracy: number;
  keskar: WorstCaseJson & { epsilon: number; subspace: { dim: number; seed: number } | null };
  adaptiveInf: WorstCaseJson & { rho: number };
  adaptive2: WorstCaseJson & { rho: number };
  average: AverageSharpness;
  lambdaMax: LambdaMax;
  trace: { estimate: number; standardError: number; probes: number; seed: number } | null;
}

export interface SharpnessJson {
  loss: string;
  samples: number;
  data: string;
  settings: {
    epsilon: number; rho: number; subspace: number | null; restarts: number; iterations: number; tol: number;
    sigma: number; averageSamples: number; probes: number; seed: number; solver: string;
  };
  runs: SharpnessRunJson[];
}

// Key order is the output's: the radius first, the subspace (Keskar only) just before the starts.
function keskarJson(r: SharpnessResult): SharpnessRunJson["keskar"] {
  const { value, maxLoss, increase, iterations, evaluations, projectedGradientNorm, best } = r;
  return { epsilon: r.radius, value, maxLoss, increase, iterations, evaluations, projectedGradientNorm, best, subspace: r.subspace, starts: r.starts };
}

function adaptiveJson(r: SharpnessResult): SharpnessRunJson["adaptiveInf"] {
  const { value, maxLoss, increase, iterations, evaluations, projectedGradientNorm, best } = r;
  return { rho: r.radius, value, maxLoss, increase, iterations, evaluations, projectedGradientNorm, best, starts: r.starts };
}

export function sharpnessJson(runs: readonly SharpnessRun[], req: SharpnessRequest, ctx: SharpnessContext): SharpnessJson {
  return {
    loss: ctx.loss,
    samples: ctx.samples,
    data: ctx.data,
    settings: {
      epsilon: req.epsilon, rho: req.rho, subspace: req.subspace, restarts: req.restarts, iterations: req.iterations, tol: req.tol,
      sigma: req.sigma, averageSamples: req.averageSamples, probes: req.traceProbes, seed: req.seed, solver: SOLVER,
    },
    runs: runs.map(({ label, source, architecture, report: r }) => ({
      label,
      source,
      architecture,
      params: r.params,
      loss: r.loss,
      accuracy: r.accuracy,
      keskar: keskarJson(r.keskar),
      adaptiveInf: adaptiveJson(r.adaptiveInf),
      adaptive2: adaptiveJson(r.adaptive2),
      average: r.average,
      lambdaMax: r.lambdaMax,
      trace: r.trace ? { estimate: r.trace.trace, standardError: r.trace.standardError, probes: r.trace.probes, seed: r.trace.seed } : null,
    })),
  };
}

function worstOf(kind: SharpnessResult["kind"], radius: number, subspace: SharpnessResult["subspace"], loss: number, w: WorstCaseJson): SharpnessResult {
  const { value, maxLoss, increase, iterations, evaluations, projectedGradientNorm, best, starts } = w;
  return { kind, radius, subspace, loss, maxLoss, increase, value, best, projectedGradientNorm, iterations, evaluations, starts, delta: null, solver: SOLVER };
}

/** The runs' reports, the request and the data's description back from the plain report (the text table and the figure read these). */
export function sharpnessOfJson(doc: SharpnessJson): { runs: SharpnessRun[]; req: SharpnessRequest; ctx: SharpnessContext } {
  const s = doc.settings;
  const req: SharpnessRequest = {
    epsilon: s.epsilon, rho: s.rho, subspace: s.subspace, restarts: s.restarts, iterations: s.iterations, tol: s.tol,
    sigma: s.sigma, averageSamples: s.averageSamples, traceProbes: s.probes, seed: s.seed,
  };
  const runs = doc.runs.map((r): SharpnessRun => ({
    label: r.label,
    source: r.source,
    architecture: r.architecture,
    report: {
      params: r.params,
      loss: r.loss,
      accuracy: r.accuracy,
      keskar: worstOf("keskar", r.keskar.epsilon, r.keskar.subspace, r.loss, r.keskar),
      adaptiveInf: worstOf("adaptive-inf", r.adaptiveInf.rho, null, r.loss, r.adaptiveInf),
      adaptive2: worstOf("adaptive-2", r.adaptive2.rho, null, r.loss, r.adaptive2),
      average: r.average,
      lambdaMax: r.lambdaMax,
      trace: r.trace ? { trace: r.trace.estimate, standardError: r.trace.standardError, probes: r.trace.probes, seed: r.trace.seed } : null,
    },
  }));
  return { runs, req, ctx: { loss: doc.loss, samples: doc.samples, data: doc.data } };
}
