// The figures drawn over the (w, b) plane: each loss's landscape with its runs, the
// gradient norm of both losses, and the hero comparison. Pure functions of the study:
// every sentence is assembled from study.claims, so it holds for any data and flags.

import { LOSS_LABELS, type LossName } from "../numerics/losses.js";
import type { GridResult } from "../numerics/grid.js";
import {
  colorBands, finiteExtent, formatPercent, renderLandscapeFigure, renderTwoPanel, runColor, type LegendEntry, type PanelInput,
} from "../render/index.js";
import { badMarker, epsLabel, field, flatRegion, floorLabel, grid, lossScale, mseStalls, num, optimizerText, pt, runLabel, sci, stem, targetText, trajectory } from "./figure-parts.js";
import type { FigureBuilder, Run, Study } from "./types.js";

/** "the 3 runs from proper inits reach the valley" or "2 of 3 runs from the other starts reach 95% accuracy". */
function othersSentence(s: Study, loss: LossName): string | null {
  const o = s.claims.others[loss];
  if (!o || o.runs === 0) return null;
  if (o.trained === o.runs) return "runs from proper inits reach the valley";
  return `${o.trained} of ${o.runs} runs from the other starts reach ${targetText(s)} accuracy`;
}

function mseCaption(s: Study): string {
  const bad = s.claims.bad.mse;
  const eps = sci(s.epsilon.value);
  const parts: string[] = [];
  if (bad) {
    const acc = formatPercent(bad.accuracy);
    if (bad.flatFromEpoch !== null && !bad.trains) parts.push(`From the bad start the run slides into the hatched plateau, where |∇L| < ${eps}, and stays there`);
    else if (bad.flatFromEpoch !== null) parts.push(`From the bad start the run reaches accuracy ${acc} and settles where |∇L| < ${eps}, on the minimum's floor`);
    else if (!bad.trains) parts.push(`From the bad start the run ends at accuracy ${acc}, below the ${targetText(s)} target, outside the hatched region |∇L| < ${eps}`);
    else parts.push(`From the bad start the run trains to accuracy ${acc}`);
  }
  const others = othersSentence(s, "mse");
  if (others) parts.push(others);
  return `MSE over (w, b).${parts.length > 0 ? ` ${parts.join("; ")}.` : ""}`;
}

function bceCaption(s: Study): string {
  const g = s.badStartGradNorm.bce ?? NaN;
  const o = s.claims.others.bce;
  const runs = s.runs.filter((r) => r.loss === "bce");
  const trained = s.claims.runs.filter((r) => r.loss === "bce" && r.trains).length;
  const slope = g >= s.epsilon.value ? `The loss keeps a real slope at the bad start (|∇L| = ${num(g)})` : `At the bad start |∇L| = ${sci(g)}, below ε = ${sci(s.epsilon.value)}`;
  const outcome = trained === runs.length ? (g >= s.epsilon.value ? ", so every run trains." : ", yet every run trains.") : `; ${trained} of ${runs.length} runs reach ${targetText(s)} accuracy.`;
  return `Cross-entropy over (w, b)${o && o.runs > 0 && s.options.losses.includes("mse") ? ", from the same starts" : ""}. ${slope}${outcome}`;
}

export function landscapeFigure(loss: LossName): FigureBuilder {
  const file = `${loss}-landscape.svg`;
  return {
    file,
    needs: [loss],
    title: (s) => `${LOSS_LABELS[loss]} loss landscape with ${optimizerText(s)} trajectories`,
    caption: (s) => (loss === "mse" ? mseCaption(s) : bceCaption(s)),
    render(s, doc, o) {
      const g = grid(s, loss);
      const runs = s.runs.filter((r) => r.loss === loss);
      const bad = runs.find((r) => r.startIndex === s.badStartIndex);
      return renderLandscapeFigure(doc, {
        idPrefix: stem(file),
        heading: {
          title: `${LOSS_LABELS[loss]} loss over (w, b), with ${optimizerText(s)} from ${runs.length} starts`,
          subtitle: bad
            ? `From the bad start ${pt(s.badStart)}: ${LOSS_LABELS[loss]} ends at ${pt(bad.result.final)}, accuracy ${formatPercent(bad.result.accuracy)}.`
            : undefined,
        },
        desc: `${LOSS_LABELS[loss]} loss of p = σ(w·x + b) on ${s.data.x.length} samples over w ∈ [${g.w[0]}, ${g.w[g.w.length - 1]}], b ∈ [${g.b[0]}, ${g.b[g.b.length - 1]}], as filled contour bands. ` +
          `Where |∇L| < ε = ${sci(s.epsilon.value)}: striped where accuracy < ${targetText(s)} (a plateau: the gradient vanishes while the model is wrong), dotted where accuracy ≥ ${targetText(s)} (the minimum's floor: converged). ` +
          runs.map((r) => `${runLabel(s, r)}, from ${pt(r.start)} to ${pt(r.result.final)}.`).join(" "),
        field: field(g, "loss"),
        fieldLabel: `${LOSS_LABELS[loss]} loss${lossScale(loss, o) === "log" ? " (log scale)" : ""}`,
        scheme: o.scheme,
        scale: lossScale(loss, o),
        contourLines: o.contourLines,
        flat: { ...flatRegion(s, g), label: epsLabel(s), floorLabel: floorLabel(s) },
        runs: runs.map((r) => trajectory(s, r)),
        markers: [badMarker(s)],
      });
    },
  };
}

