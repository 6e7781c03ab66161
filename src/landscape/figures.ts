// The figure set written by `landscape`: a list of builders, each turning a Study into
// one SVG. Adding a figure (basins.svg, init-study.svg, …) is one more entry in FIGURES.

import { LOSS_LABELS, type LossName } from "../numerics/losses.js";
import { sigmoid } from "../numerics/sigmoid.js";
import type { GridResult } from "../numerics/grid.js";
import {
  colorBands, finiteExtent, formatPercent, renderLandscapeFigure, renderLossCurves, renderSaturation, renderTwoPanel,
  runColor, type ColorScheme, type LegendEntry, type PanelInput, type ScaleType,
} from "../render/index.js";
import {
  badMarker, epsLabel, field, grid, lossScale, mseStalls, num, pt, runLabel, sci, stem, trajectory,
} from "./figure-parts.js";
import type { Run, Study } from "./study.js";

import { BASINS_FIGURES } from "./basins-figures.js"; // basins (issue 5)

export { mseStalls, runLabel };

export interface FigureOptions {
  scheme: ColorScheme;
  /** Colour scale of loss heatmaps; "auto" is linear for MSE and log for cross-entropy (which spans decades). */
  scale: ScaleType | "auto";
  /** y axis of loss-curves.svg. */
  curvesScale: ScaleType;
  contourLines: boolean;
}

export interface FigureBuilder {
  /** File name in the output directory. */
  file: string;
  /** Losses the figure needs; it is skipped when the study lacks one. */
  needs: LossName[];
  title(study: Study): string;
  /** One sentence for the gallery and README. */
  caption(study: Study): string;
  render(study: Study, doc: Document, options: FigureOptions): string;
}

function landscape(loss: LossName): FigureBuilder {
  const file = `${loss}-landscape.svg`;
  return {
    file,
    needs: [loss],
    title: () => `${LOSS_LABELS[loss]} loss landscape with SGD trajectories`,
    caption: (s) =>
      loss === "mse"
        ? mseStalls(s)
          ? `MSE over (w, b). From the bad start the run slides into the hatched plateau, where |∇L| < ${sci(s.epsilon.value)}, and stays there; runs from proper inits reach the valley.`
          : `MSE over (w, b), with SGD from every start; hatched where |∇L| < ${sci(s.epsilon.value)}.`
        : `Cross-entropy over (w, b), from the same starts. The loss keeps a real slope at the bad start (|∇L| = ${num(s.badStartGradNorm.bce ?? NaN)}), so every run trains.`,
    render(s, doc, o) {
      const g = grid(s, loss);
      const runs = s.runs.filter((r) => r.loss === loss);
      const bad = runs.find((r) => r.startIndex === s.badStartIndex);
      return renderLandscapeFigure(doc, {
        idPrefix: stem(file),
        heading: {
          title: `${LOSS_LABELS[loss]} loss over (w, b), with SGD from ${runs.length} starts`,
          subtitle: bad
            ? `From the bad start ${pt(s.badStart)}: ${LOSS_LABELS[loss]} ends at ${pt(bad.result.final)}, accuracy ${formatPercent(bad.result.accuracy)}.`
            : undefined,
        },
        desc: `${LOSS_LABELS[loss]} loss of p = σ(w·x + b) on ${s.data.x.length} samples over w ∈ [${g.w[0]}, ${g.w[g.w.length - 1]}], b ∈ [${g.b[0]}, ${g.b[g.b.length - 1]}], as filled contour bands. ` +
          `Hatched: the region where |∇L| < ε = ${sci(s.epsilon.value)}. ` +
          runs.map((r) => `${runLabel(s, r)}, from ${pt(r.start)} to ${pt(r.result.final)}.`).join(" "),
        field: field(g, "loss"),
        fieldLabel: `${LOSS_LABELS[loss]} loss${lossScale(loss, o) === "log" ? " (log scale)" : ""}`,
        scheme: o.scheme,
        scale: lossScale(loss, o),
        contourLines: o.contourLines,
        flat: { gradNorm: field(g, "gradNorm"), epsilon: s.epsilon.value, label: epsLabel(s) },
        runs: runs.map((r) => trajectory(s, r)),
        markers: [badMarker(s)],
      });
    },
  };
}

