// basins.svg and init-study.svg: the basin maps and the init-scheme study of the
// study stage (basins-study.ts), drawn with the set's ε and accuracy target. Pure
// functions of the study: every sentence is assembled from its numbers.

import { DEFAULT_BASIN_GRID } from "../basins/basin-map.js";
import { studyJson } from "../basins/study-json.js";
import { LOSS_LABELS, type LossName } from "../numerics/losses.js";
import { renderBasinsFigure, SUPPORT_STYLES, type SupportBox } from "../render/basins.js";
import { renderInitStudyFigure } from "../render/init-study.js";
import { formatPercent } from "../render/format.js";
import { BASIN_LOSSES, LANDSCAPE_STUDY_SAMPLES } from "./basins-study.js";
import type { BasinsData, FigureBuilder, Study } from "./types.js";
import type { InitStudy } from "../basins/init-study.js";

export { LANDSCAPE_STUDY_SAMPLES };

const SERIES_COLORS: Record<LossName, { color: string; dashed: boolean }> = {
  mse: { color: "#d55e00", dashed: false },
  bce: { color: "#0072b2", dashed: true },
};

const pct1 = (k: number, n: number): string => formatPercent(k / n);
const sci = (v: number): string => v.toExponential(1).replace("-", "−");
const pt = (p: [number, number]): string => `(${p.map((v) => String(v).replace("-", "−")).join(", ")})`;
const target = (s: Study): string => formatPercent(s.accuracyTarget);

function basins(s: Study): BasinsData {
  if (!s.basins) throw new Error("basins.svg needs the study's basin maps");
  return s.basins;
}

function initStudyOf(s: Study): InitStudy {
  if (!s.initStudy) throw new Error("init-study.svg needs the study's init study");
  return s.initStudy;
}

function supportBoxes(d: BasinsData): SupportBox[] {
  return d.supports.map((sup, k) => ({
    half: sup.half,
    label: `${sup.schemes.join(", ")}: ${sup.description}`,
    ...SUPPORT_STYLES[k % SUPPORT_STYLES.length],
  }));
}

/** Where the init schemes' boxes lie relative to the region that trains. */
function supportsSentence(d: BasinsData): string {
  const all = d.supports.every((sup) => BASIN_LOSSES.every((l) => sup.trainsUnder.includes(l)));
  if (all) return "all inside the region that trains under both losses";
  return d.supports
    .map((sup) => {
      const under = sup.trainsUnder.map((l) => LOSS_LABELS[l]);
      return `${sup.schemes.join(", ")}: ${under.length === 0 ? "some starts fail under both losses" : `every start trains under ${under.join(" and ")} only`}`;
    })
    .join("; ");
}

export const basinsFigure: FigureBuilder = {
  file: "basins.svg",
  needs: ["mse", "bce"],
  part: "basins",
  title: () => "Which starts train: basin maps under MSE and cross-entropy",
  caption(s) {
    const d = basins(s);
    const [m, b] = BASIN_LOSSES.map((l) => d.summary[l]);
    const mseBad = d.badCell.mse;
    const bceBad = d.badCell.bce;
    const widest = Math.max(...d.supports.map((x) => x.half));
    const outside = Math.max(Math.abs(s.badStart[0]), Math.abs(s.badStart[1])) > widest;
    const t = target(s);
    const where =
      mseBad && bceBad
        ? ` The bad start ${pt(s.badStart)} ${mseBad.reached ? "reaches" : "never reaches"} ${t} under MSE (final accuracy ${formatPercent(mseBad.accuracy)}) and ${bceBad.reached ? "reaches" : "never reaches"} it under cross-entropy${outside ? "; it lies outside every init scheme's support" : ""}.`
        : "";
    const f = d.flatStarts;
    const flat = ` Of the starts where |∇L| < ε, striped ones stall below ${t} (MSE ${f.mse.stalled}, cross-entropy ${f.bce.stalled}) and dotted ones, on a minimum's floor, reach it (MSE ${f.mse.floor}, cross-entropy ${f.bce.floor}).`;
    return `Final accuracy after training from each of ${m.starts} starts: ${pct1(m.reached, m.starts)} of them reach ${t} under MSE, ${pct1(b.reached, b.starts)} under cross-entropy.${where}${flat}`;
  },
  render(s, doc) {
    const d = basins(s);
    const sum = (l: LossName) => d.summary[l];
    const w = d.maps.mse.w;
    const b = d.maps.mse.b;
    const c = s.options.train;
    const t = target(s);
    const at = (l: LossName): string => {
      const r = d.badCell[l];
      return r ? `${formatPercent(r.accuracy)}${r.reached ? "" : ` (never reaches ${t})`}` : "outside the grid";
    };
    return renderBasinsFigure(doc, {
      idPrefix: "basins",
      heading: {
        title: "Which starts train? Final accuracy from every (w, b)",
        subtitle: `Starts reaching ${t} in ${c.epochs} epochs: MSE ${pct1(sum("mse").reached, sum("mse").starts)}, cross-entropy ${pct1(sum("bce").reached, sum("bce").starts)}.`,
      },
      desc:
        `Two panels over starting points w ∈ [${w[0]}, ${w[w.length - 1]}], b ∈ [${b[0]}, ${b[b.length - 1]}] (${w.length}×${b.length} starts). ` +
        `Colour: full-data accuracy after ${c.epochs} epochs of ${c.optimizer} (lr ${c.optimizerOptions.lr}, batch size ${c.batchSize}); the top band is ≥ ${t}. ` +
        `Left MSE, right cross-entropy. Outlined: the loss's flat region |∇L| < ε = ${sci(s.epsilon.value)} at the start, striped where the run ends below ${t} (stalled on the plateau: MSE ${d.flatStarts.mse.stalled} starts, cross-entropy ${d.flatStarts.bce.stalled}), dotted where it reaches ${t} (a minimum's floor: MSE ${d.flatStarts.mse.floor}, cross-entropy ${d.flatStarts.bce.floor}). ` +
        `The bad start ${pt(s.badStart)} ends at accuracy ${at("mse")} under MSE and ${at("bce")} under cross-entropy. ` +
        `Squares: the supports of the init schemes (pytorch and xavier U[−1, 1]², xavier-normalized U[−√3, √3]², He ±2σ with σ = √2), ${supportsSentence(d)}.`,
      panels: [
        { label: LOSS_LABELS.mse, accuracy: { w, b, values: d.maps.mse.accuracy.data }, gradNorm: { w, b, values: d.gradNorm.mse } },
        { label: LOSS_LABELS.bce, accuracy: { w, b, values: d.maps.bce.accuracy.data }, gradNorm: { w, b, values: d.gradNorm.bce } },
      ],
      epsilon: s.epsilon.value,
      flatLabel: `stalled on the plateau: |∇L| < ε = ${sci(s.epsilon.value)} at the start, final accuracy < ${t}`,
      floorLabel: `a minimum's floor: |∇L| < ε at the start, final accuracy ≥ ${t}`,
      target: s.accuracyTarget,
      markers: [{ w: s.badStart[0], b: s.badStart[1], label: `bad start ${pt(s.badStart)}` }],
      markerLabel: `○ bad start ${pt(s.badStart)}`,
      supports: supportBoxes(d),
    });
  },
};

