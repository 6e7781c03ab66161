// The flat region's ε for a slice figure, by the rule of the (w, b) figures
// (../landscape/epsilon.ts): ε = D / (lr · T). A plain SGD step moves θ by lr·‖∇L‖, so
// where ‖∇L‖ < ε even T full steps in one direction cover less than D. Here D is the
// distance from θ* to the farthest corner of the plotted plane (max ‖α d1 + β d2‖ over
// the corners: the largest move the picture shows), and lr and T are `train`'s defaults
// on this data (T = epochs · ⌈n / batch⌉). Such a region is flat on the scale of a
// default training run, whatever the loss value there.

import { DEFAULT_TRAIN_CONFIG, stepsPerEpoch, type TrainConfig } from "../train/train.js";
import { dot } from "./vector.js";

export interface SliceEpsilon {
  value: number;
  distance: number;
  /** lr · T. */
  budget: number;
  rule: string;
}

/** ε = D / (lr·T) for the slice over [α0, α1] × [β0, β1] (β ignored for a line, d2 null). */
export function sliceEpsilon(
  d1: Float64Array,
  d2: Float64Array | null,
  alpha: [number, number],
  beta: [number, number] | null,
  samples: number,
  config: Pick<TrainConfig, "epochs" | "batchSize" | "optimizerOptions"> = DEFAULT_TRAIN_CONFIG,
): SliceEpsilon {
  const g11 = dot(d1, d1);
  const g12 = d2 ? dot(d1, d2) : 0;
  const g22 = d2 ? dot(d2, d2) : 0;
  let distance = 0;
  for (const a of alpha) {
    for (const b of d2 && beta ? beta : [0]) distance = Math.max(distance, Math.sqrt(Math.max(0, a * a * g11 + 2 * a * b * g12 + b * b * g22)));
  }
  const steps = config.epochs * stepsPerEpoch(samples, config.batchSize);
  const lr = config.optimizerOptions.lr;
  const budget = lr * steps;
  const value = distance / budget;
  return {
    value,
    distance,
    budget,
    rule: `ε = D / (lr·T) = ${distance.toPrecision(3)} / (${lr} · ${steps}), D the distance from θ* to the plot's farthest corner, lr and T = ${config.epochs} epochs × ${stepsPerEpoch(samples, config.batchSize)} steps train's defaults`,
  };
}
