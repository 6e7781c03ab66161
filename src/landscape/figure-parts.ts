// Labels, markers and field views shared by the figure builders in figures.ts.

import { LOSS_LABELS, type LossName } from "../numerics/losses.js";
import type { GridResult } from "../numerics/grid.js";
import { formatPercent, runColor, type GridField, type LabelledTrajectory, type PointMarker, type ScaleType } from "../render/index.js";
import { initLabel } from "./study.js";
import type { FigureOptions, Run, Study } from "./types.js";

export const stem = (file: string): string => file.replace(/\.svg$/, "");
export const num = (v: number, digits = 2): string => v.toFixed(digits).replace("-", "−");
export const pt = (p: [number, number]): string => `(${num(p[0])}, ${num(p[1])})`;
export const sci = (v: number): string => v.toExponential(1).replace("-", "−");

export const field = (g: GridResult, name: "loss" | "gradNorm" | "accuracy"): GridField => ({ w: g.w, b: g.b, values: g.fields[name].data });

export function grid(study: Study, loss: LossName): GridResult {
  const g = study.grids[loss];
  if (!g) throw new Error(`no ${loss} grid in the study`);
  return g;
}

/** Legend text of a run: loss, init (and its start when random) and final accuracy. */
export function runLabel(study: Study, r: Run): string {
  const init = r.startIndex === study.badStartIndex && r.init.kind === "fixed" ? `bad start ${initLabel(r.init)}` : r.init.kind === "fixed" ? initLabel(r.init) : `${initLabel(r.init)} ${pt(r.start)}`;
  return `${LOSS_LABELS[r.loss]}, ${init}: acc. ${formatPercent(r.result.accuracy)}`;
}

export function trajectory(study: Study, r: Run, dashed = false): LabelledTrajectory {
  return { key: r.key, color: runColor(r.startIndex), w: r.result.w, b: r.result.b, epochEnds: r.result.epochEnds, dashed, label: runLabel(study, r) };
}

export const epsLabel = (study: Study): string =>
  `|∇L| < ε = ${sci(study.epsilon.value)}, accuracy < ${targetText(study)}: plateau (vanishing gradient)`;

export const floorLabel = (study: Study): string => `|∇L| < ε, accuracy ≥ ${targetText(study)}: minimum's floor (converged)`;

/** The flat region of a grid, split into plateau (model wrong) and floor (model right). */
export function flatRegion(study: Study, g: GridResult): { gradNorm: GridField; epsilon: number; split: { accuracy: GridField; target: number } } {
  return { gradNorm: field(g, "gradNorm"), epsilon: study.epsilon.value, split: { accuracy: field(g, "accuracy"), target: study.accuracyTarget } };
}

export function badMarker(study: Study): PointMarker {
  return { w: study.badStart[0], b: study.badStart[1], label: `bad start ${pt(study.badStart).replace(/\.00/g, "")}` };
}

/** Whether the MSE run from the bad start stalled while cross-entropy trained (claims.ts). */
export const mseStalls = (study: Study): boolean => study.claims.mseStalls;

/** "95%": the accuracy target as the captions print it. */
export const targetText = (study: Study): string => formatPercent(study.accuracyTarget);

/** "SGD", "SGD with momentum" or "Adam": the optimizer of the study's runs. */
export function optimizerText(study: Study): string {
  const o = study.options.train.optimizer;
  return o === "sgd" ? "SGD" : o === "momentum" ? "SGD with momentum" : "Adam";
}

export const lossScale = (loss: LossName, o: FigureOptions): ScaleType => (o.scale !== "auto" ? o.scale : loss === "mse" ? "linear" : "log");
