// slice.svg of the networks section: MSE over the PCA plane of the cross-entropy run from
// the bad start, every run projected on it with its off-plane share. Text from the study.

import { describeArchitecture } from "../nn/architecture.js";
import { LOSS_LABELS } from "../numerics/losses.js";
import { renderSliceFigure, slicePath } from "../render/figures/slice.js";
import { formatPercent } from "../render/format.js";
import { g3, netContext, netRunColor, netRunLabel, networks, startName } from "./network-figures.js";
import type { NetworkRun, NetworkStudy } from "./network-types.js";
import { lossScale } from "./figure-parts.js";
import type { FigureBuilder, Study } from "./types.js";

const sci = (v: number): string => v.toExponential(1).replace("-", "−");
const pct = (v: number): string => formatPercent(v);

function planeText(n: NetworkStudy): string {
  const plane = n.runs.find((r) => r.key === n.slice.planeRun) as NetworkRun;
  return `${LOSS_LABELS[plane.loss]} run from the ${startName(plane)}`;
}

function sliceCaption(s: Study): string {
  const n = networks(s);
  const sl = n.slice;
  const [v1, v2] = sl.pca.explainedVarianceRatio;
  const eps = sl.epsilon.value;
  const flatAtStart = sl.badStartGradNorm < eps ? "inside" : "outside";
  const runs = n.runs.map((r, k) => `${LOSS_LABELS[r.loss]} from ${r.startIndex === 0 ? "the bad start" : r.initText} ${g3(sl.maxOffPlane[k] * sl.scale)} (${pct(sl.maxOffPlane[k])}; loss gap up to ${g3(sl.maxLossGap[k])})`);
  return (
    `${LOSS_LABELS[sl.loss]} of the ${netContext(n)} over the plane through the end of the ${planeText(n)}, spanned by the top two principal components of that run's path ` +
    `(${pct(v1)} and ${pct(v2)} of its variance, biases included). Hatched: ‖∇L‖ < ε = ${sci(eps)}; the bad start, with ‖∇L‖ = ${sci(sl.badStartGradNorm)}, lies ${flatAtStart} it. ` +
    `Largest distance of each run's saved points from the plane (as a share of the ${g3(sl.scale)} the plane's run covers): ${runs.join("; ")}. Where it is large the colour under the path is not the run's loss.`
  );
}

export const networkSliceFigure: FigureBuilder = {
  file: "slice.svg",
  needs: [],
  networks: true,
  title: (s) => `${LOSS_LABELS[networks(s).slice.loss]} of the ${describeArchitecture(networks(s).arch)} network on the PCA plane of a training path`,
  caption: sliceCaption,
  render(s, doc, o) {
    const n = networks(s);
    const sl = n.slice;
    const [v1, v2] = sl.pca.explainedVarianceRatio;
    const target = formatPercent(n.accuracyTarget);
    const onPlane = n.runs.filter((_, k) => sl.maxOffPlane[k] < 0.5).map((r) => `${LOSS_LABELS[r.loss]} from ${startName(r)}`);
    const f = sl.result.fields;
    return renderSliceFigure(doc, {
      idPrefix: "slice",
      heading: {
        title: `${LOSS_LABELS[sl.loss]} around the end of the ${planeText(n)}`,
        subtitle: `Plane of its path's top two principal components (${pct(v1 + v2)} of its variance).`,
      },
      desc: sliceCaption(s) + ` Within half of ${g3(sl.scale)} of the plane: ${onPlane.length > 0 ? onPlane.join(", ") : "no run"}.`,
      alpha: sl.result.alpha,
      beta: sl.result.beta,
      loss: f.loss.data,
      gradNorm: f.gradNorm.data,
      accuracy: f.accuracy.data,
      fieldLabel: `${LOSS_LABELS[sl.loss]} loss`,
      xLabel: `α: principal component 1 (${pct(v1)}), biases included`,
      yLabel: `β: principal component 2 (${pct(v2)})`,
      scheme: o.scheme,
      scale: lossScale(sl.loss, o),
      contourLines: o.contourLines,
      flat: {
        epsilon: sl.epsilon.value,
        target: n.accuracyTarget,
        plateauLabel: `‖∇L‖ < ε = ${sci(sl.epsilon.value)}, accuracy < ${target}: plateau`,
        floorLabel: `‖∇L‖ < ε, accuracy ≥ ${target}: minimum's floor`,
      },
      paths: n.runs.map((r, k) =>
        slicePath(
          { key: r.key, color: netRunColor(r), dashed: r.loss === "bce", label: `${netRunLabel(r)}, off the plane by ≤ ${g3(sl.maxOffPlane[k] * sl.scale)}` },
          r.trajectorySteps,
          sl.projections[k],
        ),
      ),
      centerLabel: "θ*",
    });
  },
};
