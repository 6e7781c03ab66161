// The figure set written by `landscape`: a list of builders, each a pure function from
// the study's data to one SVG, its title and its caption. Adding a figure is one more
// entry in FIGURES; its numbers belong in the study stage (study.ts, claims.ts).

import { BASINS_FIGURES } from "./basins-figures.js";
import { comparisonFigure, gradientNormFigure, landscapeFigure } from "./landscape-figures.js";
import { lossCurvesFigure, saturationFigure } from "./line-figures.js";
import type { FigureBuilder, Study } from "./types.js";

export { mseStalls, runLabel } from "./figure-parts.js";
export { SATURATED_BELOW } from "./claims.js";
export type { FigureBuilder, FigureOptions } from "./types.js";

/** The landscape figures, in gallery order. */
export const CORE_FIGURES: FigureBuilder[] = [
  landscapeFigure("mse"),
  landscapeFigure("bce"),
  gradientNormFigure,
  lossCurvesFigure,
  comparisonFigure,
  saturationFigure,
];

/** The one-neuron figures, in gallery order (network-section.ts's FIGURE_SET adds the networks section). */
export const FIGURES: FigureBuilder[] = [...CORE_FIGURES, ...BASINS_FIGURES];

/** The figure files, in gallery order: the names `--figures` accepts. */
export const FIGURE_FILES: readonly string[] = FIGURES.map((f) => f.file);

/** The builders the study has the data for: its losses and its computed parts. */
export function figuresFor(study: Study, figures: FigureBuilder[] = FIGURES): FigureBuilder[] {
  return figures.filter(
    (f) =>
      f.needs.every((l) => study.options.losses.includes(l)) &&
      (f.part === undefined || (f.part === "basins" ? study.basins !== undefined : study.initStudy !== undefined)) &&
      (f.networks !== true || study.networks !== undefined) &&
      (f.geometry !== true || study.networks?.geometry !== undefined),
  );
}
