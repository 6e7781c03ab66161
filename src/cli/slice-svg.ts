// `slice --svg FILE`: the figure of the computed slice. Every number the figure or its
// caption shows is computed here from the slice document (ε by sliceEpsilon, the largest
// off-plane fraction, the explained variance), then handed to the pure renderers.

import { basename } from "node:path";
import { LOSS_LABELS } from "../numerics/losses.js";
import { UsageError } from "./errors.js";
import { sliceEpsilon } from "../slices/slice-epsilon.js";
import type { SliceDocument } from "../formats/slice.js";
import type { SliceFigureOptions } from "../tiles/slice-context.js";

/** The figure's captions, as the tiles keep them. */
export type SliceSvgOptions = SliceFigureOptions;

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;
const sci = (v: number): string => v.toExponential(1).replace("-", "−");

/** Axis labels naming the direction kind and its normalization. */
/** "a random", "an interpolation", …: the direction kind as the titles say it, with its article. */
export function directionPhrase(kind: string): string {
  const names: Record<string, string> = { random: "a random", files: "a given", pca: "a PCA", interp: "an interpolation", eigen: "a Hessian-eigenvector", axes: "a parameter-axis" };
  return names[kind] ?? (/^[aeiou]/i.test(kind) ? `an ${kind}` : `a ${kind}`);
}

export function axisLabels(meta: Record<string, unknown>): [string, string] {
  const norm = meta.normalization as string;
  const scaled = norm === "none" ? "not normalized" : `${norm}-normalized`;
  const bias = meta.biasDirections === "keep" ? ", biases θ*'s" : meta.biasDirections === "zero" ? ", biases 0" : "";
  const list = (k: string): string[] => ((meta[k] as unknown[] | undefined) ?? []).map(String);
  switch (meta.kind) {
    case "random":
      return [`α · d1 (random, ${scaled}${bias})`, `β · d2 (random, ${scaled}${bias})`];
    case "files":
      return list("files").concat(["", ""]).slice(0, 2).map((f, k) => `${k ? "β" : "α"} · ${basename(f)} (${scaled}${bias})`) as [string, string];
    case "pca": {
      const r = (meta.explainedVarianceRatio as number[]) ?? [];
      return [`α · PC1 (${pct(r[0] ?? NaN)} of the run's variance)`, `β · PC2 (${pct(r[1] ?? NaN)} of the run's variance)`];
    }
    case "interp":
      return list("to").concat(["", ""]).slice(0, 2).map((f, k) => `${k ? "β" : "α"}: θ* → ${basename(f)} (at 1)`) as [string, string];
    case "eigen": {
      const l = (meta.eigenvalues as number[]) ?? [];
      return [`α · v1 (top Hessian eigenvector, λ1 = ${sci(l[0] ?? NaN)})`, `β · v2 (λ2 = ${sci(l[1] ?? NaN)})`];
    }
    default:
      return list("names").concat(["", ""]).slice(0, 2).map((n, k) => `${k ? "β" : "α"}: step in ${n}`) as [string, string];
  }
}

