// Labels, markers and field views shared by the figure builders in figures.ts.

import { LOSS_LABELS, type LossName } from "../numerics/losses.js";
import type { GridResult } from "../numerics/grid.js";
import { formatPercent, runColor, type GridField, type LabelledTrajectory, type PointMarker, type ScaleType } from "../render/index.js";
import type { FigureOptions } from "./figures.js";
import { initLabel, type Run, type Study } from "./study.js";

export const stem = (file: string): string => file.replace(/\.svg$/, "");
export const num = (v: number, digits = 2): string => v.toFixed(digits).replace("-", "−");
export const pt = (p: [number, number]): string => `(${num(p[0])}, ${num(p[1])})`;
export const sci = (v: number): string => v.toExponential(1).replace("-", "−");

export const field = (g: GridResult, name: "loss" | "gradNorm"): GridField => ({ w: g.w, b: g.b, values: g.fields[name].data });

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

export const epsLabel = (study: Study): string => `|∇L| < ε = ${sci(study.epsilon.value)}: vanishing gradient`;

export function badMarker(study: Study): PointMarker {
  return { w: study.badStart[0], b: study.badStart[1], label: `bad start ${pt(study.badStart).replace(/\.00/g, "")}` };
}

/**
 * Whether the MSE run from the bad start stalled while cross-entropy trained, as the
 * tutorial says: the headlines only claim it when the numbers of this study show it
 * (other flags may give other outcomes). Trained = accuracy ≥ 95%.
 */
export function mseStalls(study: Study): boolean {
  const run = (loss: LossName) => study.runs.find((r) => r.loss === loss && r.startIndex === study.badStartIndex);
  const m = run("mse");
  const c = run("bce");
  return m !== undefined && m.result.accuracy < 0.95 && (c === undefined || c.result.accuracy >= 0.95);
}

export const lossScale = (loss: LossName, o: FigureOptions): ScaleType => (o.scale !== "auto" ? o.scale : loss === "mse" ? "linear" : "log");
