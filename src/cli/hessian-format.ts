// The `hessian` command's text report, from the same HessianReport as its JSON document
// (api/hessian-json.ts).

import type { HessianReport } from "../curvature/report.js";
import { hessianJson, type HessianContext } from "../api/hessian-json.js";

/** The report's context, with where θ came from and the per-layer blocks' names for the text. */
export interface ReportContext extends HessianContext {
  origin: string;
  /** Names of the --per-layer blocks, in order (an MLP's layers.K, a model's tensors). */
  blocks?: readonly string[];
}

export { hessianJson };

const list = (a: ArrayLike<number>): number[] => Array.from(a);

const e = (v: number): string => v.toExponential(12);
const count = (k: number): string => (k === 1 ? "1 eigenvalue" : `${k} eigenvalues`);
const s = (v: number): string => v.toExponential(2);
const pad = (t: string, n: number): string => t.padEnd(n);

function pairRows(title: string, values: number[], residuals: number[], exact: number[] | null): string[] {
  const head = `  ${pad("k", 5)}${pad("λ_k", 21)}${pad("‖Hv − λv‖", 11)}${exact ? `${pad("exact (dense)", 21)}|λ − exact|` : ""}`;
  return [
    title,
    head,
    ...values.map((v, k) => `  ${pad(String(k + 1), 5)}${pad(e(v), 21)}${pad(s(residuals[k]), 11)}${exact ? `${pad(e(exact[k]), 21)}${s(Math.abs(v - exact[k]))}` : ""}`),
  ];
}

/** The text report: one block per estimate, each with its seed and spread, exact values beside. */
export function hessianText(r: HessianReport, ctx: ReportContext): string {
  const lines = [
    `${ctx.matrix === "ggn" ? "Generalized Gauss–Newton matrix" : "Hessian"} of the ${ctx.loss} loss, ${ctx.architecture} (P = ${r.params}), ${ctx.samples} samples of ${ctx.data}, at ${ctx.origin}`,
    r.exact ? `exact values: dense ${ctx.matrix === "ggn" ? "GGN matrix" : "Hessian"} and all its eigenvalues` : `exact values: not computed (${r.params > 2000 ? "P > 2000" : "--no-exact"})`,
  ];
  if (r.eigen) {
    const x = r.eigen;
    const how = `Lanczos, full reorthogonalization, seed ${x.seed}, ${x.steps} H·v${x.restarts ? `, ${x.restarts} restarts` : ""}, ${x.converged ? "converged" : "NOT converged"} (tol ${x.tol})`;
    if (x.top.values.length > 0) lines.push("", ...pairRows(`top ${count(x.top.values.length)} (${how}):`, x.top.values, x.top.residuals, x.exactTop));
    if (x.bottom.values.length > 0) lines.push("", ...pairRows(`bottom ${count(x.bottom.values.length)} (${how}):`, x.bottom.values, x.bottom.residuals, x.exactBottom));
    const vecs = [...(x.top.vectors ?? []), ...(x.bottom.vectors ?? [])];
    if (vecs.length > 0) lines.push("", "eigenvectors (flat, params order; top then bottom):", ...vecs.map((v) => `  [${list(v).map((c) => c.toPrecision(8)).join(", ")}]`));
  }
  if (r.trace) {
    const t = r.trace;
    lines.push("", `trace (Hutchinson, ${t.probes} Rademacher probes, seed ${t.seed}): ${e(t.trace)} ± ${s(t.standardError)} (standard error)${t.exact === null ? "" : `; exact ${e(t.exact)}${t.standardError > 0 ? `, off by ${(Math.abs(t.trace - t.exact) / t.standardError).toFixed(2)} standard errors` : ""}`}`);
    if (t.hutchpp) lines.push(`trace (Hutch++, ${t.hutchpp.products} products, sketch rank ${t.hutchpp.rank}, seed ${t.hutchpp.seed}): ${e(t.hutchpp.trace)}${t.exact === null ? "" : `; off the exact trace by ${s(Math.abs(t.hutchpp.trace - t.exact))}`}`);
    if (t.repeats) {
      const row = (name: string, x: NonNullable<typeof t.repeats>["hutchinson"]): string => `  ${pad(name, 12)}mean ${e(x.mean)} ± ${s(x.sd)} (sd over ${x.repeats} seeds ${t.seed}…${t.seed + x.repeats - 1})${t.exact === null ? "" : `; RMS error ${s(Math.sqrt(x.estimates.reduce((a, v) => a + (v - (t.exact as number)) ** 2, 0) / x.repeats))}`}`;
      lines.push(`repeated with ${t.probes} products each:`, row("Hutchinson", t.repeats.hutchinson), ...(t.repeats.hutchpp ? [row("Hutch++", t.repeats.hutchpp)] : []));
    }
  }
  if (r.density) {
    const d = r.density;
    const spread = d.meanStandardError === null ? "one probe: no spread" : `± ${s(d.meanStandardError)} over probes`;
    lines.push(
      "",
      `density (SLQ, ${d.nodes.length} probes × ${d.steps} Lanczos steps, seed ${d.seed}): ${d.grid.length} points on [${e(d.grid[0])}, ${e(d.grid[d.grid.length - 1])}], Gaussian variance ${s(d.variance)}`,
      `  first moment (≈ trace/P) ${e(d.mean)} ${spread}${d.exactMean === null ? "" : `; exact trace/P ${e(d.exactMean)}`}`,
      "  (--json gives the grid, the density, each probe's nodes and weights and the exact density)",
    );
  }
  if (r.perLayer) {
    const ex = r.perLayer.some((l) => l.exact !== null);
    // Blocks by name (an MLP's layers.K, a model's parameter tensors), the column as wide as the longest.
    const name = (l: { layer: number }): string => ctx.blocks?.[l.layer] ?? String(l.layer);
    const w = Math.max(7, ...r.perLayer.map((l) => name(l).length + 2));
    lines.push("", `per-layer λ_max of the diagonal blocks (Lanczos, seed ${r.seed}):`, `  ${pad("layer", w)}${pad("size", 8)}${pad("λ_max", 21)}${pad("‖Hv − λv‖", 11)}${ex ? "exact (dense block)" : ""}`);
    for (const l of r.perLayer) lines.push(`  ${pad(name(l), w)}${pad(String(l.size), 8)}${pad(e(l.lambdaMax), 21)}${pad(s(l.residual), 11)}${l.exact === null ? "" : e(l.exact)}${l.converged ? "" : "  NOT converged"}`);
    if (r.perLayer.some((l) => l.trace)) {
      lines.push(`per-layer trace of the diagonal blocks (Hutchinson, seed ${r.seed}):`);
      for (const l of r.perLayer) if (l.trace) lines.push(`  ${pad(name(l), w)}${pad(String(l.size), 8)}${e(l.trace.estimate)} ± ${s(l.trace.standardError)}${l.trace.exact === null ? "" : `  exact ${e(l.trace.exact)}`}`);
    }
    if (r.perLayer.some((l) => l.density)) {
      lines.push(`per-layer density (SLQ, seed ${r.seed}; --json gives each grid and density):`);
      for (const l of r.perLayer) if (l.density) lines.push(`  ${pad(name(l), w)}${pad(String(l.size), 8)}first moment ${e(l.density.mean)} over ${l.density.nodes.length} probes × ${l.density.steps} steps, on [${e(l.density.grid[0])}, ${e(l.density.grid[l.density.grid.length - 1])}]`);
    }
  }
  return lines.join("\n") + "\n";
}
