// basins.svg and init-study.svg as FigureBuilders for the `landscape` figure set, plus
// their section of landscape.json. The numbers come from src/basins (basin maps over
// DEFAULT_BASIN_GRID and the init-scheme study), computed once per Study and cached,
// with the Study's training settings, seed and ε, so these figures agree with the rest.

import { basinMap, DEFAULT_BASIN_GRID, summarizeBasinMap, nearestCell, type BasinMap, type ManyTrainer } from "../basins/basin-map.js";
import { defaultStudySchemes, initStudy, type InitStudy } from "../basins/init-study.js";
import { schemeSupports } from "../basins/supports.js";
import { seededRandom } from "../init/random.js";
import { evaluateGridFast } from "../fast/grid-fast.js";
import { LOSS_LABELS, type LossName } from "../numerics/losses.js";
import { renderBasinsFigure, SUPPORT_STYLES, type SupportBox } from "../render/basins.js";
import { renderInitStudyFigure } from "../render/init-study.js";
import { formatPercent } from "../render/format.js";
import { trainManyThreaded } from "../fast/many-fast.js";
import { studyJson } from "../basins/study-json.js";
import type { FigureBuilder } from "./figures.js";
import type { Study } from "./study.js";

/**
 * Draws per scheme in the landscape's init study. The full study (10,000 per scheme,
 * `loss-landscape init-study`) adds ~1.3 s even on the WebAssembly trainer; 1,000 keeps
 * the whole figure set under 2 s with Wilson intervals at most ±3.1 percentage points wide.
 */
export const LANDSCAPE_STUDY_SAMPLES = 1000;

const LOSSES: LossName[] = ["mse", "bce"];
const SERIES_COLORS: Record<LossName, { color: string; dashed: boolean }> = {
  mse: { color: "#d55e00", dashed: false },
  bce: { color: "#0072b2", dashed: true },
};

interface BasinsData {
  maps: Record<LossName, BasinMap>;
  gradNorm: Record<LossName, Float64Array>;
  study: InitStudy;
}

const cache = new WeakMap<Study, BasinsData>();

/** The many-start trainer for the maps and the study: the WebAssembly kernel on all cores (trainMany's contract and numbers). */
const trainer: ManyTrainer = trainManyThreaded;

function basinsData(s: Study): BasinsData {
  const hit = cache.get(s);
  if (hit) return hit;
  const options = { accuracyTarget: 0.95, epsilon: s.epsilon.value };
  const config = s.options.train;
  const rng = (): ReturnType<typeof seededRandom> | null => (config.shuffle ? seededRandom(s.options.seed) : null);
  const maps = {} as Record<LossName, BasinMap>;
  const gradNorm = {} as Record<LossName, Float64Array>;
  for (const loss of LOSSES) {
    maps[loss] = basinMap(s.data, DEFAULT_BASIN_GRID, { ...config, loss }, options, rng(), trainer);
    gradNorm[loss] = evaluateGridFast(loss, s.data, DEFAULT_BASIN_GRID).fields.gradNorm.data;
  }
  const study = initStudy(
    { data: s.data, schemes: defaultStudySchemes(), losses: LOSSES, samples: s.options.studySamples ?? LANDSCAPE_STUDY_SAMPLES, seed: s.options.seed, config, options },
    trainer,
  );
  const out = { maps, gradNorm, study };
  cache.set(s, out);
  return out;
}

const pct1 = (k: number, n: number): string => formatPercent(k / n);
const sci = (v: number): string => v.toExponential(1).replace("-", "−");
const pt = (p: [number, number]): string => `(${p.map((v) => String(v).replace("-", "−")).join(", ")})`;

function badCell(m: BasinMap, s: Study): { accuracy: number; reached: boolean } | null {
  const c = nearestCell(m, s.badStart[0], s.badStart[1]);
  if (!c) return null;
  return { accuracy: m.accuracy.get(c[0], c[1]), reached: m.firstEpoch.get(c[0], c[1]) >= 0 };
}

function supportBoxes(): SupportBox[] {
  return schemeSupports().map((sup, k) => ({
    half: sup.half,
    label: `${sup.schemes.join(", ")}: ${sup.description}`,
    ...SUPPORT_STYLES[k % SUPPORT_STYLES.length],
  }));
}

