// Layer-sequential unit-variance rescaling (Mishkin & Matas 2016, "All you need is a good
// init", Algorithm 1): starting from orthogonal weights, for each layer in order measure
// the variance of its pre-activations over the data (all units × samples, population)
// and divide its weights by the standard deviation until the variance is 1 ± 0.05, at
// most 10 passes per layer. Layers are processed input side first, each seeing the
// already rescaled layers below it; the output layer is rescaled too.

import { activate } from "./activations.js";
import { layerShapes, type Architecture } from "./architecture.js";
import { affine } from "./forward.js";
import { meanStd } from "./layer-stats.js";
import { sampleCount, type Table } from "./table.js";

const variance2 = (z: Float64Array): number => meanStd(z).std ** 2;

export const LSUV_TOLERANCE = 0.05;
export const LSUV_MAX_PASSES = 10;

export interface LsuvReport {
  layer: number;
  varianceBefore: number;
  varianceAfter: number;
  passes: number;
}

/** Rescales θ's weight blocks in place; returns what happened to each layer. */
export function lsuvRescale(arch: Architecture, theta: Float64Array, data: Table): LsuvReport[] {
  const shapes = layerShapes(arch);
  const n = sampleCount(data);
  const reports: LsuvReport[] = [];
  let input = data.x;
  for (const s of shapes) {
    const z = new Float64Array(n * s.fanOut);
    affine(theta, s, input, n, z);
    const before = variance2(z);
    let variance = before;
    let passes = 0;
    while (passes < LSUV_MAX_PASSES && Math.abs(variance - 1) >= LSUV_TOLERANCE && variance > 0 && Number.isFinite(variance)) {
      const scale = 1 / Math.sqrt(variance);
      for (let j = s.weightOffset; j < s.biasOffset; j++) theta[j] *= scale;
      affine(theta, s, input, n, z);
      variance = variance2(z);
      passes++;
    }
    reports.push({ layer: s.index, varianceBefore: before, varianceAfter: variance, passes });
    if (s.index < shapes.length - 1) {
      const a = new Float64Array(z.length), d1 = new Float64Array(z.length);
      activate(arch.activation, z, a, d1, null);
      input = a;
    }
  }
  return reports;
}
