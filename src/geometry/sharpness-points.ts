// `sharpness` as a list of independent points (what tiles, checkpoints and the library call all
// compute). Per run, in order: the ascent starts of the three worst-case measures (Keskar's,
// adaptive ∞-norm, adaptive 2-norm; R starts each: every start is independent, seeded alone by
// startSeed), then one point with the rest (L(θ), accuracy, average-case sharpness, λ_max,
// trace). A start's point holds its maximum, steps, evaluations, certificate and stop reason;
// the reports are put together from the points (combineStarts), so a whole run, a resumed run
// and merged tiles give the same numbers and the same bytes.

import type { Objective } from "./objective.js";
import type { SharpnessRun } from "./sharpness-figure.js";
import { curvatureMeasures, type SharpnessReport, type SharpnessRequest } from "./sharpness-report.js";
import { ascentStart, combineStarts, sharpnessSetup, type SharpnessKind, type SharpnessSetup, type StartResult } from "./sharpness.js";

export const SHARPNESS_KINDS: ReadonlyArray<{ kind: SharpnessKind; key: "keskar" | "adaptiveInf" | "adaptive2" }> = [
  { kind: "keskar", key: "keskar" },
  { kind: "adaptive-inf", key: "adaptiveInf" },
  { kind: "adaptive-2", key: "adaptive2" },
];

/** Columns of a point: a start's five, or the last point's ten (named "start's / last point's"). */
export const SHARPNESS_FIELDS = [
  "maxLoss/loss", "iterations/accuracy", "evaluations/averageMean", "projectedGradientNorm/averageStandardError", "stop/lambdaMax",
  "-/lambdaResidual", "-/lambdaSteps", "-/lambdaConverged", "-/trace", "-/traceStandardError",
];
const STOPS: ReadonlyArray<StartResult["stop"]> = ["tolerance", "iterations", "no-ascent"];

/** One run: where θ sits on which objective, and how the report names it. */
export interface SharpnessPoint {
  label: string;
  source: string;
  architecture: string;
  obj: Objective;
  theta: Float64Array;
}

/** A run as the report describes it (no objective: what a tile file carries). */
export interface SharpnessRunInfo {
  label: string;
  source: string;
  architecture: string;
  params: number;
}

export const pointsPerRun = (req: SharpnessRequest): number => SHARPNESS_KINDS.length * req.restarts + 1;

/**
 * Point p's values (SHARPNESS_FIELDS.length numbers). `setups` keeps the set-ups (L(θ), its
 * gradient, the subspace) that the starts of one measure share; pass one map per range.
 */
export function sharpnessPointValues(points: readonly SharpnessPoint[], req: SharpnessRequest, p: number, setups: Map<string, SharpnessSetup>): number[] {
  const per = pointsPerRun(req);
  const k = Math.floor(p / per), j = p % per;
  const { obj, theta } = points[k];
  const row = new Array<number>(SHARPNESS_FIELDS.length).fill(0);
  if (j < SHARPNESS_KINDS.length * req.restarts) {
    const { kind } = SHARPNESS_KINDS[Math.floor(j / req.restarts)];
    const key = `${k}:${kind}`;
    let setup = setups.get(key);
    if (!setup) {
      setup = sharpnessSetup(obj, theta, { kind, radius: kind === "keskar" ? req.epsilon : req.rho, subspace: kind === "keskar" ? req.subspace : null, seed: req.seed });
      setups.set(key, setup);
    }
    const s = ascentStart(setup, j % req.restarts, req).result;
    row.splice(0, 5, s.maxLoss, s.iterations, s.evaluations, s.projectedGradientNorm, STOPS.indexOf(s.stop));
  } else {
    const m = curvatureMeasures(obj, theta, req);
    const t = m.trace;
    row.splice(0, 10, m.loss, m.accuracy, m.average.mean, m.average.standardError, m.lambdaMax.value, m.lambdaMax.residual, m.lambdaMax.steps, m.lambdaMax.converged ? 1 : 0, t ? t.trace : NaN, t ? t.standardError : NaN);
  }
  return row;
}

/** The runs' reports from the points' values (one array per field, every point present). */
export function sharpnessRunsOf(runs: readonly SharpnessRunInfo[], req: SharpnessRequest, values: readonly Float64Array[]): SharpnessRun[] {
  const per = pointsPerRun(req);
  const at = (p: number, f: number): number => values[f][p];
  return runs.map((run, k) => {
    const base = k * per;
    const last = base + per - 1;
    const loss = at(last, 0);
    const worst = SHARPNESS_KINDS.map(({ kind }, m) => {
      const starts: StartResult[] = Array.from({ length: req.restarts }, (_, r) => {
        const p = base + m * req.restarts + r;
        return { maxLoss: at(p, 0), iterations: at(p, 1), evaluations: at(p, 2), projectedGradientNorm: at(p, 3), stop: STOPS[at(p, 4)] };
      });
      return combineStarts({ kind, radius: kind === "keskar" ? req.epsilon : req.rho, subspace: kind === "keskar" && req.subspace !== null ? { dim: req.subspace, seed: req.seed } : null, loss }, starts);
    });
    const se = at(last, 3), mean = at(last, 2);
    const report: SharpnessReport = {
      params: run.params,
      loss,
      accuracy: at(last, 1),
      keskar: worst[0],
      adaptiveInf: worst[1],
      adaptive2: worst[2],
      average: { sigma: req.sigma, samples: req.averageSamples, seed: req.seed, mean, standardError: se, ci95: [mean - 1.96 * se, mean + 1.96 * se] },
      lambdaMax: { value: at(last, 4), residual: at(last, 5), steps: at(last, 6), converged: at(last, 7) === 1, seed: req.seed },
      trace: req.traceProbes > 0 ? { trace: at(last, 8), standardError: at(last, 9), probes: req.traceProbes, seed: req.seed } : null,
    };
    return { label: run.label, source: run.source, architecture: run.architecture, report };
  });
}
