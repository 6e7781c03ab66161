// `sharpness` as a list of points for tiles and checkpoints. Per run, in order: the
// ascent starts of the three worst-case measures (Keskar's, adaptive ∞-norm, adaptive
// 2-norm; R starts each: every start is independent, seeded alone by startSeed), then one
// point with the rest (L(θ), accuracy, average-case sharpness, λ_max, trace). A start's
// point holds its maximum, steps, evaluations, certificate and stop reason; the reports
// are put together from the points (combineStarts), so a whole run, a resumed run and
// merged tiles give the same numbers and the same bytes.

import { ascentStart, combineStarts, sharpnessSetup, type SharpnessKind, type SharpnessSetup, type StartResult } from "../geometry/sharpness.js";
import { curvatureMeasures, type SharpnessReport, type SharpnessRequest } from "../geometry/sharpness-report.js";
import type { Objective } from "../geometry/objective.js";
import type { SharpnessContext, SharpnessRun } from "../geometry/sharpness-figure.js";
import type { Table } from "../nn/table.js";
import { contentDigest, type Settings } from "../tiles/settings-hash.js";
import type { PointRange } from "../tiles/tile-spec.js";
import type { PointJob } from "./tile-run.js";

const KINDS: ReadonlyArray<{ kind: SharpnessKind; key: "keskar" | "adaptiveInf" | "adaptive2" }> = [
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

/** What the outputs need besides the values: each run's description, the request, the data's. */
export interface SharpnessTileContext {
  runs: Array<{ label: string; source: string; architecture: string; params: number }>;
  req: SharpnessRequest;
  ctx: SharpnessContext;
  /** --json: the format the merged output is written in. */
  json: boolean;
}

export interface SharpnessPoint {
  label: string;
  source: string;
  architecture: string;
  obj: Objective;
  theta: Float64Array;
}

export const pointsPerRun = (req: SharpnessRequest): number => KINDS.length * req.restarts + 1;

export function sharpnessSettings(points: readonly SharpnessPoint[], data: Table, loss: string, req: SharpnessRequest, version: string): Settings {
  return {
    version,
    data: contentDigest([String(data.inputs), data.x, data.y]),
    loss,
    runs: JSON.stringify(points.map((p) => [p.label, p.architecture])),
    params: contentDigest(points.map((p) => p.theta)),
    request: JSON.stringify(req),
  };
}

export function sharpnessPointJob(points: readonly SharpnessPoint[], req: SharpnessRequest, settings: Settings, context: SharpnessTileContext, onPoint: (done: number, total: number) => void): PointJob {
  const per = pointsPerRun(req);
  const total = points.length * per;
  const evaluate = async (range: PointRange, onBlock: (at: number, values: Float64Array[]) => void, shouldStop: () => boolean): Promise<void> => {
    // Set-ups (L(θ), its gradient, the subspace) shared by the starts of one measure, for this range only.
    const setups = new Map<string, SharpnessSetup>();
    for (let p = range.start; p < range.end; p++) {
      if (shouldStop()) return;
      const k = Math.floor(p / per), j = p % per;
      const { obj, theta } = points[k];
      const row = new Array<number>(SHARPNESS_FIELDS.length).fill(0);
      if (j < KINDS.length * req.restarts) {
        const { kind } = KINDS[Math.floor(j / req.restarts)];
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
      onBlock(p, row.map((v) => Float64Array.of(v)));
      onPoint(p - range.start + 1, range.end - range.start);
      // Let signals and the event loop in between points.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  return { command: "sharpness", total, fields: SHARPNESS_FIELDS, settings, context, evaluate };
}

/** The runs' reports from the points' values (one array per field, every point present). */
export function sharpnessRuns(c: SharpnessTileContext, values: readonly Float64Array[]): SharpnessRun[] {
  const { req } = c;
  const per = pointsPerRun(req);
  const at = (p: number, f: number): number => values[f][p];
  return c.runs.map((run, k) => {
    const base = k * per;
    const last = base + per - 1;
    const loss = at(last, 0);
    const worst = KINDS.map(({ kind }, m) => {
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
