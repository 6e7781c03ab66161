// What a slice will cost before it starts: one forward and backward pass per point over
// all samples on the network kernel (../fast/nn-slice-fast.ts), about 0.6 ns per
// point·sample·parameter on the reference machine (a 51² slice of a 2-16-16-16-1 network,
// P = 609, on 1000 samples: 0.94 s wall), plus formatting each point (estimate.ts's
// writePoint).

import { COST_NS, type Cost } from "./cost.js";

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

/**
 * The stages before the points, which a slice also pays: the directions (eigen: a
 * Lanczos run for the top two, assumed 2·2 + 40 steps as hessian-cost.ts does, each an
 * exact H·v; pca: the trajectory's T×P centered matrix and its Gram products) and the
 * projected trajectory (two loss evaluations per saved point).
 */
export function sliceStagesCost(kind: string, samples: number, parameters: number, trajectoryPoints: number): Cost {
  const ps = samples * parameters;
  const T = trajectoryPoints;
  const directions = kind === "eigen" ? Math.min(parameters, 44) * COST_NS.hessianParam2Sample * ps : kind === "pca" ? T * parameters * Math.min(T, parameters) * COST_NS.eigenParam3 * 2 : 0;
  const projection = T * 2 * ps * COST_NS.networkParamSample;
  const parts = [kind === "eigen" ? "the top-2 Hessian eigenvectors" : kind === "pca" ? `PCA of ${n(T)} saved points` : "", T > 0 ? `projecting ${n(T)} saved points` : ""].filter((s) => s !== "");
  return { seconds: (directions + projection) / 1e9, what: parts.join(", ") };
}

/** Two costs as one job: seconds added, sizes listed. */
export function addCosts(a: Cost, b: Cost): Cost {
  return { seconds: a.seconds + b.seconds, what: [a.what, b.what].filter((s) => s !== "").join(", "), ...(a.memory ?? b.memory ? { memory: a.memory ?? b.memory } : {}) };
}
