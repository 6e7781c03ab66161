// What a slice will cost before it starts: one float64 forward and backward pass per
// point over all samples, about 7.6 ns per point·sample·parameter on the reference
// machine (a 51² slice of a 2-16-16-16-1 network, P = 609, on 1000 samples took 12.1 s:
// README, "Speed"), plus formatting each point (estimate.ts's writePoint).

import { COST_NS, type Cost } from "./estimate.js";

/** Per point·sample·parameter, nanoseconds. */
export const SLICE_NS = 7.6;

const n = (v: number): string => v.toLocaleString("en-US");

export function sliceCost(cols: number, rows: number, samples: number, parameters: number): Cost {
  const points = cols * rows;
  return {
    seconds: (points * (samples * parameters * SLICE_NS + COST_NS.writePoint)) / 1e9,
    what: `${n(cols)}×${n(rows)} points × ${n(samples)} samples × ${n(parameters)} parameters`,
  };
}