const gradientNorm: FigureBuilder = {
  file: "gradient-norm.svg",
  needs: ["mse", "bce"],
  title: () => "Gradient norm, MSE against cross-entropy",
  caption: (s) =>
    `log10 |∇L| for both losses on one colour scale. At the bad start MSE's gradient is ${sci(s.badStartGradNorm.mse ?? NaN)} and falls to ~1e−4 one epoch later; cross-entropy's is ${num(s.badStartGradNorm.bce ?? NaN)}.`,
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
      flat: { gradNorm: field(g, "gradNorm"), epsilon: s.epsilon.value },
      trajectories: s.runs.filter((r) => r.loss === loss && r.startIndex === s.badStartIndex).map((r) => trajectory(s, r)),
      markers: [badMarker(s)],
      label: LOSS_LABELS[loss],
    });
    const bad = s.runs.filter((r) => r.startIndex === s.badStartIndex);
    const legend: LegendEntry[] = [
      ...bad.map((r): LegendEntry => ({ kind: "run", color: runColor(r.startIndex), label: runLabel(s, r) })),
      { kind: "flat-region", hatch: "", label: epsLabel(s) },
      { kind: "markers" },
    ];
    return renderTwoPanel(doc, {
      idPrefix: "gradient-norm",
      heading: {
        title: "Gradient norm |∇L|: MSE vanishes where cross-entropy does not",
        subtitle: `At the bad start ${pt(s.badStart)}: |∇L| = ${sci(s.badStartGradNorm.mse ?? NaN)} for MSE, ${num(s.badStartGradNorm.bce ?? NaN)} for cross-entropy.`,
      },
      desc: `log10 of the gradient norm of MSE (left) and cross-entropy (right) over the same (w, b) range, on one shared colour scale (values below its lowest tick share the darkest band). Hatched: |∇L| < ε = ${sci(s.epsilon.value)}. The bad start is ringed.`,
      panels: [panel("mse", gm), panel("bce", gb)],
      colorbars: [{ bands, label: "|∇L| (log scale, shared)", marks: [{ value: s.epsilon.value, label: "ε" }] }],
      legend,
    });
  },
};

const comparison: FigureBuilder = {
  file: "comparison.svg",
  needs: ["mse", "bce"],
  title: () => "MSE against cross-entropy from the bad start",
  caption: (s) =>
    mseStalls(s)
      ? "The hero figure: the same bad start, two losses. MSE stalls on a saturated plateau; cross-entropy walks out of it to a perfect classifier."
      : "The same start under two losses, side by side.",
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
        flat: { gradNorm: field(g, "gradNorm"), epsilon: s.epsilon.value },
        trajectories: r ? [trajectory(s, r)] : [],
        markers: [badMarker(s)],
        label: LOSS_LABELS[loss],
      };
      return { panel, bar: { bands, label: `${LOSS_LABELS[loss]} loss${bands.type === "log" ? " (log)" : ""}` } };
    };
    const m = make("mse");
    const c = make("bce");
    const rm = bad("mse");
    const rc = bad("bce");
    const acc = (r: Run | undefined): string => (r ? formatPercent(r.result.accuracy) : "n/a");
    return renderTwoPanel(doc, {
      idPrefix: "comparison",
      heading: {
        title: `Same start ${pt(s.badStart).replace(/\.00/g, "")}: ${mseStalls(s) ? "MSE stalls, cross-entropy trains" : "MSE against cross-entropy"}`,
        subtitle: `After ${s.options.train.epochs} epochs of SGD (lr ${s.options.train.optimizerOptions.lr}): MSE accuracy ${acc(rm)}, cross-entropy ${acc(rc)}.`,
      },
      desc: `Two panels over the same (w, b) range. Left: MSE loss; the run from ${pt(s.badStart)} stays in the hatched vanishing-gradient region (|∇L| < ${sci(s.epsilon.value)}). Right: cross-entropy loss; the run from the same start trains to accuracy ${acc(rc)}.`,
      panels: [m.panel, c.panel],
      colorbars: [m.bar, c.bar],
      legend: [
        ...[rm, rc].filter((r): r is Run => r !== undefined).map((r): LegendEntry => ({ kind: "run", color: runColor(r.startIndex), label: runLabel(s, r) })),
        { kind: "flat-region", hatch: "", label: epsLabel(s) },
        { kind: "markers" },
      ],
    });
  },
};