function gradientCaption(s: Study): string {
  const m = s.claims.bad.mse;
  const later = !m
    ? ""
    : m.epochs > 1
      ? `, ${sci(m.gradNorm.firstEpoch)} after one epoch and ${sci(m.gradNorm.final)} after ${m.epochs} epochs`
      : `, ${sci(m.gradNorm.final)} after one epoch`;
  return `log10 |∇L| for both losses on one colour scale. At the bad start MSE's gradient is ${sci(s.badStartGradNorm.mse ?? NaN)}${later}; cross-entropy's is ${num(s.badStartGradNorm.bce ?? NaN)}.`;
}

export const gradientNormFigure: FigureBuilder = {
  file: "gradient-norm.svg",
  needs: ["mse", "bce"],
  title: () => "Gradient norm, MSE against cross-entropy",
  caption: gradientCaption,
  render(s, doc, o) {
    const gm = grid(s, "mse");
    const gb = grid(s, "bce");
    const [m0, m1] = finiteExtent(gm.fields.gradNorm.data);
    const [b0, b1] = finiteExtent(gb.fields.gradNorm.data);
    const hi = Math.max(m1, b1);
    // Norms more than 7 decades below the largest (the deep plateau) share the darkest
    // band: that leaves half-decade bands where MSE and cross-entropy differ near the start.
    const lo = Math.max(Math.min(m0, b0), hi * 1e-7);
    const bands = colorBands(lo, hi, o.scheme, "log", 16);
    const panel = (loss: LossName, g: GridResult): PanelInput => ({
      field: field(g, "gradNorm"),
      bands,
      contourLines: o.contourLines,
      flat: flatRegion(s, g),
      trajectories: s.runs.filter((r) => r.loss === loss && r.startIndex === s.badStartIndex).map((r) => trajectory(s, r)),
      markers: [badMarker(s)],
      label: LOSS_LABELS[loss],
    });
    const bad = s.runs.filter((r) => r.startIndex === s.badStartIndex);
    const legend: LegendEntry[] = [
      ...bad.map((r): LegendEntry => ({ kind: "run", color: runColor(r.startIndex), label: runLabel(s, r) })),
      { kind: "flat-region", hatch: "", label: epsLabel(s), variant: "plateau" },
      { kind: "flat-region", hatch: "", label: floorLabel(s), variant: "floor" },
      { kind: "markers" },
    ];
    // The headline's claim: the MSE run ends in the flat region while cross-entropy's start is not flat.
    const vanishes = (s.claims.bad.mse?.flatFromEpoch ?? null) !== null && (s.badStartGradNorm.bce ?? 0) >= s.epsilon.value;
    return renderTwoPanel(doc, {
      idPrefix: "gradient-norm",
      heading: {
        title: vanishes ? "Gradient norm |∇L|: MSE vanishes where cross-entropy does not" : "Gradient norm |∇L| of MSE and cross-entropy",
        subtitle: `At the bad start ${pt(s.badStart)}: |∇L| = ${sci(s.badStartGradNorm.mse ?? NaN)} for MSE, ${num(s.badStartGradNorm.bce ?? NaN)} for cross-entropy.`,
      },
      desc: `log10 of the gradient norm of MSE (left) and cross-entropy (right) over the same (w, b) range, on one shared colour scale (values below its lowest tick share the darkest band). Where |∇L| < ε = ${sci(s.epsilon.value)}: striped where accuracy < ${targetText(s)} (plateau), dotted where accuracy ≥ ${targetText(s)} (minimum's floor). The bad start is ringed.`,
      panels: [panel("mse", gm), panel("bce", gb)],
      colorbars: [{ bands, label: "|∇L| (log scale, shared)", marks: [{ value: s.epsilon.value, label: "ε" }] }],
      legend,
    });
  },
};

