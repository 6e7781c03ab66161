// The default ε of the vanishing-gradient region {|∇L| < ε}, chosen from the data.
//
// Rule: ε = D / (lr · T), where T is the number of SGD steps in a run (epochs ·
// ⌈n / batch⌉), lr the learning rate and D the distance from the bad start to where
// MSE training from the other (proper) starts ends. A plain SGD step moves the params
// by lr·|g|, so where |∇L| < ε even T full steps at that slope, all in one direction,
// cover less than D: the distance a working run actually travels. Such a region is
// flat on the scale of the training budget, whatever the loss value there.
// With the defaults: D ≈ 15.7, lr = 2, T = 50 · 20 = 1000, so ε ≈ 7.8e-3.

import type { GridResult } from "../numerics/grid.js";
import type { TrainConfig } from "../train/train.js";
import { stepsPerEpoch } from "../train/train.js";
import type { EpsilonChoice, Run } from "./types.js";

export type { EpsilonChoice };

export function autoEpsilon(
  runs: Run[],
  badIndex: number,
  badStart: [number, number],
  mseGrid: GridResult,
  config: TrainConfig,
  n: number,
): EpsilonChoice {
  const ends = runs.filter((r) => r.loss === "mse" && r.startIndex !== badIndex).map((r) => r.result.final);
  let target: string;
  if (ends.length === 0) {
    // No proper MSE run to learn D from: fall back to the best MSE point of the grid.
    ends.push(gridArgmin(mseGrid));
    target = "the lowest MSE on the grid";
  } else {
    target = "the mean end point of MSE training from the proper inits";
  }
  const mean: [number, number] = [ends.reduce((s, p) => s + p[0], 0) / ends.length, ends.reduce((s, p) => s + p[1], 0) / ends.length];
  const distance = Math.hypot(mean[0] - badStart[0], mean[1] - badStart[1]);
  const steps = config.epochs * stepsPerEpoch(n, config.batchSize);
  const budget = config.optimizerOptions.lr * steps;
  const value = distance / budget;
  return {
    value,
    distance,
    budget,
    rule: `ε = D / (lr·T) = ${distance.toFixed(2)} / (${config.optimizerOptions.lr} · ${steps}) with D the distance from the bad start to ${target}`,
  };
}

function gridArgmin(g: GridResult): [number, number] {
  const v = g.fields.loss.data;
  let k = 0;
  for (let i = 1; i < v.length; i++) if (v[i] < v[k]) k = i;
  const cols = g.w.length;
  return [g.w[k % cols], g.b[Math.floor(k / cols)]];
}