const lossCurves: FigureBuilder = {
  file: "loss-curves.svg",
  needs: [],
  title: () => "Loss per iteration for every run",
  caption: (s) =>
    mseStalls(s)
      ? "Full-data loss after every SGD step. MSE from the bad start stays flat; MSE from proper inits and cross-entropy from the bad start fall."
      : "Full-data loss after every SGD step: MSE from every start and cross-entropy from the first.",
  render(s, doc, o) {
    // MSE from every start, and cross-entropy from the bad start (dashed), as the issue asks.
    const runs = s.runs.filter((r) => r.loss === "mse" || r.startIndex === s.badStartIndex);
    const mseBad = runs.find((r) => r.loss === "mse" && r.startIndex === s.badStartIndex);
    return renderLossCurves(doc, {
      idPrefix: "loss-curves",
      heading: {
        title: mseStalls(s) ? "Loss per iteration: the MSE run from the bad start never gets going" : "Loss per iteration for every run",
        subtitle: mseBad
          ? `MSE from ${pt(s.badStart)} stays between ${num(Math.min(...mseBad.fullLosses), 3)} and ${num(Math.max(...mseBad.fullLosses), 3)} for ${mseBad.fullLosses.length - 1} steps.`
          : undefined,
      },
      desc: `Loss on all ${s.data.x.length} samples after each SGD step. ` + runs.map((r) => `${runLabel(s, r)}: final loss ${r.result.finalLoss.toPrecision(3)}.`).join(" "),
      curves: runs.map((r) => ({ key: r.key, label: runLabel(s, r), color: runColor(r.startIndex), dashed: r.loss === "bce", losses: r.fullLosses })),
      yScale: o.curvesScale,
      yLabel: o.curvesScale === "log" ? "loss (log scale)" : "loss",
    });
  },
};

/** σ below this counts as "σ ≈ 0" in the saturation figure. */
export const SATURATED_BELOW = 1e-3;

const saturation: FigureBuilder = {
  file: "saturation.svg",
  needs: [],
  title: () => "Which samples silence the MSE gradient",
  caption: (s) => {
    const n = s.samples.filter((r) => r.y === 1 && r.p < SATURATED_BELOW).length;
    return `Per sample at the bad start: ${n} positives sit at σ ≈ 0 with y = 1, maximally wrong, yet under MSE each adds almost nothing to the gradient (σ′ ≈ 0); under cross-entropy each adds ≈ 1.`;
  },
  render(s, doc) {
    const [w, b] = s.badStart;
    const curve: Array<[number, number]> = [];
    const xs = Array.from(s.data.x);
    const x0 = Math.min(...xs);
    const x1 = Math.max(...xs);
    for (let i = 0; i <= 200; i++) {
      const x = x0 + ((x1 - x0) * i) / 200;
      curve.push([x, sigmoid(w * x + b)]);
    }
    const wrong = s.samples.filter((r) => r.y === 1 && r.p < SATURATED_BELOW);
    const maxMse = Math.max(...wrong.map((r) => Math.abs(r.dldz.mse)));
    return renderSaturation(doc, {
      idPrefix: "saturation",
      heading: {
        title: `Why MSE's gradient vanishes at ${pt(s.badStart).replace(/\.00/g, "")}`,
        subtitle: wrong.length > 0
          ? `${wrong.length} positives have σ < ${SATURATED_BELOW} but y = 1; under MSE each has |dℓ/dz| ≤ ${sci(maxMse)}, under cross-entropy ≈ 1.`
          : undefined,
      },
      desc: `For each of the ${s.samples.length} samples at (w, b) = ${pt(s.badStart)}: the prediction σ(w·x + b) against the label, and the sample's weight |dℓ/dz| in the gradient under MSE and under cross-entropy (log axis).`,
      samples: s.samples.map((r) => ({ x: r.x, y: r.y, p: r.p, mse: Math.abs(r.dldz.mse), bce: Math.abs(r.dldz.bce) })),
      curve,
      saturatedBelow: SATURATED_BELOW,
      colors: { positive: "#d55e00", negative: "#0072b2", mse: "#cc79a7", bce: "#000000" },
    });
  },
};

/** The landscape figures of issue 3, in gallery order. */
export const CORE_FIGURES: FigureBuilder[] = [landscape("mse"), landscape("bce"), gradientNorm, lossCurves, comparison, saturation];

/** Every figure of the set, in gallery order. */
export const FIGURES: FigureBuilder[] = [
  ...CORE_FIGURES,
  // --- basins (issue 5): basins.svg, init-study.svg — see basins-figures.ts ---
  ...BASINS_FIGURES,
  // --- end basins ---
];

/** The builders whose losses the study has. */
export function figuresFor(study: Study, figures: FigureBuilder[] = FIGURES): FigureBuilder[] {
  return figures.filter((f) => f.needs.every((l) => study.options.losses.includes(l)));
}

