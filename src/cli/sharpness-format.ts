// The `sharpness` command's outputs, all from the same reports: one JSON document, the
// text table, and the input of sharpness.svg (each measure a panel, one dot per run).

import type { SharpnessReport, SharpnessRequest } from "../geometry/sharpness-report.js";
import type { SharpnessResult } from "../geometry/sharpness.js";
import { SOLVER } from "../geometry/sharpness.js";
import type { SharpnessFigureInput, SharpnessPanel } from "../render/figures/sharpness.js";
import { runColor } from "../render/palette.js";

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

function worst(r: SharpnessResult, radiusName: "epsilon" | "rho"): object {
  return {
    [radiusName]: r.radius,
    value: r.value,
    maxLoss: r.maxLoss,
    increase: r.increase,
    iterations: r.iterations,
    evaluations: r.evaluations,
    projectedGradientNorm: r.projectedGradientNorm,
    best: r.best,
    ...(radiusName === "epsilon" ? { subspace: r.subspace } : {}),
    starts: r.starts,
  };
}

export function sharpnessJson(runs: SharpnessRun[], req: SharpnessRequest, ctx: SharpnessContext): object {
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
      keskar: worst(r.keskar, "epsilon"),
      adaptiveInf: worst(r.adaptiveInf, "rho"),
      adaptive2: worst(r.adaptive2, "rho"),
      average: r.average,
      lambdaMax: r.lambdaMax,
      trace: r.trace ? { estimate: r.trace.trace, standardError: r.trace.standardError, probes: r.trace.probes, seed: r.trace.seed } : null,
    })),
  };
}

const num = (v: number): string => (v === 0 ? "0" : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toPrecision(5) : v.toExponential(3));

function worstLine(name: string, r: SharpnessResult): string {
  const found = r.best < 0 ? "no start rose above L(θ)" : `start ${r.best + 1} of ${r.starts.length}`;
  return `  ${name.padEnd(44)} ${num(r.value).padStart(11)}   max loss ${num(r.maxLoss)} (${found}; ${r.iterations} steps; ‖proj. grad‖ ${num(r.projectedGradientNorm)})`;
}

export function sharpnessText(runs: SharpnessRun[], req: SharpnessRequest, ctx: SharpnessContext): string {
  const lines = [`sharpness on ${ctx.samples} samples of ${ctx.data}, ${ctx.loss} loss; seed ${req.seed}; solver: ${SOLVER}`];
  for (const { label, source, architecture, report: r } of runs) {
    const sub = r.keskar.subspace ? `random ${r.keskar.subspace.dim}-dim subspace` : "full space";
    lines.push(
      "",
      `${label} (${source}): ${architecture}, P = ${r.params}, loss ${num(r.loss)}, accuracy ${(100 * r.accuracy).toFixed(1)}%`,
      worstLine(`Keskar ε-sharpness (ε = ${req.epsilon}, ${sub})`, r.keskar),
      worstLine(`adaptive, ∞-norm (ρ = ${req.rho})`, r.adaptiveInf),
      worstLine(`adaptive, 2-norm (ρ = ${req.rho})`, r.adaptive2),
      `  ${`average-case (σ = ${req.sigma}, ${r.average.samples} draws)`.padEnd(44)} ${num(r.average.mean).padStart(11)}   95% CI [${num(r.average.ci95[0])}, ${num(r.average.ci95[1])}]`,
      `  ${"λ_max (Lanczos)".padEnd(44)} ${num(r.lambdaMax.value).padStart(11)}   residual ${num(r.lambdaMax.residual)}, ${r.lambdaMax.steps} steps`,
      ...(r.trace ? [`  ${`trace (Hutchinson, ${r.trace.probes} probes)`.padEnd(44)} ${num(r.trace.trace).padStart(11)}   ± ${num(r.trace.standardError)} (standard error)`] : []),
    );
  }
  lines.push("", "Keskar: 100·(max − L)/(1 + L); adaptive: max − L; average-case: E[L(θ + δ)] − L.");
  return lines.join("\n") + "\n";
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
    worstPanel("keskar", `Keskar (ε = ${req.epsilon})`, (r) => r.keskar, true),
    worstPanel("adaptive-inf", `adaptive ∞-norm (ρ = ${req.rho})`, (r) => r.adaptiveInf, false),
    worstPanel("adaptive-2", `adaptive 2-norm (ρ = ${req.rho})`, (r) => r.adaptive2, false),
    {
      key: "average",
      title: `average-case (σ = ${req.sigma})`,
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
