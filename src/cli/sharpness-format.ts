// The `sharpness` command's outputs, all from the same reports: one JSON document and the
// text table (sharpness.svg's input is ../geometry/sharpness-figure.ts).

import type { SharpnessRequest } from "../geometry/sharpness-report.js";
import type { SharpnessResult } from "../geometry/sharpness.js";
import { SOLVER } from "../geometry/sharpness.js";
import { sharpnessJson, sharpnessOfJson, type SharpnessJson } from "../geometry/sharpness-json.js";

import { sharpnessFigure } from "../geometry/sharpness-figure.js";
import type { CommandIO } from "./command.js";
import { requireFinite } from "./finite.js";
import { writeFileAtomic } from "./io.js";

export { sharpnessFigure, sharpnessJson };
export type { SharpnessContext, SharpnessRun } from "../geometry/sharpness-figure.js";
import type { SharpnessContext, SharpnessRun } from "../geometry/sharpness-figure.js";

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

/** Writes what one run (or `merge` of its tiles) writes: JSON (with --json) or the text table to --out or stdout, and sharpness.svg. */
export async function writeSharpnessOutputs(doc: SharpnessJson, json: boolean, o: { out: string | undefined; svg: string | undefined }, io: CommandIO, source: string): Promise<void> {
  requireFinite(doc, source);
  const { runs, req, ctx } = sharpnessOfJson(doc);
  const text = json ? JSON.stringify(doc) + "\n" : sharpnessText(runs, req, ctx);
  if (o.svg !== undefined) {
    const { JSDOM } = await import("jsdom");
    const { renderSharpnessFigure } = await import("../render/figures/sharpness.js");
    writeFileAtomic(o.svg, renderSharpnessFigure(new JSDOM("").window.document, sharpnessFigure(runs, req, ctx)));
  }
  if (o.out !== undefined) writeFileAtomic(o.out, text);
  else io.out(text);
}