export const basinsFigure: FigureBuilder = {
  file: "basins.svg",
  needs: ["mse", "bce"],
  title: () => "Which starts train: basin maps under MSE and cross-entropy",
  caption(s) {
    const d = basinsData(s);
    const [m, b] = LOSSES.map((l) => summarizeBasinMap(d.maps[l]));
    const mseBad = badCell(d.maps.mse, s);
    const bceBad = badCell(d.maps.bce, s);
    const widest = Math.max(...schemeSupports().map((x) => x.half));
    const outside = Math.max(Math.abs(s.badStart[0]), Math.abs(s.badStart[1])) > widest;
    const where =
      mseBad && bceBad
        ? ` The bad start ${pt(s.badStart)} ${mseBad.reached ? "reaches" : "never reaches"} 95% under MSE (final accuracy ${formatPercent(mseBad.accuracy)}) and ${bceBad.reached ? "reaches" : "never reaches"} it under cross-entropy${outside ? "; it lies outside every init scheme's support" : ""}.`
        : "";
    return `Final accuracy after training from each of ${m.starts} starts: ${pct1(m.reached, m.starts)} of them reach 95% under MSE, ${pct1(b.reached, b.starts)} under cross-entropy.${where}`;
  },
  render(s, doc) {
    const d = basinsData(s);
    const sum = (l: LossName) => summarizeBasinMap(d.maps[l]);
    const bad = (l: LossName) => badCell(d.maps[l], s);
    const w = d.maps.mse.w;
    const b = d.maps.mse.b;
    const c = s.options.train;
    const at = (l: LossName): string => {
      const r = bad(l);
      return r ? `${formatPercent(r.accuracy)}${r.reached ? "" : " (never reaches 95%)"}` : "outside the grid";
    };
    return renderBasinsFigure(doc, {
      idPrefix: "basins",
      heading: {
        title: "Which starts train? Final accuracy from every (w, b)",
        subtitle: `Starts reaching 95% in ${c.epochs} epochs: MSE ${pct1(sum("mse").reached, sum("mse").starts)}, cross-entropy ${pct1(sum("bce").reached, sum("bce").starts)}.`,
      },
      desc:
        `Two panels over starting points w ∈ [${w[0]}, ${w[w.length - 1]}], b ∈ [${b[0]}, ${b[b.length - 1]}] (${w.length}×${b.length} starts). ` +
        `Colour: full-data accuracy after ${c.epochs} epochs of ${c.optimizer} (lr ${c.optimizerOptions.lr}, batch size ${c.batchSize}); the top band is ≥ 95%. ` +
        `Left MSE, right cross-entropy. Hatched: the loss's flat region |∇L| < ε = ${sci(s.epsilon.value)} at the start. ` +
        `The bad start ${pt(s.badStart)} ends at accuracy ${at("mse")} under MSE and ${at("bce")} under cross-entropy. ` +
        `Squares: the supports of the init schemes (pytorch and xavier U[−1, 1]², xavier-normalized U[−√3, √3]², He ±2σ with σ = √2), all inside the region that trains under both losses.`,
      panels: [
        { label: LOSS_LABELS.mse, accuracy: { w, b, values: d.maps.mse.accuracy.data }, gradNorm: { w, b, values: d.gradNorm.mse } },
        { label: LOSS_LABELS.bce, accuracy: { w, b, values: d.maps.bce.accuracy.data }, gradNorm: { w, b, values: d.gradNorm.bce } },
      ],
      epsilon: s.epsilon.value,
      flatLabel: `flat region at the start, |∇L| < ε = ${sci(s.epsilon.value)}`,
      target: 0.95,
      markers: [{ w: s.badStart[0], b: s.badStart[1], label: `bad start ${pt(s.badStart)}` }],
      markerLabel: `○ bad start ${pt(s.badStart)}`,
      supports: supportBoxes(),
    });
  },
};

export const initStudyFigure: FigureBuilder = {
  file: "init-study.svg",
  needs: ["mse", "bce"],
  title: () => "How likely each init scheme is to train",
  caption(s) {
    const st = basinsData(s).study;
    const rate = (l: LossName, named: boolean): number[] =>
      st.rows.filter((r) => (r.scheme.kind !== "normal") === named).map((r) => r.results[l]?.reached.rate ?? NaN);
    const range = (v: number[]): string => {
      const lo = Math.min(...v);
      const hi = Math.max(...v);
      return lo === hi ? formatPercent(lo) : `${formatPercent(lo)}–${formatPercent(hi)}`;
    };
    const ten = st.rows.find((r) => r.scheme.kind === "normal" && r.scheme.std === 10)?.results.mse;
    return (
      `P(reach 95% accuracy) from ${st.samples} seeded draws per scheme, with Wilson 95% intervals. ` +
      `The standard schemes (pytorch, xavier, xavier-normalized, he) succeed in ${range(rate("mse", true))} of draws under MSE and ${range(rate("bce", true))} under cross-entropy. ` +
      `For N(0, σ²) starts the MSE rate spans ${range(rate("mse", false))} as σ grows${ten ? ` (σ = 10: ${formatPercent(ten.reached.rate)})` : ""}; cross-entropy's spans ${range(rate("bce", false))}.`
    );
  },
  render(s, doc) {
    const st = basinsData(s).study;
    const c = s.options.train;
    return renderInitStudyFigure(doc, {
      idPrefix: "init-study",
      heading: {
        title: "How likely is each init to train? P(reach 95% accuracy)",
        subtitle: `${st.samples} seeded draws of (w, b) per scheme, ${c.epochs} epochs of ${c.optimizer} (lr ${c.optimizerOptions.lr}), Wilson 95% intervals.`,
      },
      desc:
        "Left: probability that training reaches 95% accuracy, per init scheme, for MSE and cross-entropy. Right: the same for N(0, σ²) starts against σ. " +
        st.rows
          .map((r) => `${r.label}: ${LOSSES.map((l) => `${LOSS_LABELS[l]} ${formatPercent(r.results[l]?.reached.rate ?? NaN)}`).join(", ")}.`)
          .join(" "),
      series: LOSSES.map((l) => ({ label: LOSS_LABELS[l], ...SERIES_COLORS[l] })),
      rows: st.rows.map((r) => ({
        label: r.label,
        std: r.std,
        isNormal: r.scheme.kind === "normal",
        results: LOSSES.map((l) => {
          const cell = r.results[l];
          return cell ? { rate: cell.reached.rate, ci: cell.reached.ci } : undefined;
        }),
      })),
      probabilityLabel: "P(reach 95% accuracy)",
    });
  },
};

/** Both figures, in gallery order. */
export const BASINS_FIGURES: FigureBuilder[] = [basinsFigure, initStudyFigure];

/** The "basins" section of landscape.json: grid, per-loss counts and the init-study table. */
export function basinsManifest(s: Study): Record<string, unknown> {
  const d = basinsData(s);
  return {
    grid: DEFAULT_BASIN_GRID,
    accuracyTarget: 0.95,
    epsilon: s.epsilon.value,
    maps: Object.fromEntries(LOSSES.map((l) => [l, { ...summarizeBasinMap(d.maps[l]), badStart: badCell(d.maps[l], s) }])),
    initStudy: studyJson(d.study),
  };
}
