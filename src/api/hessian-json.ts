// The `hessian` command's JSON document from a HessianReport: only the parts asked for, the
// `exact` fields null where the dense values were not computed (docs/curvature.md lists them).

import type { HessianReport } from "../curvature/report.js";

/** What the report describes: the model, loss and data (origin and block names are for the text). */
export interface HessianContext {
  /** An MLP's shape ("2-8-8-1 tanh"), or a model's source. */
  architecture: string;
  loss: string;
  samples: number;
  data: string;
  /** "ggn" when the matrix is the generalized Gauss–Newton matrix (absent: the Hessian). */
  matrix?: "ggn";
}

interface PairsJson {
  /** Largest (top) or smallest (bottom) first. */
  values: number[];
  residuals: number[];
  /** The dense spectrum's, same order; null when not computed. */
  exact: number[] | null;
  vectors?: number[][];
}

interface RepeatJson {
  mean: number;
  sd: number;
  repeats: number;
  estimates: number[];
}

/** What `hessian --json` prints (docs/curvature.md describes every field). */
export interface HessianResult {
  model: { architecture: string; params: number; loss: string; samples: number; data: string };
  params: number;
  seed: number;
  exact: boolean;
  matrix?: "ggn";
  lanczos?: { seed: number; steps: number; restarts: number; converged: boolean; tol: number };
  top?: PairsJson;
  bottom?: PairsJson;
  trace?: {
    estimate: number;
    standardError: number;
    probes: number;
    seed: number;
    exact: number | null;
    hutchpp?: { estimate: number; products: number; rank: number; seed: number };
    repeats?: { hutchinson: RepeatJson; hutchpp: RepeatJson | null };
  };
  density?: {
    probes: number; steps: number; seed: number; variance: number; mean: number; meanStandardError: number | null;
    probeMeans: number[]; grid: number[]; density: number[]; nodes: number[][]; weights: number[][];
    exact: { mean: number; density: number[] } | null;
  };
  perLayer?: Array<{
    layer: number; size: number; lambdaMax: number; residual: number; steps: number; converged: boolean; seed: number; exact: number | null;
    trace?: { estimate: number; standardError: number; probes: number; exact: number | null };
    density?: { probes: number; steps: number; mean: number; meanStandardError: number | null; variance: number; grid: number[]; density: number[] };
  }>;
}

const list = (a: ArrayLike<number>): number[] => Array.from(a);

/** The JSON document: only the parts asked for; `exact` fields null when not computed. */
export function hessianJson(r: HessianReport, ctx: HessianContext): HessianResult {
  const doc: Record<string, unknown> = {
    model: { architecture: ctx.architecture, params: r.params, loss: ctx.loss, samples: ctx.samples, data: ctx.data },
    params: r.params,
    seed: r.seed,
    exact: r.exact,
    ...(ctx.matrix ? { matrix: ctx.matrix } : {}),
  };
  if (r.eigen) {
    const e = r.eigen;
    doc.lanczos = { seed: e.seed, steps: e.steps, restarts: e.restarts, converged: e.converged, tol: e.tol };
    const pairs = (p: typeof e.top, exact: number[] | null): object => ({
      values: p.values,
      residuals: p.residuals,
      exact,
      ...(p.vectors ? { vectors: p.vectors.map(list) } : {}),
    });
    if (e.top.values.length > 0) doc.top = pairs(e.top, e.exactTop);
    if (e.bottom.values.length > 0) doc.bottom = pairs(e.bottom, e.exactBottom);
  }
  if (r.trace) {
    const t = r.trace;
    const rep = (x: NonNullable<typeof t.repeats>["hutchinson"]) => ({ mean: x.mean, sd: x.sd, repeats: x.repeats, estimates: x.estimates });
    doc.trace = {
      estimate: t.trace, standardError: t.standardError, probes: t.probes, seed: t.seed, exact: t.exact,
      ...(t.hutchpp ? { hutchpp: { estimate: t.hutchpp.trace, products: t.hutchpp.products, rank: t.hutchpp.rank, seed: t.hutchpp.seed } } : {}),
      ...(t.repeats ? { repeats: { hutchinson: rep(t.repeats.hutchinson), hutchpp: t.repeats.hutchpp ? rep(t.repeats.hutchpp) : null } } : {}),
    };
  }
  if (r.density) {
    const d = r.density;
    doc.density = {
      probes: d.nodes.length,
      steps: d.steps,
      seed: d.seed,
      variance: d.variance,
      mean: d.mean,
      meanStandardError: d.meanStandardError,
      probeMeans: d.probeMeans,
      grid: list(d.grid),
      density: list(d.density),
      nodes: d.nodes.map(list),
      weights: d.weights.map(list),
      exact: d.exactMean === null || d.exactDensity === null ? null : { mean: d.exactMean, density: list(d.exactDensity) },
    };
  }
  if (r.perLayer) {
    doc.perLayer = r.perLayer.map((l) => ({
      layer: l.layer, size: l.size, lambdaMax: l.lambdaMax, residual: l.residual, steps: l.steps, converged: l.converged, seed: l.seed, exact: l.exact,
      ...(l.trace ? { trace: l.trace } : {}),
      ...(l.density ? { density: { probes: l.density.nodes.length, steps: l.density.steps, mean: l.density.mean, meanStandardError: l.density.meanStandardError, variance: l.density.variance, grid: list(l.density.grid), density: list(l.density.density) } } : {}),
    }));
  }
  return doc as unknown as HessianResult;
}