function comparisonCaption(s: Study): string {
  const m = s.claims.bad.mse;
  const c = s.claims.bad.bce;
  if (!m || !c) return "The same start under two losses, side by side.";
  const to = c.perfect ? "a perfect classifier" : `accuracy ${formatPercent(c.accuracy)}`;
  if (!mseStalls(s)) return `The same start under two losses, side by side: MSE ends at accuracy ${formatPercent(m.accuracy)}, cross-entropy at ${formatPercent(c.accuracy)}.`;
  if (m.flatFromEpoch === null) return `The hero figure: the same bad start, two losses. MSE stops at accuracy ${formatPercent(m.accuracy)}; cross-entropy trains to ${to}.`;
  const plateau = s.claims.saturation.wrongPositives > 0 ? "a saturated plateau" : "a plateau";
  return `The hero figure: the same bad start, two losses. MSE stalls on ${plateau}; cross-entropy walks out of it to ${to}.`;
}

export const comparisonFigure: FigureBuilder = {
  file: "comparison.svg",
  needs: ["mse", "bce"],
  title: () => "MSE against cross-entropy from the bad start",
  caption: comparisonCaption,
  render(s, doc, o) {
    const bad = (loss: LossName): Run | undefined => s.runs.find((r) => r.loss === loss && r.startIndex === s.badStartIndex);
    const make = (loss: LossName) => {
      const g = grid(s, loss);
      const [lo, hi] = finiteExtent(g.fields.loss.data);
      const bands = colorBands(lo, hi, o.scheme, lossScale(loss, o), 10);
      const r = bad(loss);
      const panel: PanelInput = {
        field: field(g, "loss"),
        bands,
        contourLines: o.contourLines,
        flat: flatRegion(s, g),
        trajectories: r ? [trajectory(s, r)] : [],
        markers: [badMarker(s)],
        label: LOSS_LABELS[loss],
        ...(r ? { zoom: r.key } : {}),
      };
      return { panel, bar: { bands, label: `${LOSS_LABELS[loss]} loss${bands.type === "log" ? " (log)" : ""}` } };
    };
    const m = make("mse");
    const c = make("bce");
    const rm = bad("mse");
    const rc = bad("bce");
    const acc = (r: Run | undefined): string => (r ? formatPercent(r.result.accuracy) : "n/a");
    const stays = (s.claims.bad.mse?.flatFromEpoch ?? null) !== null ? "stays in" : "ends outside";
    return renderTwoPanel(doc, {
      idPrefix: "comparison",
      heading: {
        title: `Same start ${pt(s.badStart).replace(/\.00/g, "")}: ${mseStalls(s) ? "MSE stalls, cross-entropy trains" : "MSE against cross-entropy"}`,
        subtitle: `After ${s.options.train.epochs} epochs of ${optimizerText(s)} (lr ${s.options.train.optimizerOptions.lr}): MSE accuracy ${acc(rm)}, cross-entropy ${acc(rc)}.`,
      },
      desc: `Two panels over the same (w, b) range. Left: MSE loss; the run from ${pt(s.badStart)} ${stays} the hatched vanishing-gradient region (|∇L| < ${sci(s.epsilon.value)}). Right: cross-entropy loss; the run from the same start ${s.claims.bad.bce?.trains === false ? "ends at" : "trains to"} accuracy ${acc(rc)}.`,
      panels: [m.panel, c.panel],
      colorbars: [m.bar, c.bar],
      legend: [
        ...[rm, rc].filter((r): r is Run => r !== undefined).map((r): LegendEntry => ({ kind: "run", color: runColor(r.startIndex), label: runLabel(s, r) })),
        { kind: "flat-region", hatch: "", label: epsLabel(s), variant: "plateau" },
        { kind: "flat-region", hatch: "", label: floorLabel(s), variant: "floor" },
        { kind: "markers" },
      ],
    });
  },
};
