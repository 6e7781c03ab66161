// The figures drawn against steps or samples rather than over (w, b): loss curves of
// every run and the per-sample saturation at the bad start. Pure functions of the study.

import { LOSS_LABELS } from "../numerics/losses.js";
import { renderLossCurves, renderSaturation, runColor } from "../render/index.js";
import { SATURATED_BELOW, type RunClaim } from "./claims.js";
import { mseStalls, num, optimizerText, pt, runLabel, sci } from "./figure-parts.js";
import { initLabel } from "./study.js";
import type { FigureBuilder, Study } from "./types.js";

export { SATURATED_BELOW };

/**
 * Positives, negatives, MSE bars and cross-entropy rings: pairwise CIEDE2000 ≥ 20 under
 * simulated deuteranopia and protanopia (reddish purple against blue fell to 13).
 */
export const SATURATION_COLORS = { positive: "#d55e00", negative: "#0072b2", mse: "#88ccee", bce: "#000000" };

function curvesCaption(s: Study): string {
  const head = `Full-data loss after every ${optimizerText(s)} step.`;
  const c = s.claims;
  const bad = c.bad.mse;
  const others = c.runs.filter((r) => r.loss === "mse" && r.startIndex !== s.badStartIndex);
  const bce = c.bad.bce;
  const fall = (rs: RunClaim[]): boolean => rs.length > 0 && rs.every((r) => r.falls);
  const falling: string[] = [];
  if (fall(others)) falling.push("MSE from proper inits");
  if (bce && bce.falls) falling.push("cross-entropy from the bad start");
  const parts: string[] = [];
  if (bad) parts.push(bad.flatCurve ? "MSE from the bad start stays flat" : `MSE from the bad start goes from ${num(bad.startLoss, 3)} to ${num(bad.finalLoss, 3)}`);
  if (falling.length > 0) parts.push(`${falling.join(" and ")} fall${falling.length === 1 && !falling[0].startsWith("MSE from proper") ? "s" : ""}`);
  return parts.length > 0 ? `${head} ${parts.join("; ")}.` : head;
}

export const lossCurvesFigure: FigureBuilder = {
  file: "loss-curves.svg",
  needs: [],
  title: () => "Loss per iteration for every run",
  caption: curvesCaption,
  render(s, doc, o) {
    // MSE from every start, and cross-entropy from the bad start (dashed).
    const runs = s.runs.filter((r) => r.loss === "mse" || r.startIndex === s.badStartIndex);
    const bad = s.claims.bad.mse;
    return renderLossCurves(doc, {
      idPrefix: "loss-curves",
      heading: {
        title: mseStalls(s) && bad?.flatCurve ? "Loss per iteration: the MSE run from the bad start never gets going" : "Loss per iteration for every run",
        subtitle: bad ? `MSE from ${pt(s.badStart)} stays between ${num(bad.minLoss, 3)} and ${num(bad.maxLoss, 3)} for ${bad.steps} steps.` : undefined,
      },
      desc: `Loss on all ${s.data.x.length} samples after each ${optimizerText(s)} step. ` + runs.map((r) => `${runLabel(s, r)}: final loss ${r.result.finalLoss.toPrecision(3)}.`).join(" "),
      curves: runs.map((r) => ({
        key: r.key,
        label: runLabel(s, r),
        name: r.startIndex === s.badStartIndex ? "bad start" : initLabel(r.init),
        panel: LOSS_LABELS[r.loss],
        color: runColor(r.startIndex),
        dashed: r.loss === "bce",
        losses: r.fullLosses,
        stride: r.lossStride,
        steps: r.result.steps,
      })),
      yScale: o.curvesScale,
      yLabel: o.curvesScale === "log" ? "loss (log scale)" : "loss",
    });
  },
};

function saturationCaption(s: Study): string {
  const n = s.claims.saturation.wrongPositives;
  if (n === 0) return `Per sample at the bad start: no positive sits at σ < ${SATURATED_BELOW} with y = 1, so no sample is both maximally wrong and silenced under ${LOSS_LABELS.mse}.`;
  return `Per sample at the bad start: ${n} positives sit at σ ≈ 0 with y = 1, maximally wrong, yet under MSE each adds almost nothing to the gradient (σ′ ≈ 0); under cross-entropy each adds ≈ 1.`;
}

export const saturationFigure: FigureBuilder = {
  file: "saturation.svg",
  needs: [],
  title: () => "Which samples silence the MSE gradient",
  caption: saturationCaption,
  render(s, doc) {
    const sat = s.claims.saturation;
    return renderSaturation(doc, {
      idPrefix: "saturation",
      heading: {
        title: sat.wrongPositives > 0
          ? `Why MSE's gradient vanishes at ${pt(s.badStart).replace(/\.00/g, "")}`
          : `Each sample's weight in the gradient at ${pt(s.badStart).replace(/\.00/g, "")}`,
        subtitle: sat.wrongPositives > 0
          ? `${sat.wrongPositives} positives have σ < ${SATURATED_BELOW} but y = 1; under MSE each has |dℓ/dz| ≤ ${sci(sat.maxMseWeight)}, under cross-entropy ≈ 1.`
          : undefined,
      },
      desc: `For each of the ${s.samples.length} samples at (w, b) = ${pt(s.badStart)}: the prediction σ(w·x + b) against the label, and the sample's weight |dℓ/dz| in the gradient under MSE and under cross-entropy (log axis).`,
      samples: s.samples,
      curve: sat.curve,
      saturatedBelow: SATURATED_BELOW,
      colors: SATURATION_COLORS,
    });
  },
};
