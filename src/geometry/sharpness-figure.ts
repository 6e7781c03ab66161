// The input of sharpness.svg from the reports of one or more runs: each measure a panel,
// one dot per run with its error bar (the range over the ascent starts, the average's
// 95% interval, Lanczos' residual, ±1.96 standard errors of the trace). Data only: the
// drawing is ../render/figures/sharpness.ts.

import type { SharpnessFigureInput, SharpnessPanel } from "../render/figures/sharpness.js";
import { runColor } from "../render/palette.js";
import type { SharpnessReport, SharpnessRequest } from "./sharpness-report.js";
import type { SharpnessResult } from "./sharpness.js";

export interface SharpnessRun {
  label: string;
  /** Where θ came from: a file or "--init he --seed 0". */
  source: string;
  architecture: string;
  report: SharpnessReport;
}

export interface SharpnessContext {
  loss: string;
  samples: number;
  data: string;
}

function spread(r: SharpnessResult, base: number, keskar: boolean): { low: number; high: number } {
  const v = (m: number): number => (keskar ? (100 * (Math.max(m, base) - base)) / (1 + base) : Math.max(m, base) - base);
  const vals = r.starts.map((s) => v(s.maxLoss));
  return { low: Math.min(...vals), high: Math.max(...vals) };
}

export function sharpnessFigure(runs: SharpnessRun[], req: SharpnessRequest, ctx: SharpnessContext): SharpnessFigureInput {
  const worstPanel = (key: string, title: string, pick: (r: SharpnessReport) => SharpnessResult, keskar: boolean): SharpnessPanel => ({
    key,
    title,
    note: "bar: range over the ascent starts",
    points: runs.map(({ report }) => ({ value: pick(report).value, ...spread(pick(report), report.loss, keskar) })),
  });
  const panels: SharpnessPanel[] = [
    worstPanel("keskar", `Keskar, ε = ${req.epsilon}`, (r) => r.keskar, true),
    worstPanel("adaptive-inf", `adaptive ∞-norm, ρ = ${req.rho}`, (r) => r.adaptiveInf, false),
    worstPanel("adaptive-2", `adaptive 2-norm, ρ = ${req.rho}`, (r) => r.adaptive2, false),
    {
      key: "average",
      title: `average-case, σ = ${req.sigma}`,
      note: `bar: 95% interval, ${req.averageSamples} draws`,
      points: runs.map(({ report: r }) => ({ value: r.average.mean, low: r.average.ci95[0], high: r.average.ci95[1] })),
    },
    { key: "lambda-max", title: "Hessian λ_max", note: "Lanczos; bar: residual", points: runs.map(({ report: r }) => ({ value: r.lambdaMax.value, low: r.lambdaMax.value - r.lambdaMax.residual, high: r.lambdaMax.value + r.lambdaMax.residual })) },
  ];
  if (req.traceProbes > 0) {
    panels.push({
      key: "trace",
      title: "Hessian trace",
      note: `Hutchinson ${req.traceProbes}; bar: ±1.96 s.e.`,
      points: runs.map(({ report: r }) => {
        const t = r.trace!;
        const se = Number.isFinite(t.standardError) ? t.standardError : 0;
        return { value: t.trace, low: t.trace - 1.96 * se, high: t.trace + 1.96 * se };
      }),
    });
  }
  return {
    heading: { title: `Sharpness of ${runs.length === 1 ? runs[0].label : `${runs.length} runs`}`, subtitle: `${ctx.loss} loss on ${ctx.samples} samples of ${ctx.data}; seed ${req.seed}; worst cases by ${req.restarts} ascent starts × ≤ ${req.iterations} steps` },
    desc: `Sharpness measures side by side for ${runs.map((r) => r.label).join(", ")}: Keskar ε-sharpness, adaptive sharpness (∞- and 2-norm), average-case sharpness, and the Hessian's largest eigenvalue and trace, each with its error bar.`,
    idPrefix: "sharpness",
    runs: runs.map((r, i) => ({ label: r.label, color: runColor(i) })),
    panels,
  };
}
