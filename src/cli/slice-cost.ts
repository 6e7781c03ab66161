// What a slice will cost before it starts: one forward and backward pass per point over
// all samples on the network kernel (../fast/nn-slice-fast.ts), about 0.6 ns per
// point·sample·parameter on the reference machine (a 51² slice of a 2-16-16-16-1 network,
// P = 609, on 1000 samples: 0.94 s wall), plus formatting each point (estimate.ts's
// writePoint).

import { COST_NS, type Cost } from "./estimate.js";

/** Per point·sample·parameter, nanoseconds. */
export const SLICE_NS = 0.6;

const n = (v: number): string => v.toLocaleString("en-US");

export function sliceCost(cols: number, rows: number, samples: number, parameters: number): Cost {
  const points = cols * rows;
  return {
    seconds: (points * (samples * parameters * SLICE_NS + COST_NS.writePoint)) / 1e9,
    what: `${n(cols)}×${n(rows)} points × ${n(samples)} samples × ${n(parameters)} parameters`,
  };
}
