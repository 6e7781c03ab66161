// spectrum.svg for `hessian --svg`: the one point's SLQ density (with the exact
// smoothing beside it when known) and its top eigenvalues, through the render module.

import type { HessianReport } from "../curvature/report.js";
import { renderSpectrum } from "../render/figures/spectrum.js";
import type { SpectrumAxis } from "../render/figures/spectrum-scale.js";
import { runColor } from "../render/palette.js";
import type { ReportContext } from "./hessian-format.js";

export async function hessianSvg(r: HessianReport, ctx: ReportContext, axis: SpectrumAxis): Promise<string> {
  const d = r.density;
  if (!d) throw new Error("hessianSvg: the report has no density");
  // jsdom only here: renderers receive the document, they never create one.
  const { JSDOM } = await import("jsdom");
  const doc = new JSDOM("").window.document;
  const top = r.eigen ? r.eigen.top.values : [];
  const exactNote = d.exactDensity ? "; dashed: the exact eigenvalues under the same smoothing" : "";
  return renderSpectrum(doc, {
    heading: {
      title: `Hessian spectrum: ${ctx.architecture}, ${ctx.loss}`,
      subtitle: `P = ${r.params}, ${ctx.samples} samples of ${ctx.data}, at ${ctx.origin}; SLQ ${d.nodes.length} probes × ${d.steps} steps, seed ${d.seed}`,
    },
    desc: `Eigenvalue density of the Hessian by stochastic Lanczos quadrature (${d.nodes.length} probes, ${d.steps} steps, seed ${d.seed})${exactNote}, and the ${top.length} largest eigenvalues by Lanczos.`,
    idPrefix: "spectrum",
    axis,
    series: [{ key: "point", label: ctx.origin, color: runColor(0), grid: d.grid, density: d.density, exactDensity: d.exactDensity ?? undefined, top }],
  });
}