export async function sliceSvg(doc: SliceDocument, o: SliceSvgOptions): Promise<string> {
  // jsdom and d3 only here: the numeric paths never load them.
  const { JSDOM } = await import("jsdom");
  const { renderSliceFigure, slicePath } = await import("../render/figures/slice.js");
  const { renderSlice1dFigure } = await import("../render/figures/slice-1d.js");
  const { runColor } = await import("../render/palette.js");
  const { finiteExtent } = await import("../render/scales.js");
  const { cellEdges, missingRuns } = await import("../render/not-computed.js");
  const document = new JSDOM("<!DOCTYPE html><html><body></body></html>").window.document;
  const r = doc.result;
  const label = LOSS_LABELS[o.loss];
  // A log colour scale only when the loss spans more than a decade: most slices of a
  // trained model vary by far less, and half-decade bands would show one colour.
  const [lo, hi] = finiteExtent(r.fields.loss.data);
  const scale = lo > 0 && hi / lo > 10 ? "log" : "linear";
  const [xLabel, yLabel] = axisLabels(doc.directionMeta);
  const kind = String(doc.directionMeta.kind);
  const named = directionPhrase(kind);
  const where = `${o.model}, ${o.samples} samples, around ${o.center}`;
  // Points no tile computed (merge --allow-missing) are NaN in every field; a computed
  // point never is (finite input gives finite values, and one run refuses anything else).
  const missing = new Uint8Array(r.fields.loss.data.length);
  let missingCount = 0;
  r.fields.loss.data.forEach((v, p) => {
    if (Number.isNaN(v) && Number.isNaN(r.fields.accuracy.data[p]) && Number.isNaN(r.fields.gradNorm.data[p])) {
      missing[p] = 1;
      missingCount++;
    }
  });
  const total = missing.length;
  const missingText = missingCount > 0 ? ` ${missingCount} of ${total} points were not computed (tiles missing when merged): hatched grey.` : "";
  if (doc.d2 === null) {
    const edges = cellEdges(r.alpha);
    const intervals = missingRuns(total, (p) => missing[p] === 1).map(([a, b]): [number, number] => [edges[a], edges[b]]);
    const marks = [{ alpha: 0, label: "θ*" }, ...(kind === "interp" ? [{ alpha: 1, label: "θ_to" }] : [])];
    return renderSlice1dFigure(document, {
      heading: { title: `${label} loss along ${named} direction`, subtitle: where },
      desc: `${label} loss (top) and accuracy (bottom) at θ* + α·d1 for α from ${r.alpha[0]} to ${r.alpha[r.alpha.length - 1]} (${r.alpha.length} points); d1: ${xLabel}. ${where}.${missingText}`,
      idPrefix: "slice-1d",
      lines: [{ key: kind, label: xLabel, color: runColor(0), alpha: r.alpha, loss: r.fields.loss.data, accuracy: r.fields.accuracy.data }],
      xLabel: "α",
      lossLabel: `${label} loss`,
      scale,
      marks,
      notComputed: { intervals, points: missingCount, total },
    });
  }
  const a0 = r.alpha[0], a1 = r.alpha[r.alpha.length - 1], b0 = r.beta[0], b1 = r.beta[r.beta.length - 1];
  const auto = sliceEpsilon(doc.d1, doc.d2, [a0, a1], [b0, b1], o.samples);
  const eps = o.epsilon === "auto" ? auto.value : o.epsilon;
  // Kept finite by the drawn-axis limits; a flat plane drawn from ε = ∞ would be a lie.
  if (!Number.isFinite(eps)) throw new UsageError(`--alpha/--beta: ε = D / (lr·T) leaves the float64 range for this window; choose a smaller window or give --epsilon X`);
  const epsText = o.epsilon === "auto" ? `ε = ${sci(eps)} (${auto.rule})` : `ε = ${sci(eps)} (--epsilon)`;
  const t = doc.trajectory;
  let pathText = "";
  if (t && t.length > 0) {
    let worst = 0;
    for (const p of t) worst = Math.max(worst, p.offPlaneFraction);
    pathText = ` The projected run (${t.length} saved points) lies up to ${pct(worst)} of its displacement from θ* off the plane; rings grow with that fraction, and the charts below give the off-plane distance and the loss at θ_t next to the loss at its projection.`;
  }
  return renderSliceFigure(document, {
    heading: { title: `${label} loss over ${named} slice through parameter space`, subtitle: where },
    desc: `${label} loss at θ* + α·d1 + β·d2 over α ∈ [${a0}, ${a1}], β ∈ [${b0}, ${b1}] (${r.alpha.length}×${r.beta.length} points), as filled contour bands. x: ${xLabel}; y: ${yLabel}. Hatched where the full-space ‖∇L‖ < ${epsText}: stripes where accuracy < 95%, dots where ≥ 95%.${pathText}${missingText}`,
    idPrefix: "slice",
    alpha: r.alpha,
    beta: r.beta,
    loss: r.fields.loss.data,
    gradNorm: r.fields.gradNorm.data,
    accuracy: r.fields.accuracy.data,
    fieldLabel: `${label} loss${scale === "log" ? " (log scale)" : ""}`,
    scheme: "viridis",
    scale,
    contourLines: true,
    xLabel,
    yLabel,
    flat: { epsilon: eps, target: 0.95, plateauLabel: `‖∇L‖ < ε = ${sci(eps)}, accuracy < 95%: plateau`, floorLabel: "‖∇L‖ < ε, accuracy ≥ 95%: minimum's floor" },
    paths: t && t.length > 0 ? [slicePath({ key: "trajectory", label: "saved run, projected", color: runColor(0) }, t.map((p) => p.step), t)] : [],
    centerLabel: "θ*",
    notComputed: missing,
  });
}