/** "12.3%" or "12.3%–45.6%": the range of a few rates (one per study row). */
function rangeText(v: number[]): string {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of v) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return lo === hi ? formatPercent(lo) : `${formatPercent(lo)}–${formatPercent(hi)}`;
}

export const initStudyFigure: FigureBuilder = {
  file: "init-study.svg",
  needs: ["mse", "bce"],
  part: "init-study",
  title: () => "How likely each init scheme is to train",
  caption(s) {
    const st = initStudyOf(s);
    const rate = (l: LossName, named: boolean): number[] =>
      st.rows.filter((r) => (r.scheme.kind !== "normal") === named).map((r) => r.results[l]?.reached.rate ?? NaN);
    const ten = st.rows.find((r) => r.scheme.kind === "normal" && r.scheme.std === 10)?.results.mse;
    return (
      `P(reach ${target(s)} accuracy) from ${st.samples} seeded draws per scheme, with Wilson 95% intervals. ` +
      `The standard schemes (pytorch, xavier, xavier-normalized, he) succeed in ${rangeText(rate("mse", true))} of draws under MSE and ${rangeText(rate("bce", true))} under cross-entropy. ` +
      `For N(0, σ²) starts the MSE rate spans ${rangeText(rate("mse", false))} as σ grows${ten ? ` (σ = 10: ${formatPercent(ten.reached.rate)})` : ""}; cross-entropy's spans ${rangeText(rate("bce", false))}.`
    );
  },
  render(s, doc) {
    const st = initStudyOf(s);
    const c = s.options.train;
    return renderInitStudyFigure(doc, {
      idPrefix: "init-study",
      heading: {
        title: `How likely is each init to train? P(reach ${target(s)} accuracy)`,
        subtitle: `${st.samples} seeded draws of (w, b) per scheme, ${c.epochs} epochs of ${c.optimizer} (lr ${c.optimizerOptions.lr}), Wilson 95% intervals.`,
      },
      desc:
        `Left: probability that training reaches ${target(s)} accuracy, per init scheme, for MSE and cross-entropy. Right: the same for N(0, σ²) starts against σ. ` +
        st.rows
          .map((r) => `${r.label}: ${BASIN_LOSSES.map((l) => `${LOSS_LABELS[l]} ${formatPercent(r.results[l]?.reached.rate ?? NaN)}`).join(", ")}.`)
          .join(" "),
      series: BASIN_LOSSES.map((l) => ({ label: LOSS_LABELS[l], ...SERIES_COLORS[l] })),
      rows: st.rows.map((r) => ({
        label: r.label,
        std: r.std,
        isNormal: r.scheme.kind === "normal",
        results: BASIN_LOSSES.map((l) => {
          const cell = r.results[l];
          return cell ? { rate: cell.reached.rate, ci: cell.reached.ci } : undefined;
        }),
      })),
      probabilityLabel: `P(reach ${target(s)} accuracy)`,
    });
  },
};

/** Both figures, in gallery order. */
export const BASINS_FIGURES: FigureBuilder[] = [basinsFigure, initStudyFigure];

/** The "basins" section of landscape.json: grid, per-loss counts and the init-study table, as far as computed. */
export function basinsManifest(s: Study): Record<string, unknown> {
  const d = s.basins;
  return {
    grid: DEFAULT_BASIN_GRID,
    accuracyTarget: s.accuracyTarget,
    epsilon: s.epsilon.value,
    ...(d ? { maps: Object.fromEntries(BASIN_LOSSES.map((l) => [l, { ...d.summary[l], flatStarts: d.flatStarts[l], badStart: d.badCell[l] }])) } : {}),
    ...(s.initStudy ? { initStudy: studyJson(s.initStudy) } : {}),
  };
}
