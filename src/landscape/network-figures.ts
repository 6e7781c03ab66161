// The networks section's figures: pure functions of the study's networks part
// (network-study.ts). Every number a title, caption or legend states is read from it.

import { describeArchitecture } from "../nn/architecture.js";
import { LOSS_LABELS } from "../numerics/losses.js";
import { renderLayerStats } from "../render/figures/layer-stats.js";
import { renderLossCurves } from "../render/figures/loss-curves.js";
import { formatPercent, formatPower } from "../render/format.js";
import { runColor } from "../render/palette.js";
import { g3, layerStatsInput } from "./network-layer-stats.js";
import type { NetworkRun, NetworkStudy } from "./network-types.js";
import type { FigureBuilder, Study } from "./types.js";

export { g3 };
/** "1.2·10⁷×" for large ratios, "35×" below 1000. */
export function times(v: number): string {
  if (v < 1000) return `${Number(v.toPrecision(2))}×`;
  const k = Math.floor(Math.log10(v));
  const m = v / 10 ** k;
  return `${m >= 1.05 ? `${m.toFixed(1)}·` : ""}${formatPower(10 ** k)}×`;
}
export const list = (items: string[]): string => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);

export function networks(s: Study): NetworkStudy {
  if (!s.networks) throw new Error("the study has no networks part");
  return s.networks;
}

/** "2-8-8-8-1 sigmoid on 100 samples of moons". */
export const netContext = (n: NetworkStudy): string => `${describeArchitecture(n.arch)} on ${n.data.y.length} samples of ${n.data.source}`;

/** "bad start normal:12" or "xavier-normalized". */
export const startName = (r: NetworkRun): string => (r.startIndex === 0 ? `bad start ${r.initText}` : r.initText);

/** Legend text: loss, start and final accuracy. */
export const netRunLabel = (r: NetworkRun): string => `${LOSS_LABELS[r.loss]}, ${startName(r)}: acc. ${formatPercent(r.accuracy)}`;

export const netRunColor = (r: NetworkRun): string => runColor(r.startIndex);

/** "SGD with momentum (lr 0.5, μ 0.9), batch 10, 150 epochs". */
export function netTraining(n: NetworkStudy): string {
  const t = n.settings.train;
  const o = t.optimizerOptions;
  const name = t.optimizer === "sgd" ? `SGD (lr ${o.lr})` : t.optimizer === "momentum" ? `SGD with momentum (lr ${o.lr}, μ ${o.momentum})` : `Adam (lr ${o.lr})`;
  return `${name}, batch ${t.batchSize}, ${t.epochs} epochs`;
}

function layerStatsCaption(s: Study): string {
  const n = networks(s);
  const c = n.claims;
  const bad = n.runs.findIndex((r) => r.loss === "mse" && r.startIndex === 0);
  const sat = c.badSaturation.map((v) => formatPercent(v));
  const others = n.runs.map((r, k) => k).filter((k) => k !== bad);
  const grads = others.map((k) => `${g3(c.firstLayerBackprop[k])} (${LOSS_LABELS[n.runs[k].loss]}, ${startName(n.runs[k])})`);
  return (
    `At each run's start, per layer of the ${netContext(n)}: from the bad start ${n.runs[bad].initText}, ${list(sat.slice(0, -1))} of the hidden units × samples are saturated ` +
    `and ${sat[sat.length - 1]} at the σ output; the back-propagated gradient's std at layer 1 is ${g3(c.firstLayerBackprop[bad])} under MSE, against ${list(grads)}.`
  );
}

export const layerStatsFigure: FigureBuilder = {
  file: "layer-stats.svg",
  needs: [],
  networks: true,
  title: (s) => `Activations and back-propagated gradients per layer of the ${describeArchitecture(networks(s).arch)} network at its start`,
  caption: layerStatsCaption,
  render(s, doc) {
    const n = networks(s);
    const ratio = n.claims.gradientRatio;
    return renderLayerStats(doc, layerStatsInput({
      heading: {
        title: `Per layer at the start: ${n.arch.activation} activations and back-propagated gradients`,
        subtitle: Number.isFinite(ratio) && ratio > 10
          ? `${describeArchitecture(n.arch)}: at layer 1 the bad start's MSE gradient is ${times(ratio)} smaller than the proper inits'.`
          : netContext(n),
      },
      idPrefix: "layer-stats",
      activation: n.arch.activation,
      context: netContext(n),
      runs: n.runs.map((r) => ({
        label: `${LOSS_LABELS[r.loss]}, ${startName(r)}`,
        color: netRunColor(r),
        dashed: r.loss === "bce",
        layers: r.layers,
        // The same start under another loss: the same activations.
        sameActivationsAsEarlier: n.runs.some((o) => o !== r && o.startIndex === r.startIndex && n.runs.indexOf(o) < n.runs.indexOf(r)),
      })),
    }));
  },
};

/** "stays between 0.2 and 0.3", or when both print alike "stays at 0.500 (moves by 3.1e−9)". */
function between([lo, hi]: [number, number]): string {
  return g3(lo) === g3(hi) ? `stays at ${g3(hi)} (moves by ${(hi - lo).toExponential(1).replace("-", "−")})` : `stays between ${g3(lo)} and ${g3(hi)}`;
}

function curvesCaption(s: Study): string {
  const n = networks(s);
  const c = n.claims;
  const parts = n.runs.map((r, k) => {
    const from = `${LOSS_LABELS[r.loss]} from ${r.startIndex === 0 ? "the bad start" : r.initText}`;
    const move = c.flat[k] ? `stays flat at ${g3(r.finalLoss)}` : `goes from ${g3(r.curve[0])} to ${g3(r.finalLoss)}`;
    return `${from} ${move} (accuracy ${formatPercent(r.accuracy)})`;
  });
  return `Full-data loss of the ${netContext(n)} at the start and after every epoch of ${netTraining(n)}: ${parts.join("; ")}.`;
}

export const networkCurvesFigure: FigureBuilder = {
  file: "network-loss-curves.svg",
  needs: [],
  networks: true,
  title: (s) => `Loss per epoch of the ${describeArchitecture(networks(s).arch)} network from every start`,
  caption: curvesCaption,
  render(s, doc, o) {
    const n = networks(s);
    const badIndex = n.runs.findIndex((r) => r.loss === "mse" && r.startIndex === 0);
    const bad = n.runs[badIndex];
    const stalls = n.claims.mseStalls && n.claims.flat[badIndex];
    return renderLossCurves(doc, {
      idPrefix: "network-loss-curves",
      heading: {
        title: stalls ? "The deep network from the bad start never gets going under MSE" : "Loss per epoch of the deep network from every start",
        subtitle: `${netContext(n)}; MSE from ${bad.initText} ${between(n.claims.curveExtent[badIndex])}.`,
      },
      desc: `Loss on all ${n.data.y.length} samples at the start and after every epoch (${bad.stepsPerEpoch} steps) of ${netTraining(n)}. ` + n.runs.map((r) => `${netRunLabel(r)}: final loss ${g3(r.finalLoss)}.`).join(" "),
      curves: n.runs.map((r) => ({
        key: r.key,
        label: netRunLabel(r),
        name: startName(r),
        panel: LOSS_LABELS[r.loss],
        color: netRunColor(r),
        dashed: r.loss === "bce",
        losses: r.curve,
        stride: r.stepsPerEpoch,
        steps: r.steps,
      })),
      yScale: o.curvesScale,
      yLabel: o.curvesScale === "log" ? "loss (log scale)" : "loss",
    });
  },
};
