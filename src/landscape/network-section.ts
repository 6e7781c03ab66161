// The networks section of the figure set, in gallery order: each figure a pure function
// of the study's networks part (network-study.ts).

import { LOSS_LABELS } from "../numerics/losses.js";
import { layerStatsFigure, list, netContext, networkCurvesFigure, networks, netTraining } from "./network-figures.js";
import { networkSliceFigure } from "./network-slice-figure.js";
import { networkSpectrumFigure } from "./network-spectrum-figure.js";
import { FIGURES } from "./figures.js";
import { runNetworkStudy } from "./network-study.js";
import { networkGeometry } from "./network-geometry.js";
import { networkConnectFigure, networkSharpnessFigure } from "./network-geometry-figures.js";
import type { FigureBuilder, Progress, Study } from "./types.js";

/** The gallery's heading and introduction of the section, from the study. */
export function networkSection(s: Study): { title: string; intro: string } {
  const n = networks(s);
  const from = (loss: string): string[] => n.runs.filter((r) => r.loss === loss).map((r) => (r.startIndex === 0 ? `the bad start ${r.initText}` : r.initText));
  const parts = (["mse", "bce"] as const).filter((l) => from(l).length > 0).map((l) => `under ${LOSS_LABELS[l]} from ${list(from(l))}`);
  return {
    title: "Networks: the same story at depth",
    intro: `A ${netContext(n).replace(" on ", " network on ")}, trained with ${netTraining(n)}: ${parts.join("; ")}.`,
  };
}

export const NETWORK_FIGURES: FigureBuilder[] = [layerStatsFigure, networkCurvesFigure, networkSliceFigure, networkSpectrumFigure, networkSharpnessFigure, networkConnectFigure].map((f) => ({
  ...f,
  section: networkSection,
}));

/** The networks section's geometry figures (--no-geometry skips them and their work). */
export const GEOMETRY_FIGURES: FigureBuilder[] = NETWORK_FIGURES.filter((f) => f.geometry === true);

/** Every figure `landscape` writes, in gallery order: the one-neuron set, then the networks section. */
export const FIGURE_SET: FigureBuilder[] = [...FIGURES, ...NETWORK_FIGURES];

/**
 * The study with its networks part when `wanted` (a networks figure is drawn), and the
 * part's geometry when `geometryWanted` (sharpness.svg or connect.svg is drawn). The
 * section has its own model, data and losses: only the seed is shared. It is
 * added here rather than inside runStudy, so the explorer page, which bundles runStudy,
 * carries none of it.
 */
export function withNetworks(study: Study, wanted: boolean, progress: Progress = () => {}, geometryWanted = wanted): Study {
  if (!wanted) return study;
  const n = runNetworkStudy(study.options.seed, progress);
  return { ...study, networks: geometryWanted ? { ...n, geometry: networkGeometry(n, progress) } : n };
}
